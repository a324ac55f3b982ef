#include "exportcontroller.h"

#include "batchespane.h"
#include "batchexportdialog.h"
#include "batchfilelistmodel.h"
#include "batchline.h"
#include "commandio.h"
#include "exportdialog.h"
#include "pane.h"
#include "tableexport.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int progressSteps = 1000;

} // namespace

ExportController::ExportController(ConnectionFactory factory, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_export(new TableExport(std::move(factory), this))
{
    connect(m_export, &TableExport::progress, this, &ExportController::onProgress);
    connect(m_export, &TableExport::finished, this, &ExportController::onFinished);
    connect(m_export, &TableExport::failed, this, &ExportController::onFailed);
}

void ExportController::exportPane(Pane *pane)
{
    if (!pane || !pane->canExport())
        return;
    const auto source = pane->exportSource();
    auto *batches = qobject_cast<BatchesPane *>(pane);
    if (!source && !batches) {
        pane->exportOwn();
        return;
    }
    if (isRunning()) {
        Q_EMIT statusMessage(tr("An export is under way already; wait for it to finish."));
        return;
    }
    if (batches) {
        exportBatches(batches->folder(), batches->selectedBatchId(),
                      batches->fileModel()->rowCount());
        return;
    }
    if (m_dialog)
        m_dialog->deleteLater();
    m_dialog =
        new ExportDialog(source->table(), pane->exportDescription(), source->columns(), m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, [this, source, dialog = m_dialog] {
        start(source, dialog->settings(), dialog->path());
    });
    m_dialog->open();
}

void ExportController::exportBatches(const QString &folder, qint64 selected, int files)
{
    if (m_batchDialog)
        m_batchDialog->deleteLater();
    m_batchDialog = new BatchExportDialog(folder, selected, files, m_window);
    m_batchDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_batchDialog, &QDialog::accepted, this, [this, folder, dialog = m_batchDialog] {
        startBatches(folder, dialog->batch(), dialog->path());
    });
    m_batchDialog->open();
}

bool ExportController::start(std::shared_ptr<const ExportSource> source,
                             const ExportSettings &settings, const QString &path)
{
    if (!source)
        return false;
    const QString table = source->table();
    if (!m_export->start(std::move(source), settings, path)) {
        Q_EMIT statusMessage(tr("An export is under way already; wait for it to finish."));
        return false;
    }
    started(tr("rows of %1").arg(table), table, path);
    return true;
}

bool ExportController::startBatches(const QString &folder, std::optional<qint64> batch,
                                    const QString &path)
{
    if (!m_export->startBatches(folder, batch, path)) {
        Q_EMIT statusMessage(tr("An export is under way already; wait for it to finish."));
        return false;
    }
    started(tr("messages"), batch ? batchFileName(*batch) : tr("the batch files"), path);
    return true;
}

void ExportController::started(const QString &rowsOf, const QString &table, const QString &path)
{
    m_rowsOf = rowsOf;
    m_table = table;
    m_path = path;
    m_cancelled = false;
    delete m_progress;
    m_progress = new QProgressDialog(m_window);
    m_progress->setObjectName(u"exportProgress"_s);
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setLabelText(tr("Exporting %1 to %2…").arg(m_table, path));
    m_progress->setRange(0, 0);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(0);
    connect(m_progress, &QProgressDialog::canceled, this, &ExportController::cancel);
    m_progress->show();
    Q_EMIT statusMessage(tr("Exporting %1 to %2…").arg(m_table, path));
}

bool ExportController::isRunning() const
{
    return m_export->isRunning();
}

void ExportController::cancel()
{
    m_cancelled = true;
    m_export->cancel();
}

void ExportController::onProgress(qint64 rows, qint64 total, bool exact)
{
    if (!m_progress)
        return;
    QString of;
    if (total >= 0) {
        of = exact ? tr(" of %1").arg(countText(double(total)))
                   : tr(" of about %1").arg(countText(double(total)));
        m_progress->setRange(0, progressSteps);
        m_progress->setValue(
            total > 0 ? int(std::min<qint64>(progressSteps, rows * progressSteps / total)) : 0);
    }
    m_progress->setLabelText(tr("Exporting %1 to %2…\n%3%4 %5 written")
                                 .arg(m_table, QFileInfo(m_path).fileName(),
                                      countText(double(rows)), of, m_rowsOf.section(u' ', 0, 0)));
}

void ExportController::onFinished(const QString &path, qint64 rows, const QString &note)
{
    delete m_progress;
    QString message = m_rowsOf.startsWith(u"rows"_s)
                          ? tr("Exported %1 %2 to %3.").arg(countText(double(rows)), m_rowsOf, path)
                          : tr("Exported %1 %2 of %3 to %4.")
                                .arg(countText(double(rows)), m_rowsOf, m_table, path);
    if (!note.isEmpty())
        message += u' ' + note;
    Q_EMIT statusMessage(message);
    Q_EMIT finished(path, rows);
}

void ExportController::onFailed(const QString &path, const QString &message)
{
    delete m_progress;
    Q_EMIT statusMessage(message);
    if (!m_cancelled && m_window) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Export failed"), message,
                                    QMessageBox::Ok, m_window);
        box->setObjectName(u"exportFailedBox"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    Q_EMIT failed(path, message);
}

} // namespace porthole
