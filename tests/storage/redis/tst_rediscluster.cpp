#include "ingestrun.h"
#include "redisclient.h"
#include "streambrowser.h"
#include "streamgroups.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <functional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::test::IngestRun;

namespace {

// A master of the fixture's cluster and a client of its own, which no MOVED leads elsewhere
// (it is sent only commands for its own slots, or none with a key).
struct Node
{
    QByteArray id;
    RedisUrl url;
    std::unique_ptr<RedisClient> client;
};

// Runs `cleanup` when the scope ends, whether the test passed or not.
class Finally
{
public:
    explicit Finally(std::function<void()> cleanup)
        : m_cleanup(std::move(cleanup))
    {}
    ~Finally() { m_cleanup(); }
    Finally(const Finally &) = delete;
    Finally &operator=(const Finally &) = delete;

private:
    std::function<void()> m_cleanup;
};

// The answer of `node` to one command, as redis-cli (without -c) prints it: a MOVED or ASK
// line is shown, not followed. The control that the cluster does redirect.
QByteArray unfollowed(const Node &node, const QList<QByteArray> &args)
{
    QProcess cli;
    QStringList arguments{u"-h"_s, node.url.host(), u"-p"_s, QString::number(node.url.port())};
    for (const QByteArray &arg : args)
        arguments << QString::fromUtf8(arg);
    cli.start(u"redis-cli"_s, arguments);
    if (!cli.waitForFinished(30000))
        return "redis-cli did not finish";
    return cli.readAllStandardOutput().trimmed();
}

} // namespace

class tst_RedisCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commandFollowsMoved_data();
    void commandFollowsMoved();
    void pipelineFollowsMoved();
    void transactionSentAgainWhole();
    void evalScriptFollowsMoved();
    void askFollowedOnceAndForgotten();
    void redirectLoopStops();
    void streamReadsOnAnotherNode();
    void keyListCoversEveryNode();
    void ingestReceivesFromAnotherNode();
    void ingestListNeedsAHashTag();

private:
    // The node index serving `key`'s slot.
    int ownerOf(const QByteArray &key);
    // A new key of this test run whose slot node `node` serves.
    QByteArray keyOn(int node, const QByteArray &name);
    QByteArray myId(RedisClient &client);
    // A client connected to the fixture's URL: the first node.
    std::unique_ptr<RedisClient> seedClient();
    // The distinct message numbers and the rows in the SQLite file's messages table.
    static std::pair<qint64, qint64> storedRows(const QString &database);

    RedisUrl m_url;
    std::vector<Node> m_nodes; // m_nodes[0] is the URL's
    QByteArray m_prefix;
    int m_keys = 0;
};

void tst_RedisCluster::initTestCase()
{
    const auto url = porthole::test::fixtureRedisCluster();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    m_prefix = "tst_rediscluster:" + QUuid::createUuid().toByteArray(QUuid::Id128) + ':';

    // CLUSTER SLOTS: ranges of slots, each with its master's host, port and id.
    auto seed = seedClient();
    QVERIFY(seed);
    const QByteArray seedId = myId(*seed);
    const auto ranges = seed->command({"CLUSTER", "SLOTS"});
    QVERIFY2(ranges.ok() && ranges->type == RedisReply::Type::Array, "CLUSTER SLOTS");
    for (const RedisReply &range : ranges->elements) {
        const RedisReply &master = range.elements.at(2);
        const QByteArray id = master.elements.at(2).text;
        const bool known = std::any_of(m_nodes.begin(), m_nodes.end(),
                                       [&id](const Node &node) { return node.id == id; });
        if (known)
            continue;
        Node node{id,
                  m_url.atNode(QString::fromUtf8(master.elements.at(0).text),
                               int(master.elements.at(1).integer)),
                  std::make_unique<RedisClient>()};
        const auto connected = node.client->connect(node.url);
        QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
        if (id == seedId)
            m_nodes.insert(m_nodes.begin(), std::move(node));
        else
            m_nodes.push_back(std::move(node));
    }
    QCOMPARE(m_nodes.size(), size_t(3));
    QCOMPARE(m_nodes.front().id, seedId);
}

