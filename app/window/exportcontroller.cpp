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
    started(Exported::TableRows, table, path);
    return true;
}

bool ExportController::startBatches(const QString &folder, std::optional<qint64> batch,
                                    const QString &path)
{
    if (!m_export->startBatches(folder, batch, path)) {
        Q_EMIT statusMessage(tr("An export is under way already; wait for it to finish."));
        return false;
    }
    if (batch)
        started(Exported::BatchFile, batchFileName(*batch), path);
    else
        started(Exported::AllBatchFiles, QString(), path);
    return true;
}

void ExportController::started(Exported what, const QString &name, const QString &path)
{
    m_what = what;
    m_name = name;
    m_path = path;
    m_cancelled = false;
    delete m_progress;
    m_progress = new QProgressDialog(m_window);
    m_progress->setObjectName(u"exportProgress"_s);
    m_progress->setWindowTitle(tr("Export"));
    m_progress->setLabelText(exportingText(path));
    m_progress->setRange(0, 0);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setMinimumDuration(0);
    connect(m_progress, &QProgressDialog::canceled, this, &ExportController::cancel);
    m_progress->show();
    Q_EMIT statusMessage(exportingText(path));
}

QString ExportController::exportingText(const QString &path) const
{
    return m_what == Exported::AllBatchFiles ? tr("Exporting the batch files to %1…").arg(path)
                                             : tr("Exporting %1 to %2…").arg(m_name, path);
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
    const QString done = countText(double(rows));
    const QString all = countText(double(total));
    const bool tableRows = m_what == Exported::TableRows;
    QString written;
    if (total < 0)
        written = (tableRows ? tr("%1 rows written") : tr("%1 messages written")).arg(done);
    else if (exact)
        written = (tableRows ? tr("%1 of %2 rows written") : tr("%1 of %2 messages written"))
                      .arg(done, all);
    else
        written =
            (tableRows ? tr("%1 of about %2 rows written") : tr("%1 of about %2 messages written"))
                .arg(done, all);
    if (total >= 0) {
        m_progress->setRange(0, progressSteps);
        m_progress->setValue(
            total > 0 ? int(std::min<qint64>(progressSteps, rows * progressSteps / total)) : 0);
    }
    m_progress->setLabelText(exportingText(QFileInfo(m_path).fileName()) + u'\n' + written);
}

void ExportController::onFinished(const QString &path, qint64 rows, const QString &note)
{
    delete m_progress;
    const QString done = countText(double(rows));
    QString message;
    switch (m_what) {
    case Exported::TableRows:
        message = tr("Exported %1 rows of %2 to %3.").arg(done, m_name, path);
        break;
    case Exported::BatchFile:
        message = tr("Exported %1 messages of %2 to %3.").arg(done, m_name, path);
        break;
    case Exported::AllBatchFiles:
        message = tr("Exported %1 messages of the batch files to %2.").arg(done, path);
        break;
    }
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
