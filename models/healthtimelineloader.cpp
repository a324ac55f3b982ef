#include "healthtimelineloader.h"

#include <QDateTime>
#include <QThread>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"health-timeline"_s;

} // namespace

// The half of the loader on its thread: it owns that thread's connection.
class HealthTimelineReader : public QObject
{
    Q_OBJECT

public:
    HealthTimelineReader(ConnectionFactory factory, std::shared_ptr<std::atomic<quint64>> latest)
        : m_factory(std::move(factory))
        , m_latest(std::move(latest))
    {}
    ~HealthTimelineReader() override { m_factory.close(connectionPurpose); }

    void read(quint64 ticket, const QString &component)
    {
        // Asked again since: only the latest answer is of use.
        if (QThread::currentThread()->isInterruptionRequested() || ticket != m_latest->load())
            return;
        auto db = m_factory.open(connectionPurpose);
        if (!db) {
            Q_EMIT failed(ticket, db.errorMessage());
            return;
        }
        auto data = HealthRepository(*db).recentTimeline(component, QDateTime::currentDateTimeUtc(),
                                                         HealthTimelineLoader::span);
        if (!data) {
            // The next request opens a new connection rather than use one that may be gone.
            m_factory.close(connectionPurpose);
            Q_EMIT failed(ticket, data.errorMessage());
            return;
        }
        Q_EMIT done(ticket, *data);
    }

Q_SIGNALS:
    void done(quint64 ticket, const porthole::HealthTimelineData &data);
    void failed(quint64 ticket, const QString &message);

private:
    ConnectionFactory m_factory;
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

HealthTimelineLoader::HealthTimelineLoader(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
    , m_reader(new HealthTimelineReader(std::move(factory), m_latest))
{
    qRegisterMetaType<HealthTimelineData>();
    connect(m_reader, &HealthTimelineReader::done, this,
            [this](quint64 ticket, const HealthTimelineData &data) {
                if (ticket == m_latest->load())
                    Q_EMIT loaded(data);
            });
    connect(m_reader, &HealthTimelineReader::failed, this,
            [this](quint64 ticket, const QString &message) {
                if (ticket == m_latest->load())
                    Q_EMIT failed(message);
            });
    m_thread.start(u"health-timeline"_s, m_reader);
}

HealthTimelineLoader::~HealthTimelineLoader()
{
    m_thread.stop();
}

void HealthTimelineLoader::load(const QString &component)
{
    const quint64 ticket = ++*m_latest;
    QMetaObject::invokeMethod(
        m_reader, [reader = m_reader, ticket, component] { reader->read(ticket, component); },
        Qt::QueuedConnection);
}

} // namespace porthole

#include "healthtimelineloader.moc"