std::unique_ptr<RedisClient> tst_RedisCluster::seedClient()
{
    auto client = std::make_unique<RedisClient>();
    if (!client->connect(m_url).ok())
        return nullptr;
    return client;
}

QByteArray tst_RedisCluster::myId(RedisClient &client)
{
    const auto reply = client.command({"CLUSTER", "MYID"});
    return reply.ok() ? reply->text : QByteArray();
}

int tst_RedisCluster::ownerOf(const QByteArray &key)
{
    const auto slot = m_nodes.front().client->command({"CLUSTER", "KEYSLOT", key});
    if (!slot.ok())
        return -1;
    const auto ranges = m_nodes.front().client->command({"CLUSTER", "SLOTS"});
    if (!ranges.ok())
        return -1;
    for (const RedisReply &range : ranges->elements) {
        if (slot->integer < range.elements.at(0).integer ||
            slot->integer > range.elements.at(1).integer)
            continue;
        const QByteArray id = range.elements.at(2).elements.at(2).text;
        for (int i = 0; i < int(m_nodes.size()); ++i) {
            if (m_nodes.at(i).id == id)
                return i;
        }
    }
    return -1;
}

QByteArray tst_RedisCluster::keyOn(int node, const QByteArray &name)
{
    for (;;) {
        const QByteArray key = m_prefix + name + ':' + QByteArray::number(++m_keys);
        if (ownerOf(key) == node)
            return key;
    }
}

void tst_RedisCluster::commandFollowsMoved_data()
{
    QTest::addColumn<int>("node");
    QTest::newRow("the URL's node") << 0;
    QTest::newRow("second node") << 1;
    QTest::newRow("third node") << 2;
}

void tst_RedisCluster::commandFollowsMoved()
{
    QFETCH(int, node);
    const QByteArray key = keyOn(node, "command");
    // The control: the URL's node sends a command for another's key there.
    const QByteArray there = unfollowed(m_nodes.front(), {"XLEN", key});
    QCOMPARE(there.startsWith("MOVED "), node != 0);
    auto client = seedClient();
    QVERIFY(client);

    const auto added = client->command({"XADD", key, "*", "field", "value"});
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
    QCOMPARE(added->type, RedisReply::Type::String);
    // The client went to the key's node and stays there.
    QCOMPARE(myId(*client), m_nodes.at(node).id);
    QCOMPARE(client->node(), m_nodes.at(node).url);
    QCOMPARE(client->url(), m_url);
    // Added once, on that node.
    const auto length = m_nodes.at(node).client->command({"XLEN", key});
    QVERIFY(length.ok());
    QCOMPARE(length->integer, 1);

    // Back to the URL's node for a key there.
    const auto back = client->command({"XLEN", keyOn(0, "absent")});
    QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
    QCOMPARE(back->integer, 0);
    QCOMPARE(myId(*client), m_nodes.front().id);
}

void tst_RedisCluster::pipelineFollowsMoved()
{
    const QList<QByteArray> keys{keyOn(1, "pipeline"), keyOn(0, "pipeline"), keyOn(2, "pipeline")};
    auto client = seedClient();
    QVERIFY(client);
    QList<QList<QByteArray>> commands;
    for (int round = 0; round < 2; ++round) {
        for (const QByteArray &key : keys)
            commands.append({"RPUSH", key, QByteArray::number(round)});
    }
    for (const QByteArray &key : keys)
        commands.append({"LRANGE", key, "0", "-1"});
    const auto replies = client->pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    QCOMPARE(replies->size(), commands.size());
    // Each command ran once, in order, wherever its key lives.
    for (int i = 0; i < 6; ++i)
        QCOMPARE(replies->at(i).integer, i / 3 + 1);
    for (int i = 6; i < 9; ++i) {
        QCOMPARE(replies->at(i).elements.size(), 2);
        QCOMPARE(replies->at(i).elements.at(0).text, QByteArray("0"));
        QCOMPARE(replies->at(i).elements.at(1).text, QByteArray("1"));
    }
    for (int i = 0; i < 3; ++i) {
        const auto length = m_nodes.at(ownerOf(keys.at(i))).client->command({"LLEN", keys.at(i)});
        QVERIFY(length.ok());
        QCOMPARE(length->integer, 2);
    }
}

