#include "exportdialog.h"

#include "filepathfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString directoryKey = u"export/directory"_s;
const QString formatKey = u"export/format"_s;
const QString bomKey = u"export/bom"_s;

QString suffixOf(ExportFormat format)
{
    return exportFormatName(format);
}

} // namespace

ExportDialog::ExportDialog(const QString &table, const QString &what,
                           const QList<ExportColumn> &columns, QWidget *parent)
    : QDialog(parent)
    , m_columns(columns)
{
    setWindowTitle(tr("Export %1").arg(table));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Writes %1 in the order shown: every row the filter matches, not only those read so "
           "far.")
            .arg(what));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_format = new QComboBox;
    m_format->setObjectName(u"formatBox"_s);
    m_format->addItem(tr("CSV (comma-separated, RFC 4180)"), int(ExportFormat::Csv));
    m_format->addItem(tr("JSON (one array)"), int(ExportFormat::Json));
    m_format->addItem(tr("JSON Lines (an object a line)"), int(ExportFormat::JsonLines));
    form->addRow(tr("&Format:"), m_format);
    m_bom = new QCheckBox(tr("Begin with a byte order mark (for spreadsheets that need it to "
                             "read UTF-8)"));
    m_bom->setObjectName(u"bomBox"_s);
    form->addRow(QString(), m_bom);

    m_path = new FilePathField;
    form->addRow(tr("F&ile:"), m_path);
    layout->addLayout(form);

    auto *columnsLabel = new QLabel(tr("&Columns:"));
    m_columnList = new QListWidget;
    m_columnList->setObjectName(u"columnList"_s);
    columnsLabel->setBuddy(m_columnList);
    for (const ExportColumn &column : columns) {
        const QString title =
            QCoreApplication::translate("ExportColumn", column.title.toUtf8().constData());
        auto *item = new QListWidgetItem(u"%1  (%2)"_s.arg(title, column.name));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setData(Qt::UserRole, column.name);
        m_columnList->addItem(item);
    }
    // Every column in view up to twenty of them: a table's usual columns are read at a glance.
    if (m_columnList->count() > 0)
        m_columnList->setMinimumHeight(std::min(m_columnList->count(), 20) *
                                           m_columnList->sizeHintForRow(0) +
                                       2 * m_columnList->frameWidth());
    auto *allNone = new QHBoxLayout;
    auto *all = new QPushButton(tr("&All"));
    auto *none = new QPushButton(tr("&None"));
    allNone->addWidget(columnsLabel);
    allNone->addStretch();
    allNone->addWidget(all);
    allNone->addWidget(none);
    layout->addLayout(allNone);
    layout->addWidget(m_columnList, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    layout->addWidget(m_buttons);

    const QSettings settings;
    const ExportFormat format =
        exportFormatNamed(settings.value(formatKey).toString()).value_or(ExportFormat::Csv);
    m_bom->setChecked(settings.value(bomKey, false).toBool());
    const QString name =
        u"%1-%2"_s.arg(table, QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s));
    m_path->setRemembered(directoryKey, name + u'.' + suffixOf(format));
    setFormat(format);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
    connect(all, &QPushButton::clicked, this, [this] { setAllChecked(true); });
    connect(none, &QPushButton::clicked, this, [this] { setAllChecked(false); });
    connect(m_columnList, &QListWidget::itemChanged, this, &ExportDialog::updateButtons);
    connect(m_path, &FilePathField::pathChanged, this, &ExportDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    updateButtons();
}

QString ExportDialog::path() const
{
    return m_path->path();
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setPath(path);
}

ExportSettings ExportDialog::settings() const
{
    ExportSettings settings;
    settings.format = static_cast<ExportFormat>(m_format->currentData().toInt());
    settings.byteOrderMark = settings.format == ExportFormat::Csv && m_bom->isChecked();
    for (int i = 0; i < m_columnList->count(); ++i) {
        const QListWidgetItem *item = m_columnList->item(i);
        if (item->checkState() == Qt::Checked)
            settings.columns << item->data(Qt::UserRole).toString();
    }
    return settings;
}

void ExportDialog::setFormat(ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
    onFormatChanged();
}

void ExportDialog::accept()
{
    m_path->remember();
    QSettings settings;
    settings.setValue(formatKey, exportFormatName(this->settings().format));
    settings.setValue(bomKey, m_bom->isChecked());
    QDialog::accept();
}

// The file's suffix follows the format, unless the file has a suffix of no format.
void ExportDialog::onFormatChanged()
{
    const ExportFormat format = settings().format;
    m_bom->setEnabled(format == ExportFormat::Csv);
    m_path->setFilter(format == ExportFormat::Csv    ? tr("CSV files (*.csv)")
                      : format == ExportFormat::Json ? tr("JSON files (*.json)")
                                                     : tr("JSON Lines files (*.jsonl)"));
    const QString current = path();
    if (!current.isEmpty() && exportFormatForPath(current)) {
        const QFileInfo info(current);
        m_path->setPath(
            QDir(info.path()).filePath(info.completeBaseName() + u'.' + suffixOf(format)));
    }
}

void ExportDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!path().isEmpty() && !settings().columns.isEmpty());
}

void ExportDialog::setAllChecked(bool checked)
{
    for (int i = 0; i < m_columnList->count(); ++i)
        m_columnList->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

} // namespace porthole
