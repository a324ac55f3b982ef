#include "connectionfactory.h"
#include "demosession.h"
#include "redisclient.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace porthole;

// Welcome > Start the demo, for real: Porthole's own program fills the store, a private
// redis-server starts on a free port of 127.0.0.1, and demo traffic flows into its stream.
class tst_DemoSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fillsStartsAndStopsEverything();
    void aFillCutShortIsMadeAgain();
    void aStepThatFailsSaysWhy();
    void nothingOutlivesAKilledPorthole();

public:
    static DemoSession::Size small();

private:
    static qint64 countOf(const DataDirectory &store, const QString &table);
    QString m_binary;
};

void tst_DemoSession::initTestCase()
{
    m_binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!m_binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    QVERIFY2(!QStandardPaths::findExecutable(u"redis-server"_s).isEmpty(),
             "redis-server is installed by scripts/install-deps test");
}

DemoSession::Size tst_DemoSession::small()
{
    DemoSession::Size size;
    size.portMessages = 300;
    size.metrics = 200;
    size.portMetrics = 100;
    size.sensorReadings = 100;
    size.checkpoints = 10;
    size.heartbeats = 20;
    size.componentStates = 12;
    size.sinkRows = 30;
    size.batchFiles = 12;
    size.rate = 100;
    return size;
}

qint64 tst_DemoSession::countOf(const DataDirectory &store, const QString &table)
{
    const ConnectionFactory factory(store.databaseUrl());
    qint64 count = -1;
    {
        auto db = factory.open(u"count"_s);
        if (db) {
            QSqlQuery query(*db);
            if (query.exec(u"SELECT COUNT(*) FROM "_s + table) && query.next())
                count = query.value(0).toLongLong();
        }
    }
    factory.close(u"count"_s);
    return count;
}

void tst_DemoSession::fillsStartsAndStopsEverything()
{
    QTemporaryDir dir;
    std::optional<RedisUrl> redis;
    {
        DemoSession demo(m_binary, dir.filePath(u"demo"_s), small());
        QSignalSpy ready(&demo, &DemoSession::ready);
        QSignalSpy failed(&demo, &DemoSession::failed);
        QSignalSpy progress(&demo, &DemoSession::progress);
        demo.start();
        QVERIFY(ready.wait(120000));
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(progress.size(), 5); // fill, batch files, import, server, traffic

        QCOMPARE(countOf(demo.store(), u"port_messages"_s), 300);
        QCOMPARE(QDir(demo.store().batchStorePath())
                     .entryList({u"messages_batch_*.txt"_s}, QDir::Files)
                     .size(),
                 12);
        QCOMPARE(countOf(demo.store(), u"messages"_s), 120); // the batch files, imported
        QVERIFY(demo.redis());
        redis = demo.redis();
        QCOMPARE(redis->host(), u"127.0.0.1"_s);
        RedisClient client;
        QVERIFY(client.connect(*redis).ok());
        const auto length = [&client] {
            auto reply = client.command({"XLEN", DemoSession::streamKey().toUtf8()});
            return reply ? reply->integer : -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(length() > 20, 20000); // the sender sends
    }
    // Deleted: the server and the sender are gone, the store stays.
    RedisClient client;
    QVERIFY(!client.connect(*redis).ok());
    QVERIFY(QFile::exists(dir.filePath(u"demo/porthole.db"_s)));

    // A second start finds the store filled and only starts the server and the traffic.
    DemoSession again(m_binary, dir.filePath(u"demo"_s), small());
    QSignalSpy ready(&again, &DemoSession::ready);
    QSignalSpy progress(&again, &DemoSession::progress);
    again.start();
    QVERIFY(ready.wait(60000));
    QCOMPARE(progress.size(), 2);
    QCOMPARE(countOf(again.store(), u"port_messages"_s), 300);
}

void tst_DemoSession::aFillCutShortIsMadeAgain()
{
    QTemporaryDir dir;
    const DataDirectory store(dir.filePath(u"demo"_s));
    QVERIFY(store.ensureExists().ok());
    // What an interrupted fill leaves: a database without the marker, some batch files.
    QFile half(store.databasePath());
    QVERIFY(half.open(QIODevice::WriteOnly));
    half.write("half a database");
    half.close();
    QFile stray(QDir(store.batchStorePath()).filePath(u"messages_batch_0001.txt"_s));
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.close();

    DemoSession demo(m_binary, store.root(), small());
    QSignalSpy ready(&demo, &DemoSession::ready);
    QSignalSpy failed(&demo, &DemoSession::failed);
    demo.start();
    QVERIFY(ready.wait(120000));
    QVERIFY(failed.isEmpty());
    QCOMPARE(countOf(store, u"port_messages"_s), 300);
    QCOMPARE(countOf(store, u"messages"_s), 120);
}

void tst_DemoSession::aStepThatFailsSaysWhy()
{
    QTemporaryDir dir;
    DemoSession missing(dir.filePath(u"no-such-porthole"_s), dir.filePath(u"demo"_s), small());
    QSignalSpy failed(&missing, &DemoSession::failed);
    missing.start();
    QVERIFY(failed.wait(20000));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.startsWith(u"Filling the demo store"_s), qPrintable(message));

    // Porthole refuses the fill (a batch count it does not take): its own message is shown.
    DemoSession::Size wrong = small();
    wrong.batchFiles = -3;
    DemoSession refused(m_binary, dir.filePath(u"demo2"_s), wrong);
    QSignalSpy refusal(&refused, &DemoSession::failed);
    refused.start();
    QVERIFY(refusal.wait(60000));
    const QString said = refusal.at(0).at(0).toString();
    QVERIFY2(said.startsWith(u"Writing demo batch files failed: "_s), qPrintable(said));
    QVERIFY2(said.contains(u"batch"_s, Qt::CaseInsensitive), qPrintable(said));
}