void tst_RedisCluster::transactionSentAgainWhole()
{
    const QByteArray key = keyOn(2, "transaction");
    auto client = seedClient();
    QVERIFY(client);
    // The URL's node refuses the queued commands (MOVED) and so the transaction (EXECABORT):
    // it goes again, whole, to the key's node.
    const auto replies = client->pipeline({{"MULTI"}, {"INCR", key}, {"INCR", key}, {"EXEC"}});
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    QCOMPARE(replies->at(1).text, QByteArray("QUEUED"));
    const RedisReply &exec = replies->at(3);
    QCOMPARE(exec.type, RedisReply::Type::Array);
    QCOMPARE(exec.elements.size(), 2);
    QCOMPARE(exec.elements.at(1).integer, 2);
    const auto value = m_nodes.at(2).client->command({"GET", key});
    QCOMPARE(value->text, QByteArray("2"));
}

void tst_RedisCluster::evalScriptFollowsMoved()
{
    const QByteArray key = keyOn(1, "script");
    QVERIFY(m_nodes.at(1).client->command({"SET", key, "41"}).ok());
    // A script new to every node: EVALSHA is moved, then refused (NOSCRIPT) where it went.
    const QByteArray source = "-- " + QUuid::createUuid().toByteArray() +
                              "\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
    auto client = seedClient();
    QVERIFY(client);
    const auto reply = client->evalScript(source, {key}, {"1"});
    QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
    QVERIFY2(!reply->isError(), reply->text.constData());
    QCOMPARE(reply->integer, 42);
    // Again, from the URL's node: the script is known where it runs now.
    QVERIFY(client->connect(m_url).ok());
    const auto again = client->evalScript(source, {key}, {"1"});
    QVERIFY2(again.ok() && !again->isError(), qPrintable(again.errorMessage()));
    QCOMPARE(again->integer, 43);
}

void tst_RedisCluster::askFollowedOnceAndForgotten()
{
    // A slot of the URL's node half moved to the second: the URL's node answers ASK for a key
    // of that slot it does not hold.
    const QByteArray key = keyOn(0, "ask");
    const QByteArray slot =
        QByteArray::number(m_nodes.front().client->command({"CLUSTER", "KEYSLOT", key})->integer);
    RedisClient &source = *m_nodes.at(0).client;
    RedisClient &target = *m_nodes.at(1).client;
    const Finally settle([&] {
        target.pipeline({{"ASKING"}, {"DEL", key}});
        source.command({"CLUSTER", "SETSLOT", slot, "STABLE"});
        target.command({"CLUSTER", "SETSLOT", slot, "STABLE"});
    });
    // Other keys of this run may share the slot, on the URL's node.
    const qint64 before = source.command({"CLUSTER", "COUNTKEYSINSLOT", slot})->integer;
    QCOMPARE(target.command({"CLUSTER", "SETSLOT", slot, "IMPORTING", m_nodes.at(0).id})->text,
             QByteArray("OK"));
    QCOMPARE(source.command({"CLUSTER", "SETSLOT", slot, "MIGRATING", m_nodes.at(1).id})->text,
             QByteArray("OK"));
    // The control: the URL's node does answer ASK.
    const QByteArray asked = unfollowed(m_nodes.at(0), {"XLEN", key});
    QVERIFY2(asked.startsWith("ASK "), asked.constData());

    auto client = seedClient();
    QVERIFY(client);
    const auto added = client->command({"XADD", key, "*", "field", "value"});
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
    QVERIFY2(!added->isError(), added->text.constData());
    const auto replies =
        client->pipeline({{"XADD", key, "*", "field", "again"}, {"XLEN", key}, {"PING"}});
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    QCOMPARE(replies->at(1).integer, 2);
    QCOMPARE(replies->at(2).text, QByteArray("PONG"));
    // The key went to the importing node; the client stayed where it was.
    QCOMPARE(target.command({"CLUSTER", "COUNTKEYSINSLOT", slot})->integer, 1);
    QCOMPARE(source.command({"CLUSTER", "COUNTKEYSINSLOT", slot})->integer, before);
    QCOMPARE(myId(*client), m_nodes.front().id);
    QCOMPARE(client->node(), m_url);
}

