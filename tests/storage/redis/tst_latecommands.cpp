#include "hostileredis.h"
#include "ownredis.h"
#include "redisclient.h"
#include "redissource.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;
using namespace porthole;
using test::HostileAction;
using test::HostileRedis;

namespace {

constexpr int commandTimeoutMs = 300;
constexpr int lateMs = 3 * commandTimeoutMs; // well after the source has connected again

// What a command of the list source does to the lists: "move", "acknowledge", or empty for
// anything else (a read, a wait that takes nothing, the handshake).
QByteArray listOperation(const QList<QByteArray> &command)
{
    if (command.isEmpty())
        return {};
    const QByteArray name = command.first().toUpper();
    if ((name == "EVALSHA" || name == "EVAL") && command.size() > 7)
        return command.at(7); // EVALSHA sha 3 list processing fence connection OPERATION ...
    if ((name == "LMOVE" || name == "BLMOVE") && command.size() > 2 &&
        command.at(1) != command.at(2))
        return "move";
    if (name == "DEL")
        return "acknowledge";
    return {};
}

} // namespace

// A list source's command that reaches Redis long after the source gave up waiting for it
// (a network that delayed it, a server stopped and resumed) and connected again. It must
// change nothing: a late move would put an element in the processing list after the new
// connection read it, for the next acknowledgement to delete unstored; a late acknowledgement
// would delete a group the new connection holds and has not stored.
class tst_LateCommands : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void lateListCommandChangesNothing_data();
    void lateListCommandChangesNothing();

private:
    QTemporaryDir m_folder;
    std::unique_ptr<test::OwnRedis> m_server;
    RedisUrl m_redis;
    RedisClient m_admin;
};

void tst_LateCommands::initTestCase()
{
    // A server of its own: the fixture's is shared with tests that flush its scripts.
    QVERIFY(m_folder.isValid());
    const int port = test::freeLoopbackPort();
    QVERIFY(port > 0);
    m_server = std::make_unique<test::OwnRedis>(m_folder.path(), port);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_redis = m_server->url();
    QVERIFY(m_admin.connect(m_redis).ok());
}

void tst_LateCommands::lateListCommandChangesNothing_data()
{
    QTest::addColumn<QByteArray>("operation");
    QTest::newRow("a move") << QByteArray("move");
    QTest::newRow("an acknowledgement") << QByteArray("acknowledge");
}

void tst_LateCommands::lateListCommandChangesNothing()
{
    QFETCH(QByteArray, operation);
    const QByteArray key = "late-" + QUuid::createUuid().toString(QUuid::Id128).toLatin1();
    QList<QByteArray> push{"LPUSH", key};
    for (int n = 1; n <= 20; ++n)
        push.append("m" + QByteArray::number(n));
    QVERIFY(m_admin.command(push).ok());

    // The first such command of the first connection is held back.
    auto held = std::make_shared<std::atomic<bool>>(false);
    HostileRedis proxy(
        [operation, held](int connection, const QList<QByteArray> &command) {
            if (connection == 0 && !*held && listOperation(command) == operation) {
                *held = true;
                return HostileAction::late(lateMs);
            }
            return HostileAction::pass();
        },
        m_redis);
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));

    RedisSourceOptions options;
    options.url = proxy.url();
    options.key = QString::fromLatin1(key);
    options.consumer = u"late"_s;
    options.count = 5;
    options.blockMs = 50;
    options.timeouts = {1000, commandTimeoutMs};
    // A server that has run the list source before holds its script: the late command runs.
    {
        RedisSourceOptions warm = options;
        warm.url = m_redis;
        warm.key = options.key + u"-warm"_s;
        auto source = RedisSource::create(RedisSource::Mode::List, warm);
        QVERIFY(source.ok() && (*source)->open().ok() && (*source)->fetch().ok());
    }

    auto created = RedisSource::create(RedisSource::Mode::List, options);
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    std::unique_ptr<RedisSource> source = std::move(created).value();
    QVERIFY(source->open().ok());

    QSet<QByteArray> stored;
    QSet<QString> storedKeys;
    const auto store = [&](const QList<Delivery> &deliveries) {
        for (const Delivery &delivery : deliveries) {
            if (!storedKeys.contains(delivery.key))
                stored.insert(delivery.payload);
            storedKeys.insert(delivery.key);
        }
    };

    auto fetched = source->fetch();
    if (operation == "move") {
        // The move is held: the source gives up on it and connects again.
        QVERIFY(!fetched.ok());
        QCOMPARE(fetched.error().kind, StorageError::Kind::ConnectionLost);
        QVERIFY2(source->open().ok(), "the second connection");
        fetched = source->fetch();
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        QCOMPARE(fetched->deliveries.size(), 5);
        store(fetched->deliveries);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.lateAnswers().size(), 1, 10000); // it ran now
        QVERIFY(source->acknowledge(fetched->deliveries).ok());
    } else {
        QVERIFY2(fetched.ok(), qPrintable(fetched.errorMessage()));
        store(fetched->deliveries);
        const auto acknowledged = source->acknowledge(fetched->deliveries);
        QVERIFY(!acknowledged.ok()); // held
        QCOMPARE(acknowledged.error().kind, StorageError::Kind::ConnectionLost);
        QVERIFY2(source->open().ok(), "the second connection");
        const auto again = source->fetch(); // the same group, stored already
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(again->deliveries.size(), 5);
        store(again->deliveries);
        QVERIFY(source->acknowledge(again->deliveries).ok());
        // The next group is fetched; the late acknowledgement runs; the worker dies before it
        // stores the group.
        const auto inHand = source->fetch();
        QVERIFY2(inHand.ok(), qPrintable(inHand.errorMessage()));
        QCOMPARE(inHand->deliveries.size(), 5);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.lateAnswers().size(), 1, 10000);
    }
    qInfo("the late command's answer: %s", proxy.lateAnswers().constFirst().trimmed().constData());
    QVERIFY2(!proxy.lateAnswers().constFirst().startsWith("-NOSCRIPT"),
             "the late command ran nothing");

    // A new worker (a restart) takes what is left, the processing list first.
    source.reset();
    created = RedisSource::create(RedisSource::Mode::List, options);
    QVERIFY(created.ok());
    source = std::move(created).value();
    QVERIFY(source->open().ok());
    for (;;) {
        const auto next = source->fetch();
        QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
        if (next->deliveries.isEmpty())
            break;
        store(next->deliveries);
        QVERIFY(source->acknowledge(next->deliveries).ok());
    }
    QCOMPARE(stored.size(), 20);
    const auto left = m_admin.pipeline({{"LLEN", key}, {"EXISTS", key + ":processing:late"}});
    QVERIFY(left.ok());
    QCOMPARE(left->at(0).integer, 0);
    QCOMPARE(left->at(1).integer, 0);
}

QTEST_GUILESS_MAIN(tst_LateCommands)
#include "tst_latecommands.moc"
