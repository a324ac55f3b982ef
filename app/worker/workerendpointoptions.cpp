#include "databaseurl.h"
#include "displayurl.h"
#include "ingestsink.h"
#include "ingestworker.h"
#include "workerendpoint.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QUrl>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcEndpoint)

// The endpoint's settings: from the worker's configuration and from the command line.
namespace porthole {

// --- Options ------------------------------------------------------------------------------

WorkerEndpointOptions WorkerEndpointOptions::forWorker(const IngestConfig &config)
{
    WorkerEndpointOptions options;
    options.mode = RedisSource::modeName(config.mode);
    options.key = config.source.key;
    options.group = config.source.group;
    options.consumer = config.source.consumer;
    if (options.consumer.isEmpty()) { // the name RedisSource gives it
        const QString host = QSysInfo::machineHostName();
        options.consumer = (host.isEmpty() ? u"porthole"_s : host) + u'-' +
                           QString::number(QCoreApplication::applicationPid());
    }
    options.sinkDisplay = ingestSinkKindOf(config.sinkUrl) ? ingestSinkDisplayName(config.sinkUrl)
                                                           : u"(not a sink URL)"_s;
    options.batchDirectory = ingestSinkBatchFolder(config.sinkUrl);
    return options;
}

bool WorkerEndpoint::parseListenAddress(const QString &text, QHostAddress *address, quint16 *port,
                                        QString *error)
{
    QString host;
    QString portText;
    bool bracketed = false;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0) {
        host = u"127.0.0.1"_s;
        portText = text;
    } else {
        host = text.left(colon);
        portText = text.mid(colon + 1);
        if (host.startsWith(u'[') && host.endsWith(u']')) {
            host = host.mid(1, host.size() - 2);
            bracketed = true;
        }
    }
    bool ok = false;
    const uint number = portText.toUInt(&ok);
    if (!ok || number > 65535 || portText.startsWith(u'+')) {
        *error = u"--listen %1: the port must be a number from 0 (any free port) to 65535; "
                 "write HOST:PORT, e.g. 127.0.0.1:9464."_s.arg(text);
        return false;
    }
    QHostAddress parsed;
    if (host == u"localhost"_s)
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!parsed.setAddress(host) ||
             (bracketed && parsed.protocol() != QAbstractSocket::IPv6Protocol) ||
             (!bracketed && parsed.protocol() == QAbstractSocket::IPv6Protocol)) {
        *error = u"--listen %1: \"%2\" is not an IP address; write HOST:PORT with an IPv4 "
                 "address, [IPv6]:PORT, or localhost:PORT."_s.arg(text, host);
        return false;
    }
    *address = parsed;
    *port = quint16(number);
    return true;
}

// --- Command line -------------------------------------------------------------------------

WorkerEndpointCommandLine::WorkerEndpointCommandLine()
    : m_listen(u"listen"_s,
               u"Serve read-only HTTP on HOST:PORT (port 0: any free port, printed at start): "
               "/health, /metrics, /batches. Loopback unless told otherwise; any other address "
               "needs a token."_s,
               u"host:port"_s)
    , m_tokenFile(u"token-file"_s,
                  u"With --listen: every request must carry \"Authorization: Bearer TOKEN\", "
                  "TOKEN the first line of this file (default: the environment variable "
                  "PORTHOLE_WORKER_TOKEN, if set)."_s,
                  u"file"_s)
    , m_headTimeout(u"http-head-timeout-ms"_s, u"How long a client may take to send its request."_s,
                    u"ms"_s, u"5000"_s)
{
    m_headTimeout.setFlags(QCommandLineOption::HiddenFromHelp);
}

QList<QCommandLineOption> WorkerEndpointCommandLine::options() const
{
    return {m_listen, m_tokenFile, m_headTimeout};
}

bool WorkerEndpointCommandLine::read(const QCommandLineParser &parser, const IngestConfig &config,
                                     std::optional<WorkerEndpointOptions> *options, QString *error,
                                     const QString &listen, const QString &tokenFile) const
{
    options->reset();
    const QString address = parser.isSet(m_listen) ? parser.value(m_listen) : listen;
    const QString tokenPath = parser.isSet(m_tokenFile) ? parser.value(m_tokenFile) : tokenFile;
    if (address.isEmpty()) {
        if (!tokenPath.isEmpty()) {
            *error = u"--token-file protects the HTTP endpoint: give --listen HOST:PORT too."_s;
            return false;
        }
        return true;
    }
    WorkerEndpointOptions result = WorkerEndpointOptions::forWorker(config);
    if (!WorkerEndpoint::parseListenAddress(address, &result.address, &result.port, error))
        return false;

    QString source;
    if (!tokenPath.isEmpty()) {
        QFile file(tokenPath);
        if (!file.open(QIODevice::ReadOnly)) {
            *error =
                u"--token-file %1 cannot be read: %2."_s.arg(file.fileName(), file.errorString());
            return false;
        }
        result.token = file.readLine(4096).trimmed();
        source = u"the first line of "_s + file.fileName();
        if (file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup))
            qCWarning(lcEndpoint).noquote()
                << u"The token file %1 can be read by other users; chmod 600 it."_s.arg(
                       file.fileName());
    } else if (qEnvironmentVariableIsSet("PORTHOLE_WORKER_TOKEN")) {
        result.token = qgetenv("PORTHOLE_WORKER_TOKEN").trimmed();
        source = u"PORTHOLE_WORKER_TOKEN"_s;
    }
    if (!source.isEmpty()) {
        bool printable = result.token.size() >= 16;
        for (const char c : std::as_const(result.token))
            printable = printable && c > 0x20 && c < 0x7F;
        if (!printable) {
            *error = u"The token (%1) must be at least 16 characters of printable ASCII without "
                     "spaces; make one with: openssl rand -hex 32"_s.arg(source);
            return false;
        }
    }
    if (!result.address.isLoopback() && result.token.isEmpty()) {
        *error = u"--listen %1 is reachable from other machines: protect it with a token "
                 "(--token-file FILE, or the environment variable PORTHOLE_WORKER_TOKEN), or "
                 "listen on 127.0.0.1."_s.arg(parser.value(m_listen));
        return false;
    }
    bool ok = false;
    result.headTimeoutMs = parser.value(m_headTimeout).toInt(&ok);
    if (!ok || result.headTimeoutMs < 1) {
        *error = u"--http-head-timeout-ms must be a positive number."_s;
        return false;
    }
    *options = std::move(result);
    return true;
}

} // namespace porthole
