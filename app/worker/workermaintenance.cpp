#include "workermaintenance.h"

#include "backup.h"
#include "retention.h"

#include <QLoggingCategory>
#include <QThread>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcMaintenance, "porthole.worker.maintenance", QtWarningMsg)

namespace porthole {

namespace {

const QString purpose = u"maintenance"_s;
const QString actor = u"porthole ingest (retention: schedule)"_s;

// Previews and applies the rules once; a preview that rows written since made stale (a
// Conflict) is made again, once.
Result<RetentionPlan> applyRules(const QSqlDatabase &db, const RetentionRules &rules,
                                 const std::atomic_bool &stopped)
{
    RetentionOptions options{.actor = actor, .batchSize = 5000, .progress = {}};
    options.progress = [&stopped](const RetentionPlan &) {
        return !stopped.load();
    };
    Result<RetentionPlan> done = StorageError{StorageError::Kind::Internal, {}};
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto plan = previewRetention(db, rules);
        if (!plan)
            return plan.error();
        if (plan->total() == 0)
            return *plan;
        done = applyRetention(db, *plan, options);
        if (done || done.error().kind != StorageError::Kind::Conflict)
            break;
    }
    return done;
}

} // namespace

WorkerMaintenance::WorkerMaintenance(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

void WorkerMaintenance::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_options.backup) {
        m_backupTimer = new QTimer(this);
        m_backupTimer->setSingleShot(true);
        connect(m_backupTimer, &QTimer::timeout, this, [this] {
            runBackup();
            if (!m_stopped)
                m_backupTimer->start(m_options.backup->every);
        });
        m_backupTimer->start(firstBackupIn());
    }
    if (m_options.retention) {
        m_retentionTimer = new QTimer(this);
        m_retentionTimer->setInterval(m_options.retention->every);
        connect(m_retentionTimer, &QTimer::timeout, this, &WorkerMaintenance::runRetention);
        m_retentionTimer->start();
        // Deleting what is due is the same at any time: the first run comes at start, so a
        // worker restarted more often than the interval still applies the rules.
        QMetaObject::invokeMethod(this, &WorkerMaintenance::runRetention, Qt::QueuedConnection);
    }
}

std::chrono::milliseconds WorkerMaintenance::firstBackupIn() const
{
    // Due one interval after the newest backup of this database in the folder: at once when
    // there is none, and a restart does not put the next one off.
    auto backups = listBackups(m_options.backup->directory, backupSource(m_options.database));
    if (!backups || backups->isEmpty())
        return std::chrono::milliseconds(0);
    const QDateTime due =
        backups->constLast().manifest.created.addSecs(m_options.backup->every.count());
    return std::chrono::milliseconds(
        std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(due)));
}

void WorkerMaintenance::stop()
{
    m_stopped = true;
    if (m_backupTimer)
        m_backupTimer->stop();
    if (m_retentionTimer)
        m_retentionTimer->stop();
}

void WorkerMaintenance::runBackup()
{
    if (!m_options.backup || m_stopped)
        return;
    const WorkerBackupConfig &config = *m_options.backup;
    BackupOptions options{.directory = config.directory,
                          .keep = config.keep,
                          .verify = true,
                          .pagesPerStep = 1024,
                          .tools = {},
                          .progress = {},
                          .now = {}};
    options.progress = [this](qint64, qint64) {
        return !m_stopped.load();
    };
    auto outcome = takeBackup(m_options.database, options);
    if (!outcome) {
        qCWarning(lcMaintenance) << "backup failed:" << outcome.errorMessage();
        Q_EMIT ran(u"backup"_s, false, outcome.errorMessage());
        return;
    }
    const QString message = u"backed up to %1 and verified; %2 older deleted"_s.arg(
        outcome->backup.dataPath, QString::number(outcome->removed.size()));
    qCInfo(lcMaintenance) << message;
    Q_EMIT ran(u"backup"_s, true, message);
}

void WorkerMaintenance::runRetention()
{
    if (!m_options.retention || m_stopped)
        return;
    const ConnectionFactory factory(m_options.database, m_options.connection);
    Result<RetentionPlan> done = StorageError{StorageError::Kind::Internal, {}};
    {
        auto db = factory.open(purpose);
        done = db ? applyRules(*db, m_options.retention->rules, m_stopped)
                  : Result<RetentionPlan>(db.error());
    }
    factory.close(purpose);
    if (!done) {
        qCWarning(lcMaintenance) << "retention failed:" << done.errorMessage();
        Q_EMIT ran(u"retention"_s, false, done.errorMessage());
        return;
    }
    const QString message =
        u"retention deleted %1 rows (component_metrics %2, port_metrics %3, port_messages %4, "
        "backlog_samples %5, checkpoints %6)"_s.arg(
            QString::number(done->total()), QString::number(done->componentMetrics),
            QString::number(done->portMetrics), QString::number(done->completedMessages),
            QString::number(done->backlogSamples), QString::number(done->checkpointIds.size()));
    qCInfo(lcMaintenance) << message;
    Q_EMIT ran(u"retention"_s, true, message);
}

} // namespace porthole