void tst_RedisCluster::redirectLoopStops()
{
    // The URL's node says a slot migrates to the second node, which does not import it: ASK
    // there, MOVED back, for ever.
    const QByteArray key = keyOn(0, "loop");
    const QByteArray slot =
        QByteArray::number(m_nodes.front().client->command({"CLUSTER", "KEYSLOT", key})->integer);
    RedisClient &source = *m_nodes.at(0).client;
    {
        const Finally settle([&] { source.command({"CLUSTER", "SETSLOT", slot, "STABLE"}); });
        QCOMPARE(source.command({"CLUSTER", "SETSLOT", slot, "MIGRATING", m_nodes.at(1).id})->text,
                 QByteArray("OK"));
        // The control: ASK from the URL's node, MOVED back from the second.
        QVERIFY(unfollowed(m_nodes.at(0), {"XLEN", key}).startsWith("ASK "));
        const QByteArray back = unfollowed(m_nodes.at(1), {"XLEN", key});
        QVERIFY2(back.startsWith("MOVED ") &&
                     back.endsWith(QByteArray(":" + QByteArray::number(m_url.port()))),
                 back.constData());
        auto client = seedClient();
        QVERIFY(client);
        const auto looped = client->command({"XLEN", key});
        QVERIFY(!looped.ok());
        QCOMPARE(looped.error().kind, StorageError::Kind::Protocol);
        QVERIFY2(looped.errorMessage().contains(u"redirected XLEN more than 5 times"_s),
                 qPrintable(looped.errorMessage()));
        QVERIFY2(looped.errorMessage().contains(u"the last answer: "_s),
                 qPrintable(looped.errorMessage()));
    }
    // Settled, the same command succeeds.
    auto client = seedClient();
    QVERIFY(client);
    const auto settled = client->command({"XLEN", key});
    QVERIFY2(settled.ok(), qPrintable(settled.errorMessage()));
    QCOMPARE(settled->integer, 0);
}

void tst_RedisCluster::streamReadsOnAnotherNode()
{
    const QByteArray key = keyOn(2, "browsed");
    RedisClient &owner = *m_nodes.at(2).client;
    for (int i = 0; i < 5; ++i)
        QVERIFY(owner.command({"XADD", key, "*", "n", QByteArray::number(i)}).ok());
    QVERIFY(owner.command({"XGROUP", "CREATE", key, "readers", "0"}).ok());
    QVERIFY(
        owner
            .command({"XREADGROUP", "GROUP", "readers", "alice", "COUNT", "3", "STREAMS", key, ">"})
            .ok());

    // Each read from a client at the URL's node, which does not hold the stream.
    auto client = seedClient();
    QVERIFY(client);
    const auto page = readStreamPage(*client, key, StreamDirection::Backward, {}, 10);
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QCOMPARE(page->size(), 5);
    QVERIFY(client->connect(m_url).ok());
    const auto info = readStreamInfo(*client, key);
    QVERIFY2(info.ok(), qPrintable(info.errorMessage()));
    QCOMPARE(info->length, 5);
    QCOMPARE(info->groups, 1);
    QCOMPARE(info->lastId, page->first().id);
    QVERIFY(client->connect(m_url).ok());
    PendingQuery query;
    query.key = key;
    query.group = "readers";
    const auto pending = readPendingPage(*client, query);
    QVERIFY2(pending.ok(), qPrintable(pending.errorMessage()));
    QCOMPARE(pending->size(), 3);
    QCOMPARE(pending->first().consumer, u"alice"_s);
}

