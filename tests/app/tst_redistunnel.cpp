#include "ingestservice.h"
#include "ownredis.h"
#include "redisclient.h"
#include "testca.h"
#include "testservers.h"
#include "watchedingest.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr int waitMs = 60000;

// A process of the test's own, killed when it goes away.
struct Server
{
    QProcess process;
    ~Server()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(waitMs);
        }
    }
};

} // namespace

// hiredis 0.14 has no TLS: a Redis that requires TLS is reached through a local stunnel4 tunnel
// (docs/DEPLOYMENT.md). A redis-server that listens with TLS only, a certificate authority made
// in the test, stunnel4 in client mode verifying the server's certificate and host name: the
// worker stores every message through the tunnel. A tunnel that does not trust the server's
// certificate passes nothing, and the worker says it cannot reach Redis.
class tst_RedisTunnel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ingestsThroughTheTunnel();
    void anUntrustedServerGetsNothing();

private:
    // Starts stunnel4 from 127.0.0.1:`port` to the TLS server, trusting `caFile`.
    bool startTunnel(Server &tunnel, int port, const QString &caFile, QString *error);
    IngestConfig config(int tunnelPort, const QString &database) const;

    QTemporaryDir m_folder;
    Server m_redis;
    int m_tlsPort = 0;
};

void tst_RedisTunnel::initTestCase()
{
    QVERIFY(m_folder.isValid());
    QString error;
    QVERIFY2(test::TestCertificateAuthority::make(m_folder.path(), u"localhost"_s, &error),
             qPrintable(error));
    QVERIFY2(!QStandardPaths::findExecutable(u"stunnel4"_s).isEmpty(),
             "stunnel4 is not installed (package stunnel4)");
    m_tlsPort = test::freeLoopbackPort();
    QVERIFY(m_tlsPort > 0);
    m_redis.process.setProcessChannelMode(QProcess::MergedChannels);
    m_redis.process.setStandardOutputFile(m_folder.filePath(u"redis.log"_s));
    m_redis.process.start(QStandardPaths::findExecutable(u"redis-server"_s),
                          {u"--port"_s, u"0"_s, u"--tls-port"_s, QString::number(m_tlsPort),
                           u"--bind"_s, u"127.0.0.1"_s, u"--tls-cert-file"_s,
                           m_folder.filePath(u"server.crt"_s), u"--tls-key-file"_s,
                           m_folder.filePath(u"server.key"_s), u"--tls-ca-cert-file"_s,
                           m_folder.filePath(u"ca.crt"_s), u"--tls-auth-clients"_s, u"no"_s,
                           u"--save"_s, u""_s, u"--dir"_s, m_folder.path()});
    QVERIFY2(m_redis.process.waitForStarted(waitMs), qPrintable(m_redis.process.errorString()));
}

bool tst_RedisTunnel::startTunnel(Server &tunnel, int port, const QString &caFile, QString *error)
{
    const QString conf = m_folder.filePath(u"stunnel-%1.conf"_s.arg(port));
    QFile file(conf);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write(u"foreground = yes\npid =\nsyslog = no\n[redis]\nclient = yes\n"
               "accept = 127.0.0.1:%1\nconnect = 127.0.0.1:%2\nverifyChain = yes\n"
               "CAfile = %3\ncheckHost = localhost\n"_s.arg(port)
                   .arg(m_tlsPort)
                   .arg(caFile)
                   .toUtf8());
    file.close();
    tunnel.process.setProcessChannelMode(QProcess::MergedChannels);
    tunnel.process.start(QStandardPaths::findExecutable(u"stunnel4"_s), {conf});
    if (!tunnel.process.waitForStarted(waitMs)) {
        *error = tunnel.process.errorString();
        return false;
    }
    // Listening once a connection is accepted (a TCP connect, nothing sent).
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < waitMs && tunnel.process.state() == QProcess::Running) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, quint16(port));
        if (probe.waitForConnected(1000))
            return true;
        QTest::qWait(50);
    }
    *error = u"stunnel4 did not come up: "_s + QString::fromLocal8Bit(tunnel.process.readAll());
    return false;
}

IngestConfig tst_RedisTunnel::config(int tunnelPort, const QString &database) const
{
    IngestConfig config;
    config.source.url = RedisUrl::local(tunnelPort);
    config.source.key = u"tunnelled"_s;
    config.source.consumer = u"tunnel-test"_s;
    config.source.blockMs = 100;
    config.source.timeouts = RedisTimeouts{2000, 2000};
    config.sinkUrl = u"sqlite://"_s + m_folder.filePath(database);
    config.databaseUrl = config.sinkUrl;
    return config;
}

void tst_RedisTunnel::ingestsThroughTheTunnel()
{
    Server tunnel;
    const int port = test::freeLoopbackPort();
    QString error;
    QVERIFY2(startTunnel(tunnel, port, m_folder.filePath(u"ca.crt"_s), &error), qPrintable(error));

    RedisClient producer; // through the tunnel too, once redis-server listens
    QTRY_VERIFY_WITH_TIMEOUT(producer.connect(RedisUrl::local(port)).ok(), waitMs);
    QList<QList<QByteArray>> commands;
    for (int n = 1; n <= 50; ++n)
        commands.append({"XADD", "tunnelled", "*", "payload",
                         "Message #" + QByteArray::number(n) + ": through TLS"});
    QVERIFY(producer.pipeline(commands).ok());

    IngestStats last;
    QObject receiver;
    IngestService service;
    connect(&service, &IngestService::statsChanged, &receiver,
            [&last](const IngestStats &stats) { last = stats; });
    service.start(config(port, u"tunnel.db"_s));
    QTRY_VERIFY_WITH_TIMEOUT(last.stored == 50 && last.pending == 0, waitMs);
    QVERIFY2(last.lastError.isEmpty(), qPrintable(last.lastError));
    service.shutdown();
    QCOMPARE(test::storedMessageNumbers(m_folder.filePath(u"tunnel.db"_s)), qint64(50));
}

void tst_RedisTunnel::anUntrustedServerGetsNothing()
{
    Server tunnel;
    const int port = test::freeLoopbackPort();
    QString error;
    QVERIFY2(startTunnel(tunnel, port, m_folder.filePath(u"other-ca.crt"_s), &error),
             qPrintable(error));
    test::WatchedIngest ingest;
    ingest.service.start(config(port, u"untrusted.db"_s));
    QTRY_VERIFY_WITH_TIMEOUT(
        ingest.last.state == IngestState::Reconnecting && !ingest.last.lastError.isEmpty(), waitMs);
    QVERIFY2(ingest.last.lastError.contains(u"Check that Redis is running at that address"_s),
             qPrintable(ingest.last.lastError));
    QCOMPARE(ingest.last.received, 0);
    ingest.service.shutdown();
    const QString log = QString::fromLocal8Bit(tunnel.process.readAll());
    QVERIFY2(log.contains(u"certificate verify failed"_s), qPrintable(log));
}

QTEST_GUILESS_MAIN(tst_RedisTunnel)
#include "tst_redistunnel.moc"
