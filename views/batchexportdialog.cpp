#include "batchexportdialog.h"

#include "batchline.h"
#include "filepathfield.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString directoryKey = u"export/directory"_s;

} // namespace

BatchExportDialog::BatchExportDialog(const QString &folder, qint64 selected, int files,
                                     QWidget *parent)
    : QDialog(parent)
    , m_selected(selected)
{
    setWindowTitle(tr("Export Batch Files"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Writes the messages of %1 as JSON, in the shape of the "
                                "receiver's export_to_json: timestamp, message_number, content.")
                                 .arg(QDir::toNativeSeparators(folder)));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_one = new QRadioButton(selected > 0 ? tr("Only %1").arg(batchFileName(selected))
                                          : tr("Only the selected batch file (none is selected)"));
    m_one->setObjectName(u"oneFile"_s);
    m_one->setEnabled(selected > 0);
    m_all = new QRadioButton(files == 1 ? tr("The one batch file")
                                        : tr("All %Ln batch files", nullptr, files));
    m_all->setObjectName(u"allFiles"_s);
    (selected > 0 ? m_one : m_all)->setChecked(true);
    layout->addWidget(m_one);
    layout->addWidget(m_all);

    auto *form = new QFormLayout;
    m_path = new FilePathField;
    m_path->setFilter(tr("JSON files (*.json)"));
    form->addRow(tr("F&ile:"), m_path);
    layout->addLayout(form);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    layout->addWidget(m_buttons);

    const QString name = selected > 0 ? QFileInfo(batchFileName(selected)).completeBaseName()
                                      : u"messages_batches"_s;
    m_path->setRemembered(directoryKey, name + u".json"_s);

    connect(m_one, &QRadioButton::toggled, this, [this](bool one) {
        const QFileInfo info(path());
        const QString name =
            one ? QFileInfo(batchFileName(m_selected)).completeBaseName() : u"messages_batches"_s;
        m_path->setPath(QDir(info.path()).filePath(name + u".json"_s));
    });
    connect(m_path, &FilePathField::pathChanged, this, &BatchExportDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &BatchExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &BatchExportDialog::reject);
    updateButtons();
}

std::optional<qint64> BatchExportDialog::batch() const
{
    if (m_one->isChecked() && m_selected > 0)
        return m_selected;
    return std::nullopt;
}

void BatchExportDialog::setAll(bool all)
{
    (all || m_selected <= 0 ? m_all : m_one)->setChecked(true);
}

QString BatchExportDialog::path() const
{
    return m_path->path();
}

void BatchExportDialog::setPath(const QString &path)
{
    m_path->setPath(path);
}

void BatchExportDialog::accept()
{
    m_path->remember();
    QDialog::accept();
}

void BatchExportDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty());
}

} // namespace porthole
