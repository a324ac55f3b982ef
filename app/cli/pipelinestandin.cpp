#include "pipelinestandin.h"

#include "componentqueue.h"
#include "datagenerator.h"
#include "migrationrunner.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString purpose = u"stand-in"_s;

} // namespace

void PipelineStandIn::Report::add(const Report &other)
{
    taken += other.taken;
    completed += other.completed;
    failed += other.failed;
    leftAlone += other.leftAlone;
    hopsSent += other.hopsSent;
}

PipelineStandIn::PipelineStandIn(Settings settings)
    : m_settings(std::move(settings))
    , m_factory(m_settings.database)
    , m_traffic(DemoTraffic::Options(m_settings.seed))
{}

PipelineStandIn::~PipelineStandIn()
{
    m_factory.close(purpose);
}

Status PipelineStandIn::open()
{
    if (auto db = MigrationRunner::openCurrent(m_factory, purpose); !db)
        return db.error();
    return m_redis.connect(m_settings.redis);
}

PipelineStandIn::Report PipelineStandIn::tick(const QStringList &stopped,
                                              const QHash<QString, int> &batches)
{
    Report report;
    {
        // Opened again here after a connection was lost (ConnectionFactory::open()).
        auto db = m_factory.open(purpose);
        if (!db) {
            report.error = db.errorMessage();
            return report;
        }
        for (const QString &component : DataGenerator::components()) {
            if (stopped.contains(component))
                continue;
            const int batch = batches.value(component, m_settings.batch);
            if (Status done = work(*db, component, batch, report); !done) {
                report.error = done.errorMessage();
                break;
            }
        }
    }
    // What was completed is committed: its next hops go now, or at the next tick.
    if (Status sent = sendHops(report); !sent && report.error.isEmpty())
        report.error = sent.errorMessage();
    return report;
}

Status PipelineStandIn::work(const QSqlDatabase &db, const QString &component, int batch,
                             Report &report)
{
    ComponentQueue queue(db, component);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto taken = queue.taken(now.addMSecs(-m_settings.hold.count()), m_settings.batch);
    if (!taken)
        return taken.error();
    QList<PortMessage> ended = *taken;
    for (PortMessage &m : ended) {
        DemoTraffic::Ending ending = m_traffic.ending(m);
        m.status = ending.status;
        m.retryCount = ending.retryCount;
        m.errorMessage = ending.errorMessage;
        m.errorDetails = ending.errorDetails;
    }
    auto written = queue.finish(ended, now);
    if (!written)
        return written.error();
    const QSet<QString> done(written->cbegin(), written->cend());
    for (const PortMessage &m : std::as_const(ended)) {
        if (!done.contains(m.id)) {
            ++report.leftAlone;
            continue;
        }
        if (m.status != u"completed"_s) {
            ++report.failed;
            continue;
        }
        ++report.completed;
        if (auto hop = m_traffic.nextHop(m, now.toMSecsSinceEpoch())) {
            if (m_unsent.size() == maxUnsentHops)
                m_unsent.removeFirst(); // that flow ends here, a next hop missing
            m_unsent.append(*hop);
        }
    }
    auto took = queue.take(batch, QDateTime::currentDateTimeUtc());
    if (!took)
        return took.error();
    report.taken += took->size();
    return success();
}

Status PipelineStandIn::sendHops(Report &report)
{
    if (m_unsent.isEmpty())
        return success();
    if (!m_redis.isConnected()) {
        if (Status connected = m_redis.connect(m_settings.redis); !connected)
            return connected;
    }
    QList<QList<QByteArray>> commands;
    commands.reserve(m_unsent.size());
    for (const QByteArray &hop : std::as_const(m_unsent))
        commands.append(m_settings.commandPrefix + QList<QByteArray>{hop});
    auto replies = m_redis.pipeline(commands);
    if (!replies) {
        m_redis.disconnect(); // connected again at the next tick; the hops wait until then
        return replies.error();
    }
    m_unsent.clear();
    QString refusal;
    for (const RedisReply &reply : std::as_const(*replies)) {
        if (!reply.isError())
            ++report.hopsSent;
        else if (refusal.isEmpty())
            refusal = QString::fromUtf8(reply.text);
    }
    if (!refusal.isEmpty())
        return StorageError{StorageError::Kind::Protocol,
                            u"Redis refused a next hop: %1"_s.arg(refusal)};
    return success();
}

} // namespace porthole
