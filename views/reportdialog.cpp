#include "reportdialog.h"

#include "filepathfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString directoryKey = u"report/directory"_s;
const QString formatKey = u"report/format"_s;

QDateTimeEdit *timeEdit()
{
    auto *edit = new QDateTimeEdit;
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(u"yyyy-MM-dd HH:mm 'UTC'"_s);
    edit->setCalendarPopup(true);
    return edit;
}

} // namespace

ReportDialog::ReportDialog(const QString &batchFolder, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Report"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("A report of the pipeline over a time range, for someone without Porthole: what was "
           "received and stored, dead letters created, replayed and open, components unhealthy "
           "or stale, dead letters grouped by error, charts, batch-file integrity and the "
           "operator actions of the range."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_from = timeEdit();
    m_from->setObjectName(u"fromEdit"_s);
    m_to = timeEdit();
    m_to->setObjectName(u"toEdit"_s);
    form->addRow(tr("F&rom:"), m_from);
    form->addRow(tr("&To:"), m_to);
    auto *presets = new QHBoxLayout;
    for (const auto &[label, days] :
         {std::pair{tr("Last &day"), 1}, {tr("Last &week"), 7}, {tr("Last &30 days"), 30}}) {
        auto *button = new QPushButton(label);
        connect(button, &QPushButton::clicked, this, [this, days = days] { setLastDays(days); });
        presets->addWidget(button);
    }
    presets->addStretch();
    form->addRow(QString(), presets);

    m_batches = new QCheckBox(
        batchFolder.isEmpty()
            ? tr("Check the batch files (no batch-file folder is open)")
            : tr("Check the batch files in %1").arg(QDir::toNativeSeparators(batchFolder)));
    m_batches->setObjectName(u"batchesBox"_s);
    m_batches->setEnabled(!batchFolder.isEmpty());
    m_batches->setChecked(!batchFolder.isEmpty());
    form->addRow(QString(), m_batches);

    m_compare = new QComboBox;
    m_compare->setObjectName(u"compareBox"_s);
    m_compare->addItem(tr("No comparison"), 0);
    m_compare->addItem(tr("The same range a day before"), 86400);
    m_compare->addItem(tr("The same range a week before"), 7 * 86400);
    m_compare->setToolTip(tr("Charts with each series as it was then, dashed, and the dead "
                             "letters' errors of both ranges side by side"));
    form->addRow(tr("Co&mpare with:"), m_compare);

    m_format = new QComboBox;
    m_format->setObjectName(u"formatBox"_s);
    m_format->addItem(tr("PDF (A4, to print or mail)"), int(Format::Pdf));
    m_format->addItem(tr("HTML (one self-contained file)"), int(Format::Html));
    form->addRow(tr("&Format:"), m_format);

    m_path = new FilePathField;
    form->addRow(tr("F&ile:"), m_path);
    layout->addLayout(form);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Write Re&port"));
    layout->addWidget(m_buttons);

    m_path->setRemembered(
        directoryKey, u"porthole-report-%1.pdf"_s.arg(QDate::currentDate().toString(Qt::ISODate)));
    setLastDays(1);
    setFormat(QSettings().value(formatKey).toString() == u"html"_s ? Format::Html : Format::Pdf);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportDialog::onFormatChanged);
    connect(m_path, &FilePathField::pathChanged, this, &ReportDialog::updateButtons);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &ReportDialog::updateButtons);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &ReportDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ReportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ReportDialog::reject);
    updateButtons();
}

QDateTime ReportDialog::from() const
{
    return m_from->dateTime().toUTC();
}

QDateTime ReportDialog::to() const
{
    return m_to->dateTime().toUTC();
}

void ReportDialog::setRange(const QDateTime &from, const QDateTime &to)
{
    m_from->setDateTime(from.toUTC());
    m_to->setDateTime(to.toUTC());
}

void ReportDialog::setLastDays(int days)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime end = now.addSecs(60 - now.time().second()); // the next whole minute
    setRange(end.addDays(-days), end);
}

bool ReportDialog::checkBatchFiles() const
{
    return m_batches->isEnabled() && m_batches->isChecked();
}

ReportDialog::Format ReportDialog::format() const
{
    return static_cast<Format>(m_format->currentData().toInt());
}

void ReportDialog::setFormat(Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
    onFormatChanged();
}

qint64 ReportDialog::compareSeconds() const
{
    return m_compare->currentData().toLongLong();
}

void ReportDialog::setCompareSeconds(qint64 seconds)
{
    m_compare->setCurrentIndex(std::max(0, m_compare->findData(seconds)));
}

QString ReportDialog::path() const
{
    return m_path->path();
}

void ReportDialog::setPath(const QString &path)
{
    m_path->setPath(path);
}

void ReportDialog::accept()
{
    m_path->remember();
    QSettings().setValue(formatKey, format() == Format::Html ? u"html"_s : u"pdf"_s);
    QDialog::accept();
}

// The file's suffix follows the format.
void ReportDialog::onFormatChanged()
{
    const QFileInfo info(path());
    const QString suffix = format() == Format::Pdf ? u"pdf"_s : u"html"_s;
    m_path->setFilter(format() == Format::Pdf ? tr("PDF files (*.pdf)")
                                              : tr("HTML files (*.html)"));
    if (!path().isEmpty())
        m_path->setPath(QDir(info.path()).filePath(info.completeBaseName() + u'.' + suffix));
}

void ReportDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty() && from() < to());
}

} // namespace porthole
