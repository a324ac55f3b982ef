#include "demosession.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
// A child that outlives Porthole (killed, crashed) would keep a Redis server and its traffic
// running unseen: each child is sent SIGTERM when Porthole's process ends.
std::unique_ptr<QProcess> childProcess()
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    return process;
}

// Written when every fill step succeeded: a store without it was cut short and is filled
// again from nothing.
const QString filledMarker = u".demo-filled"_s;
constexpr int serverStartMs = 10000;

QString lastLines(const QByteArray &output)
{
    const QList<QByteArray> lines = output.trimmed().split('\n');
    return QString::fromUtf8(lines.mid(std::max<qsizetype>(0, lines.size() - 3)).join('\n'));
}
} // namespace

DemoSession::DemoSession(QString program, const QString &directory, Size size, QObject *parent)
    : QObject(parent)
    , m_program(std::move(program))
    , m_store(directory)
    , m_size(size)
{}

DemoSession::~DemoSession()
{
    stop(m_step);
    stop(m_sender);
    stop(m_server);
}

QString DemoSession::streamKey()
{
    return u"porthole:demo"_s;
}

void DemoSession::start()
{
    const QString database = m_store.databaseUrl().toDisplayString();
    const QString batches = m_store.batchStorePath();
    if (!QFile::exists(QDir(m_store.root()).filePath(filledMarker))) {
        // A fill cut short leaves part of a store: it is the demo's own, and made again.
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
            QFile::remove(m_store.databasePath() + suffix);
        QDir(batches).removeRecursively();
        if (Status made = m_store.ensureExists(); !made) {
            emit failed(made.errorMessage());
            return;
        }
        m_steps = {
            {tr("Filling the demo store with a week of pipeline data…"),
             tr("Filling the demo store with a week of pipeline data failed: %1"),
             {u"generate"_s, u"--db"_s, database, u"--port-messages"_s,
              QString::number(m_size.portMessages), u"--metrics"_s, QString::number(m_size.metrics),
              u"--port-metrics"_s, QString::number(m_size.portMetrics), u"--sensor-readings"_s,
              QString::number(m_size.sensorReadings), u"--checkpoints"_s,
              QString::number(m_size.checkpoints), u"--health"_s,
              QString::number(m_size.heartbeats), u"--component-states"_s,
              QString::number(m_size.componentStates), u"--sink-rows"_s,
              QString::number(m_size.sinkRows)}},
            {tr("Writing demo batch files…"),
             tr("Writing demo batch files failed: %1"),
             {u"generate"_s, u"--batch-files"_s, QString::number(m_size.batchFiles), u"--files"_s,
              batches}},
            {tr("Importing the batch files…"),
             tr("Importing the batch files failed: %1"),
             {u"batches"_s, u"--import"_s, u"--dir"_s, batches, u"--db"_s, database}},
        };
    }
    runNext();
}

void DemoSession::runNext()
{
    if (m_steps.isEmpty()) {
        QFile marker(QDir(m_store.root()).filePath(filledMarker));
        if (!marker.exists() && !marker.open(QIODevice::WriteOnly)) {
            emit failed(tr("Cannot write %1: %2").arg(marker.fileName(), marker.errorString()));
            return;
        }
        startServer();
        return;
    }
    const Step step = m_steps.takeFirst();
    emit progress(step.text);
    m_step = childProcess();
    QProcess *process = m_step.get();
    connect(process, &QProcess::finished, this,
            [this, process, failure = step.failure](int code, QProcess::ExitStatus status) {
                if (status != QProcess::NormalExit || code != 0) {
                    fail(failure, process);
                    return;
                }
                // Deleted later: this is one of its own signals.
                m_step.release()->deleteLater();
                runNext();
            });
    connect(process, &QProcess::errorOccurred, this,
            [this, process, failure = step.failure](QProcess::ProcessError error) {
                if (error == QProcess::FailedToStart)
                    fail(failure, process);
            });
    process->start(m_program, step.arguments);
}

void DemoSession::startServer()
{
    const QString server = QStandardPaths::findExecutable(u"redis-server"_s);
    if (server.isEmpty()) {
        emit ready(); // stored data only
        return;
    }
    emit progress(tr("Starting a private Redis server…"));
    // A free port: the system's choice, given back at once for the server to take.
    quint16 port = 0;
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            emit failed(tr("No free port on 127.0.0.1: %1").arg(probe.errorString()));
            return;
        }
        port = probe.serverPort();
    }
    m_serverDir = std::make_unique<QTemporaryDir>();
    m_server = childProcess();
    QProcess *process = m_server.get();
    auto *timeout = new QTimer(process);
    timeout->setSingleShot(true);
    const QString failure = tr("Starting a private Redis server failed: %1");
    connect(timeout, &QTimer::timeout, this, [this, process, failure] { fail(failure, process); });
    connect(process, &QProcess::readyRead, this, [this, process, port, timeout] {
        m_serverOutput += process->readAll();
        if (m_redis || !m_serverOutput.contains("Ready to accept connections"))
            return;
        timeout->stop();
        m_redis = RedisUrl::local(port);
        startSender();
    });
    connect(process, &QProcess::finished, this, [this, process, failure] {
        if (!m_redis)
            fail(failure, process);
    });
    process->start(server,
                   {u"--port"_s, QString::number(port), u"--bind"_s, u"127.0.0.1"_s, u"--save"_s,
                    u""_s, u"--appendonly"_s, u"no"_s, u"--dir"_s, m_serverDir->path()});
    timeout->start(serverStartMs);
}

void DemoSession::startSender()
{
    emit progress(tr("Sending demo traffic…"));
    m_sender = childProcess();
    QProcess *process = m_sender.get();
    connect(process, &QProcess::started, this, &DemoSession::ready);
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("Sending demo traffic failed: %1"), process);
    });
    process->start(m_program, {u"send-demo"_s, u"--redis"_s, m_redis->toDisplayString(), u"--key"_s,
                               streamKey(), u"--rate"_s, QString::number(m_size.rate)});
}

void DemoSession::fail(const QString &failure, QProcess *process)
{
    QString detail = process->error() == QProcess::FailedToStart
                         ? process->errorString()
                         : lastLines(process == m_server.get() ? m_serverOutput + process->readAll()
                                                               : process->readAll());
    if (detail.isEmpty())
        detail = tr("it ended with exit code %1").arg(process->exitCode());
    emit failed(failure.arg(detail));
}

void DemoSession::stop(std::unique_ptr<QProcess> &process)
{
    if (!process)
        return;
    process->disconnect(this);
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(3000)) {
            process->kill();
            process->waitForFinished(3000);
        }
    }
    process.reset();
}

} // namespace porthole