void tst_RedisCluster::keyListCoversEveryNode()
{
    const QByteArray pattern = m_prefix + "listed:*";
    QSet<QByteArray> keys;
    for (int node = 0; node < 3; ++node) {
        for (int i = 0; i < 4; ++i) {
            const QByteArray key = keyOn(node, "listed");
            QVERIFY(m_nodes.at(node).client->command({"XADD", key, "*", "n", "1"}).ok());
            keys.insert(key);
        }
    }
    QVERIFY(m_nodes.at(2)
                .client->command({"XGROUP", "CREATE", *keys.constBegin(), "listers", "0"})
                .ok());

    // Small steps, so that a node takes several.
    auto client = seedClient();
    QVERIFY(client);
    KeyScan scan{"0", pattern, {}, 2};
    QList<RedisKey> found;
    QSet<QByteArray> cursors;
    do {
        const auto page = scanKeys(*client, scan);
        QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
        found.append(page->keys);
        scan.cursor = page->cursor;
        cursors.insert(scan.cursor.left(scan.cursor.indexOf(':')));
    } while (scan.cursor != "0");
    QSet<QByteArray> names;
    for (const RedisKey &key : std::as_const(found)) {
        names.insert(key.name);
        QCOMPARE(key.type, QByteArray("stream"));
        QCOMPARE(key.length, 1LL);
    }
    QCOMPARE(found.size(), keys.size());
    QCOMPARE(names, keys);
    // The cursor went through the three masters.
    QVERIFY(cursors.contains("0") && cursors.contains("1") && cursors.contains("2"));

    // The Overview's consumer groups, from every node too.
    const auto groups = scanStreamGroups(*client);
    QVERIFY2(groups.ok(), qPrintable(groups.errorMessage()));
    QVERIFY(groups->complete);
    const bool listed = std::any_of(
        groups->groups.begin(), groups->groups.end(), [&keys](const StreamGroup &group) {
            return group.stream == QString::fromUtf8(*keys.constBegin()) &&
                   group.group == u"listers"_s;
        });
    QVERIFY(listed);
}

void tst_RedisCluster::ingestReceivesFromAnotherNode()
{
    const QString binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    const QByteArray key = keyOn(1, "ingest");
    RedisClient &owner = *m_nodes.at(1).client;
    const auto add = [&](int from, int to) {
        QList<QList<QByteArray>> commands;
        for (int n = from; n <= to; ++n)
            commands.append({"XADD", key, "*", "payload",
                             "Message #" + QByteArray::number(n) + ": on a cluster"});
        return owner.pipeline(commands).ok();
    };
    QVERIFY(add(1, 300));

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    const QString database = directory.filePath(u"ingest.db"_s);
    IngestRun run(binary,
                  {u"--redis"_s, m_url.toDisplayString(), u"--key"_s, QString::fromUtf8(key),
                   u"--group"_s, u"porthole"_s, u"--consumer"_s, u"cluster"_s, u"--count"_s,
                   u"50"_s, u"--block-ms"_s, u"200"_s, u"--sink"_s, u"sqlite://"_s + database});
    QVERIFY(run.start());
    const auto pending = [&] {
        const auto reply = owner.command({"XPENDING", key, "porthole"});
        return reply.ok() && !reply->elements.isEmpty() ? reply->elements.at(0).integer : -1;
    };
    const auto stored = [&] {
        return porthole::test::storedMessageNumbers(database);
    };
    QTRY_VERIFY2_WITH_TIMEOUT((stored() == 300 && pending() == 0) || !run.running(),
                              qPrintable(run.log()), IngestRun::stepTimeoutMs);
    QVERIFY2(run.running(), qPrintable(run.log()));
    // More while it waits in a blocking read on the stream's node.
    QVERIFY(add(301, 400));
    QTRY_VERIFY2_WITH_TIMEOUT((stored() == 400 && pending() == 0) || !run.running(),
                              qPrintable(run.log()), IngestRun::stepTimeoutMs);
    QCOMPARE(run.terminate(), 0);

    // Every entry once, each acknowledged: nothing pending, the group read up to the last.
    QCOMPARE(storedRows(database), std::make_pair(400LL, 400LL));
    QCOMPARE(pending(), 0);
    const auto last = owner.command({"XREVRANGE", key, "+", "-", "COUNT", "1"});
    const auto groups = owner.command({"XINFO", "GROUPS", key});
    QVERIFY(last.ok() && groups.ok() && groups->elements.size() == 1);
    const RedisReply &group = groups->elements.first();
    QByteArray lastDelivered;
    for (qsizetype i = 0; i + 1 < group.elements.size(); i += 2) {
        if (group.elements.at(i).text == "last-delivered-id")
            lastDelivered = group.elements.at(i + 1).text;
    }
    QCOMPARE(lastDelivered, last->elements.first().elements.first().text);
}

