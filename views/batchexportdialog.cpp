#include "batchexportdialog.h"

#include "batchline.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
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
                                        : tr("All %1 batch files").arg(QLocale().toString(files)));
    m_all->setObjectName(u"allFiles"_s);
    (selected > 0 ? m_one : m_all)->setChecked(true);
    layout->addWidget(m_one);
    layout->addWidget(m_all);

    auto *form = new QFormLayout;
    auto *pathRow = new QHBoxLayout;
    m_path = new QLineEdit;
    m_path->setObjectName(u"pathEdit"_s);
    m_path->setMinimumWidth(380);
    auto *browseButton = new QPushButton(tr("&Browse…"));
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);
    auto *pathLabel = new QLabel(tr("F&ile:"));
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);
    layout->addLayout(form);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    layout->addWidget(m_buttons);

    const QString directory =
        QSettings()
            .value(directoryKey,
                   QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .toString();
    const QString name = selected > 0 ? QFileInfo(batchFileName(selected)).completeBaseName()
                                      : u"messages_batches"_s;
    m_path->setText(QDir(directory).filePath(name + u".json"_s));

    connect(m_one, &QRadioButton::toggled, this, [this](bool one) {
        const QFileInfo info(path());
        const QString name =
            one ? QFileInfo(batchFileName(m_selected)).completeBaseName() : u"messages_batches"_s;
        m_path->setText(QDir(info.path()).filePath(name + u".json"_s));
    });
    connect(browseButton, &QPushButton::clicked, this, &BatchExportDialog::browse);
    connect(m_path, &QLineEdit::textChanged, this, &BatchExportDialog::updateButtons);
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
    return m_path->text().trimmed();
}

void BatchExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

void BatchExportDialog::accept()
{
    QSettings().setValue(directoryKey, QFileInfo(path()).absolutePath());
    QDialog::accept();
}

void BatchExportDialog::browse()
{
    const QString chosen =
        QFileDialog::getSaveFileName(this, tr("Export to"), path(), tr("JSON files (*.json)"));
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void BatchExportDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty());
}

} // namespace porthole
