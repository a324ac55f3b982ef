#include "latestread.h"

#include <QSqlDatabase>
#include <QThread>

namespace porthole {

// The half of LatestRead on its thread: it owns that thread's connection.
class LatestReader : public QObject
{
    Q_OBJECT

public:
    LatestReader(ConnectionFactory factory, QString purpose,
                 std::shared_ptr<std::atomic<quint64>> latest)
        : m_factory(std::move(factory))
        , m_purpose(std::move(purpose))
        , m_latest(std::move(latest))
    {}
    ~LatestReader() override { m_factory.close(m_purpose); }

    void read(quint64 ticket, const LatestRead::Read &read)
    {
        // Asked again since: only the latest answer is of use.
        if (QThread::currentThread()->isInterruptionRequested() || ticket != m_latest->load())
            return;
        auto db = m_factory.open(m_purpose);
        if (!db) {
            Q_EMIT failed(ticket, db.errorMessage());
            return;
        }
        auto answer = read(*db);
        if (!answer) {
            m_factory.close(m_purpose);
            Q_EMIT failed(ticket, answer.errorMessage());
            return;
        }
        Q_EMIT done(ticket, *answer);
    }

Q_SIGNALS:
    void done(quint64 ticket, const QVariant &answer);
    void failed(quint64 ticket, const QString &message);

private:
    ConnectionFactory m_factory;
    QString m_purpose;
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

LatestRead::LatestRead(ConnectionFactory factory, const QString &purpose, QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
    , m_reader(new LatestReader(std::move(factory), purpose, m_latest))
{
    connect(m_reader, &LatestReader::done, this, [this](quint64 ticket, const QVariant &answer) {
        if (ticket == m_latest->load())
            Q_EMIT done(answer);
    });
    connect(m_reader, &LatestReader::failed, this, [this](quint64 ticket, const QString &message) {
        if (ticket == m_latest->load())
            Q_EMIT failed(message);
    });
    m_thread.start(purpose, m_reader);
}

LatestRead::~LatestRead()
{
    m_thread.stop();
}

void LatestRead::read(Read read)
{
    const quint64 ticket = ++*m_latest;
    QMetaObject::invokeMethod(
        m_reader,
        [reader = m_reader, ticket, read = std::move(read)] { reader->read(ticket, read); },
        Qt::QueuedConnection);
}

} // namespace porthole

#include "latestread.moc"
