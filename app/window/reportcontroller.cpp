#include "reportcontroller.h"

#include "connectionfactory.h"

#include <QMessageBox>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"report"_s;

} // namespace

ReportController::ReportController(ReportRequest sources, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_sources(std::move(sources))
    , m_window(window)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ReportController::onGathered);
}

ReportController::~ReportController()
{
    m_watcher.waitForFinished();
}

void ReportController::ask()
{
    if (isRunning()) {
        Q_EMIT statusMessage(tr("A report is being written already; wait for it to finish."));
        return;
    }
    if (m_dialog)
        m_dialog->deleteLater();
    m_dialog = new ReportDialog(m_sources.batchDirectory, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, [this, dialog = m_dialog] {
        start(dialog->from(), dialog->to(), dialog->checkBatchFiles(),
              dialog->format() == ReportDialog::Format::Html ? ReportFormat::Html
                                                             : ReportFormat::Pdf,
              dialog->path(), dialog->compareSeconds());
    });
    m_dialog->open();
}

bool ReportController::start(const QDateTime &from, const QDateTime &to, bool checkBatchFiles,
                             ReportFormat format, const QString &path, qint64 compareSeconds)
{
    if (isRunning()) {
        Q_EMIT statusMessage(tr("A report is being written already; wait for it to finish."));
        return false;
    }
    ReportRequest request = m_sources;
    request.from = from;
    request.to = to;
    request.compareSeconds = compareSeconds;
    if (!checkBatchFiles)
        request.batchDirectory.clear();
    m_format = format;
    m_path = path;
    m_cancelled = false;
    m_watcher.setFuture(QtConcurrent::run([request] {
        Outcome outcome;
        const ConnectionFactory factory(request.database);
        {
            auto db = factory.open(connectionPurpose);
            if (!db) {
                outcome.error = db.errorMessage();
                return outcome;
            }
            auto data = gatherReport(*db, request);
            if (data)
                outcome.data = *data;
            else
                outcome.error = data.errorMessage();
        }
        // A pool thread may never come back to this connection: it goes with the report.
        factory.close(connectionPurpose);
        return outcome;
    }));

    delete m_progress;
    m_progress =
        new QProgressDialog(tr("Reading the data for the report…"), tr("Cancel"), 0, 0, m_window);
    m_progress->setObjectName(u"reportProgress"_s);
    m_progress->setWindowTitle(tr("Report"));
    m_progress->setMinimumDuration(0);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, this, [this] { m_cancelled = true; });
    m_progress->show();
    Q_EMIT statusMessage(tr("Writing the report to %1…").arg(path));
    return true;
}

void ReportController::onGathered()
{
    const Outcome outcome = m_watcher.result();
    if (m_cancelled) {
        delete m_progress;
        const QString message = tr("The report was cancelled; nothing was written.");
        Q_EMIT statusMessage(message);
        Q_EMIT failed(m_path, message);
        return;
    }
    if (!outcome.data) {
        fail(outcome.error);
        return;
    }
    if (m_progress)
        m_progress->setLabelText(tr("Drawing the charts and writing %1…").arg(m_path));
    const Status written = writeReport(*outcome.data, m_format, m_path);
    delete m_progress;
    if (!written) {
        fail(written.errorMessage());
        return;
    }
    Q_EMIT statusMessage(
        outcome.data->isEmpty()
            ? tr("Wrote the report to %1. Nothing was recorded in its range.").arg(m_path)
            : tr("Wrote the report to %1.").arg(m_path));
    Q_EMIT finished(m_path);
}

void ReportController::fail(const QString &message)
{
    delete m_progress;
    const QString text = tr("The report could not be written: %1").arg(message);
    Q_EMIT statusMessage(text);
    if (m_window) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Report failed"), text,
                                    QMessageBox::Ok, m_window);
        box->setObjectName(u"reportFailedBox"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    Q_EMIT failed(m_path, text);
}

} // namespace porthole
