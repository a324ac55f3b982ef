#include "checkpointloader.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCheckpointLoader, "porthole.models.checkpointloader", QtWarningMsg)

namespace porthole {

namespace {

const QString connectionPurpose = u"checkpoints"_s;

} // namespace

// The half of the loader that lives on its thread: it owns that thread's connection.
class CheckpointReader : public QObject
{
    Q_OBJECT

public:
    explicit CheckpointReader(ConnectionFactory factory)
        : m_factory(std::move(factory))
    {}
    ~CheckpointReader() override { m_factory.close(connectionPurpose); }

    void read(const porthole::CheckpointRequest &request)
    {
        Q_ASSERT(QThread::currentThread() == thread());
        // Shutting down: what is still queued is of no use to anyone.
        if (QThread::currentThread()->isInterruptionRequested())
            return;
        CheckpointAnswer answer = run(request);
        if (!answer.ok && (answer.error.kind == StorageError::Kind::ConnectionLost ||
                           answer.error.kind == StorageError::Kind::Locked)) {
            // The next request opens a new connection rather than use one that is gone.
            qCInfo(lcCheckpointLoader) << "closing the connection after:" << answer.error.message;
            m_factory.close(connectionPurpose);
        }
        Q_EMIT answered(answer);
    }

Q_SIGNALS:
    void answered(const porthole::CheckpointAnswer &answer);

private:
    CheckpointAnswer run(const CheckpointRequest &request)
    {
        CheckpointAnswer answer;
        answer.request = request;
        const auto fail = [&answer](const StorageError &error) {
            answer.ok = false;
            answer.error = error;
        };
        auto db = m_factory.open(connectionPurpose);
        if (!db) {
            fail(db.error());
            return answer;
        }
        const CheckpointRepository repository(*db);
        switch (request.kind) {
        case CheckpointRequest::Kind::Names:
            if (auto names = repository.names(request.contains))
                answer.names = std::move(names).value();
            else
                fail(names.error());
            break;
        case CheckpointRequest::Kind::Versions:
            if (auto versions = repository.versions(request.name))
                answer.versions = std::move(versions).value();
            else
                fail(versions.error());
            break;
        case CheckpointRequest::Kind::Document:
            if (auto checkpoint = repository.get(request.name, request.version))
                answer.checkpoint = std::move(checkpoint).value();
            else
                fail(checkpoint.error());
            break;
        }
        return answer;
    }

    ConnectionFactory m_factory;
};

CheckpointLoader::CheckpointLoader(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<porthole::CheckpointRequest>();
    qRegisterMetaType<porthole::CheckpointAnswer>();
    m_reader = new CheckpointReader(std::move(factory));
    m_thread.start(u"checkpoint-loader"_s, m_reader);
    connect(m_reader, &CheckpointReader::answered, this, &CheckpointLoader::onAnswer);
}

CheckpointLoader::~CheckpointLoader()
{
    m_thread.stop();
}

quint64 CheckpointLoader::readNames(const QString &contains)
{
    CheckpointRequest request;
    request.kind = CheckpointRequest::Kind::Names;
    request.contains = contains;
    return send(std::move(request));
}

quint64 CheckpointLoader::readVersions(const QString &name)
{
    CheckpointRequest request;
    request.kind = CheckpointRequest::Kind::Versions;
    request.name = name;
    return send(std::move(request));
}

quint64 CheckpointLoader::readCheckpoint(const QString &name, qint64 version)
{
    CheckpointRequest request;
    request.kind = CheckpointRequest::Kind::Document;
    request.name = name;
    request.version = version;
    return send(std::move(request));
}

quint64 CheckpointLoader::send(CheckpointRequest request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    request.ticket = ++m_nextTicket;
    ++m_pending;
    QMetaObject::invokeMethod(
        m_reader, [reader = m_reader, request] { reader->read(request); }, Qt::QueuedConnection);
    return request.ticket;
}

void CheckpointLoader::onAnswer(const CheckpointAnswer &answer)
{
    Q_ASSERT(QThread::currentThread() == thread());
    --m_pending;
    Q_EMIT answered(answer);
}

} // namespace porthole

#include "checkpointloader.moc"