std::pair<qint64, qint64> tst_RedisCluster::storedRows(const QString &database)
{
    std::pair<qint64, qint64> rows{-1, -1};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
        db.setDatabaseName(database);
        if (db.open()) {
            QSqlQuery query(u"SELECT count(DISTINCT message_number), count(*) FROM messages"_s, db);
            if (query.next())
                rows = {query.value(0).toLongLong(), query.value(1).toLongLong()};
        }
    }
    QSqlDatabase::removeDatabase(u"check"_s);
    return rows;
}

void tst_RedisCluster::ingestListNeedsAHashTag()
{
    const QString binary = qEnvironmentVariable("PORTHOLE_BINARY");
    QVERIFY2(!binary.isEmpty(), "PORTHOLE_BINARY names the porthole executable (ctest sets it)");
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    auto client = seedClient();
    QVERIFY(client);
    const auto fill = [&client](const QByteArray &list, int count) {
        QList<QList<QByteArray>> commands;
        for (int n = 1; n <= count; ++n)
            commands.append({"RPUSH", list, "Message #" + QByteArray::number(n) + ": a list"});
        return client->pipeline(commands).ok();
    };
    const auto ingest = [&](const QByteArray &list, const QString &file) {
        return QStringList{u"--redis"_s,    m_url.toDisplayString(),
                           u"--mode"_s,     u"list"_s,
                           u"--key"_s,      QString::fromUtf8(list),
                           u"--consumer"_s, u"cluster"_s,
                           u"--block-ms"_s, u"200"_s,
                           u"--sink"_s,     u"sqlite://"_s + directory.filePath(file)};
    };

    // Without a hash tag the processing list hashes to another slot: a clear refusal, and the
    // list is left as it was.
    const QByteArray plain = keyOn(1, "plain-list");
    QVERIFY(fill(plain, 3));
    {
        IngestRun run(binary, ingest(plain, u"plain.db"_s));
        QVERIFY(run.start());
        const auto refused = run.waitForLine(QRegularExpression(u"CROSSSLOT.*hash tag"_s));
        QVERIFY2(refused.hasMatch(), qPrintable(run.log()));
    }
    QCOMPARE(client->command({"LLEN", plain})->integer, 3LL);

    // With one, on a node other than the URL's: every element stored once, the list and its
    // processing list emptied.
    QByteArray tagged;
    for (int n = 0; tagged.isEmpty(); ++n) {
        const QByteArray key = '{' + m_prefix + "list:" + QByteArray::number(n) + '}';
        if (ownerOf(key) == 2)
            tagged = key;
    }
    QVERIFY(fill(tagged, 50));
    const QString database = directory.filePath(u"tagged.db"_s);
    IngestRun run(binary, ingest(tagged, u"tagged.db"_s));
    QVERIFY(run.start());
    const auto drained = [&] {
        const auto left =
            client->pipeline({{"LLEN", tagged}, {"EXISTS", tagged + ":processing:cluster"}});
        return left.ok() && left->at(0).integer == 0 && left->at(1).integer == 0;
    };
    QTRY_VERIFY2_WITH_TIMEOUT((storedRows(database).first == 50 && drained()) || !run.running(),
                              qPrintable(run.log()), IngestRun::stepTimeoutMs);
    QCOMPARE(run.terminate(), 0);
    QCOMPARE(storedRows(database), std::make_pair(50LL, 50LL));
}

QTEST_GUILESS_MAIN(tst_RedisCluster)
#include "tst_rediscluster.moc"