// Porthole killed (SIGKILL: no destructor runs) while its demo runs: the Redis server and the
// sender it started end with it. The process killed is this test's program, run as a demo.
void tst_DemoSession::nothingOutlivesAKilledPorthole()
{
    QTemporaryDir dir;
    QProcess porthole;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PORTHOLE_DEMO_CHILD"_s, dir.filePath(u"demo"_s));
    porthole.setProcessEnvironment(environment);
    porthole.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(porthole.waitForStarted());
    QByteArray said;
    QTRY_VERIFY_WITH_TIMEOUT((said += porthole.readAllStandardOutput()).contains('\n'), 120000);
    auto redis = RedisUrl::parse(QString::fromUtf8(said.trimmed()));
    QVERIFY2(redis.ok(), said.constData());
    {
        RedisClient client;
        QVERIFY(client.connect(*redis).ok());
    }
    porthole.kill();
    QVERIFY(porthole.waitForFinished());
    QTRY_VERIFY_WITH_TIMEOUT(!RedisClient().connect(*redis).ok(), 10000);
}

// As a child of nothingOutlivesAKilledPorthole: a demo that says its server and runs on.
int runDemoChild(int argc, char **argv, const QString &directory)
{
    QCoreApplication app(argc, argv);
    DemoSession demo(qEnvironmentVariable("PORTHOLE_BINARY"), directory, tst_DemoSession::small());
    QObject::connect(&demo, &DemoSession::ready, [&demo] {
        QTextStream(stdout) << demo.redis()->toDisplayString() << Qt::endl;
    });
    QObject::connect(&demo, &DemoSession::failed, [](const QString &message) {
        QTextStream(stderr) << message << Qt::endl;
        QCoreApplication::exit(1);
    });
    demo.start();
    return QCoreApplication::exec();
}

int main(int argc, char **argv)
{
    if (const QString child = qEnvironmentVariable("PORTHOLE_DEMO_CHILD"); !child.isEmpty())
        return runDemoChild(argc, argv, child);
    QCoreApplication app(argc, argv);
    tst_DemoSession test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_demosession.moc"
