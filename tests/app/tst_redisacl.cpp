#include "ingestservice.h"
#include "redisclient.h"
#include "testservers.h"
#include "watchedingest.h"

#include <QFile>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace porthole;

Q_DECLARE_METATYPE(porthole::RedisSource::Mode)

namespace {

constexpr int waitMs = 60000;
constexpr int messages = 20;

} // namespace

// The ingest worker as a Redis user with only the keys and commands it needs: the ACL that
// packaging/redis/porthole-ingest.acl gives (and docs/DEPLOYMENT.md shows), for its key. Each
// mode stores every message with it and reports no error; without one of its commands the
// worker names the refusal.
class tst_RedisAcl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void ingestsWithTheLeastPrivileges_data();
    void ingestsWithTheLeastPrivileges();
    void aMissingPermissionIsNamed();

private:
    // A user of the shipped rules for `key`, less the rules in `without`; its URL.
    RedisUrl createUser(const QByteArray &key, const QList<QByteArray> &without = {});
    void produce(RedisSource::Mode mode, const QByteArray &key);

    RedisUrl m_redis;
    RedisClient m_admin;
    QList<QByteArray> m_rules; // as shipped, for the key "orders" and the password "change-me"
    QList<QByteArray> m_users;
};

void tst_RedisAcl::initTestCase()
{
    const auto redis = test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    m_redis = *redis;
    QVERIFY(m_admin.connect(m_redis).ok());

    QFile file(QFINDTESTDATA("../../packaging/redis/porthole-ingest.acl"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.startsWith("user porthole-ingest "))
            m_rules = line.mid(21).split(' ');
    }
    QVERIFY2(m_rules.contains(">change-me") && m_rules.contains("~orders"),
             "the file's user line, with the key orders and the password change-me");
}

void tst_RedisAcl::cleanup()
{
    for (const QByteArray &user : std::as_const(m_users))
        QVERIFY(m_admin.command({"ACL", "DELUSER", user}).ok());
    m_users.clear();
}

RedisUrl tst_RedisAcl::createUser(const QByteArray &key, const QList<QByteArray> &without)
{
    const QByteArray user = "porthole-ingest-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QByteArray password = QUuid::createUuid().toByteArray(QUuid::Id128);
    QList<QByteArray> command{"ACL", "SETUSER", user};
    for (QByteArray rule : std::as_const(m_rules)) {
        if (without.contains(rule))
            continue;
        if (rule == ">change-me")
            rule = ">" + password;
        else if (rule.startsWith("~orders") || rule == "&orders")
            rule.replace("orders", key);
        command.append(rule);
    }
    const auto set = m_admin.command(command);
    if (!set || set->isError())
        qWarning("ACL SETUSER: %s", set ? set->text.constData() : qPrintable(set.errorMessage()));
    m_users.append(user);
    return *RedisUrl::parse(
        u"redis://%1:%2@%3:%4/%5"_s
            .arg(QString::fromLatin1(user), QString::fromLatin1(password), m_redis.host())
            .arg(m_redis.port())
            .arg(m_redis.database()));
}

void tst_RedisAcl::produce(RedisSource::Mode mode, const QByteArray &key)
{
    QList<QList<QByteArray>> commands;
    for (int n = 1; n <= messages; ++n) {
        const QByteArray payload = "Message #" + QByteArray::number(n) + ": least privileges";
        if (mode == RedisSource::Mode::Stream)
            commands.append({"XADD", key, "*", "payload", payload});
        else if (mode == RedisSource::Mode::List)
            commands.append({"LPUSH", key, payload});
        else
            commands.append({"PUBLISH", key, payload});
    }
    const auto replies = m_admin.pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
}

void tst_RedisAcl::ingestsWithTheLeastPrivileges_data()
{
    QTest::addColumn<RedisSource::Mode>("mode");
    QTest::newRow("stream") << RedisSource::Mode::Stream;
    QTest::newRow("list") << RedisSource::Mode::List;
    QTest::newRow("pubsub") << RedisSource::Mode::PubSub;
}

void tst_RedisAcl::ingestsWithTheLeastPrivileges()
{
    QFETCH(RedisSource::Mode, mode);
    const QByteArray key = "acl-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const RedisUrl url = createUser(key);

    // The user is held to its key and its commands.
    RedisClient user;
    QVERIFY2(user.connect(url).ok(), "the user logs in");
    QVERIFY(user.command({"LLEN", "another-key"})->text.startsWith("NOPERM"));
    QVERIFY(user.command({"FLUSHDB"})->text.startsWith("NOPERM"));
    QVERIFY(user.command({"KEYS", "*"})->text.startsWith("NOPERM"));

    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    IngestConfig config;
    config.mode = mode;
    config.source.url = url;
    config.source.key = QString::fromLatin1(key);
    config.source.consumer = u"acl-test"_s;
    config.source.blockMs = 100;
    config.sinkUrl = u"sqlite://"_s + folder.filePath(u"acl.db"_s);
    config.databaseUrl = config.sinkUrl;
    if (mode != RedisSource::Mode::PubSub)
        produce(mode, key);

    test::WatchedIngest ingest;
    ingest.service.start(config);
    QTRY_COMPARE_WITH_TIMEOUT(ingest.last.state, IngestState::Running, waitMs);
    if (mode == RedisSource::Mode::PubSub)
        produce(mode, key); // a channel keeps nothing: sent once the worker listens
    QTRY_COMPARE_WITH_TIMEOUT(ingest.last.stored, messages, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(ingest.last.pending <= 0 && ingest.last.acknowledged == messages,
                             waitMs);
    ingest.service.shutdown();
    QVERIFY2(ingest.errors.isEmpty(), qPrintable(ingest.errors.join(u'\n')));
    QCOMPARE(test::storedMessageNumbers(folder.filePath(u"acl.db"_s)), messages);

    if (mode == RedisSource::Mode::Stream) {
        // At a clean stop the consumer left its group (a script: XINFO, XGROUP DELCONSUMER).
        const auto consumers = m_admin.command({"XINFO", "CONSUMERS", key, "porthole"});
        QVERIFY(consumers.ok());
        QCOMPARE(consumers->elements.size(), 0);
    }
    QVERIFY(m_admin.command({"DEL", key}).ok());
}

void tst_RedisAcl::aMissingPermissionIsNamed()
{
    const QByteArray key = "acl-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const RedisUrl url = createUser(key, {"+xreadgroup"});
    produce(RedisSource::Mode::Stream, key);

    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    IngestConfig config;
    config.source.url = url;
    config.source.key = QString::fromLatin1(key);
    config.source.blockMs = 100;
    config.sinkUrl = u"sqlite://"_s + folder.filePath(u"acl.db"_s);
    config.databaseUrl = config.sinkUrl;

    test::WatchedIngest ingest;
    ingest.service.start(config);
    QTRY_VERIFY_WITH_TIMEOUT(!ingest.last.lastError.isEmpty(), waitMs);
    QVERIFY2(ingest.last.lastError.contains(u"NOPERM"_s) &&
                 ingest.last.lastError.contains(u"The Redis user lacks a permission that this mode "
                                                "needs."_s),
             qPrintable(ingest.last.lastError));
    QCOMPARE(ingest.last.stored, 0);
    ingest.service.shutdown();
    QVERIFY(m_admin.command({"DEL", key}).ok());
}

QTEST_GUILESS_MAIN(tst_RedisAcl)
#include "tst_redisacl.moc"
