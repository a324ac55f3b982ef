#include "redisclient.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using porthole::RedisClient;
using porthole::RedisReply;
using porthole::RedisUrl;
using porthole::StorageError;

class tst_RedisClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void binarySafeRoundTrip();
    void pipelineKeepsOrder();
    void errorReplyIsAValue();
    void unreachableServer();
    void connectionKilledByServer();
    void aclUserAndWrongPassword();
    void commandTimeout();
    void selectsDatabase();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    RedisUrl m_url;
    QByteArray m_prefix;
};

void tst_RedisClient::initTestCase()
{
    const auto url = porthole::test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    m_prefix = "tst_redisclient:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_RedisClient::binarySafeRoundTrip()
{
    RedisClient client;
    const auto connected = client.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    QVERIFY(client.isConnected());

    static const char bytes[] = "line one\r\nline two\0nul \xff\xfe not utf-8 ]";
    const QByteArray value(bytes, sizeof(bytes) - 1);
    QVERIFY(value.contains('\0'));
    auto set = client.command({"SET", key("bin"), value});
    QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
    QCOMPARE(set->type, RedisReply::Type::Status);
    QCOMPARE(set->text, QByteArray("OK"));

    auto get = client.command({"GET", key("bin")});
    QVERIFY(get.ok());
    QCOMPARE(get->type, RedisReply::Type::String);
    QCOMPARE(get->text, value);

    auto missing = client.command({"GET", key("missing")});
    QVERIFY(missing.ok());
    QVERIFY(missing->isNil());
}

void tst_RedisClient::pipelineKeepsOrder()
{
    RedisClient client;
    QVERIFY(client.connect(m_url).ok());
    QList<QList<QByteArray>> commands;
    for (int i = 0; i < 500; ++i)
        commands.append({"INCR", key("counter")});
    commands.append({"LRANGE", key("nothing"), "0", "-1"});
    const auto replies = client.pipeline(commands);
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    QCOMPARE(replies->size(), 501);
    for (int i = 0; i < 500; ++i)
        QCOMPARE(replies->at(i).integer, i + 1);
    QCOMPARE(replies->last().type, RedisReply::Type::Array);
    QVERIFY(replies->last().elements.isEmpty());
}

void tst_RedisClient::errorReplyIsAValue()
{
    RedisClient client;
    QVERIFY(client.connect(m_url).ok());
    auto reply = client.command({"NOSUCHCOMMAND", "x"});
    QVERIFY(reply.ok());
    QVERIFY(reply->isError());
    QVERIFY2(reply->text.startsWith("ERR unknown command"), reply->text.constData());
    QVERIFY2(client.isConnected(), "an error reply leaves the connection usable");
    auto ping = client.command({"PING"});
    QVERIFY(ping.ok());
    QCOMPARE(ping->text, QByteArray("PONG"));

    auto empty = client.command({});
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().kind, StorageError::Kind::InvalidArgument);
}

void tst_RedisClient::unreachableServer()
{
    // Port 1 is privileged and nothing of ours listens there.
    RedisClient client;
    const auto connected = client.connect(RedisUrl::local(1));
    QVERIFY(!connected.ok());
    QCOMPARE(connected.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(connected.errorMessage().contains(u"127.0.0.1:1"_s),
             qPrintable(connected.errorMessage()));
    QVERIFY2(connected.errorMessage().contains(u"cannot be reached"_s),
             qPrintable(connected.errorMessage()));
    QVERIFY(!client.isConnected());
    auto reply = client.command({"PING"});
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StorageError::Kind::ConnectionLost);
}

void tst_RedisClient::connectionKilledByServer()
{
    RedisClient victim;
    QVERIFY(victim.connect(m_url).ok());
    auto id = victim.command({"CLIENT", "ID"});
    QVERIFY(id.ok());

    RedisClient killer;
    QVERIFY(killer.connect(m_url).ok());
    auto killed = killer.command({"CLIENT", "KILL", "ID", QByteArray::number(id->integer)});
    QVERIFY(killed.ok());
    QCOMPARE(killed->integer, 1LL);

    auto reply = victim.command({"PING"});
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY(!victim.isConnected());

    QVERIFY2(victim.connect(m_url).ok(), "a new connection works after a lost one");
    QVERIFY(victim.command({"PING"}).ok());
}

void tst_RedisClient::aclUserAndWrongPassword()
{
    RedisClient admin;
    QVERIFY(admin.connect(m_url).ok());
    const QByteArray user = "tst_user_" + QByteArray::number(QCoreApplication::applicationPid());
    auto made =
        admin.command({"ACL", "SETUSER", user, "reset", "on", ">right-password", "~*", "+@all"});
    QVERIFY(made.ok());
    QVERIFY2(!made->isError(), made->text.constData());

    RedisUrl good = *RedisUrl::parse(
        u"redis://%1:right-password@%2:%3"_s.arg(QString::fromLatin1(user), m_url.host())
            .arg(m_url.port()));
    RedisClient client;
    const auto connected = client.connect(good);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    auto whoami = client.command({"ACL", "WHOAMI"});
    QVERIFY(whoami.ok());
    QCOMPARE(whoami->text, user);

    RedisUrl bad = *RedisUrl::parse(
        u"redis://%1:wrong-password@%2:%3"_s.arg(QString::fromLatin1(user), m_url.host())
            .arg(m_url.port()));
    RedisClient refused;
    const auto denied = refused.connect(bad);
    QVERIFY(!denied.ok());
    QCOMPARE(denied.error().kind, StorageError::Kind::InvalidArgument);
    QVERIFY2(denied.errorMessage().contains(u"WRONGPASS"_s), qPrintable(denied.errorMessage()));
    QVERIFY2(!denied.errorMessage().contains(u"wrong-password"_s), "the password is never shown");
    QVERIFY(!refused.isConnected());

    QVERIFY(admin.command({"ACL", "DELUSER", user}).ok());
}

void tst_RedisClient::commandTimeout()
{
    RedisClient client;
    QVERIFY(client.connect(m_url, porthole::RedisTimeouts{2000, 300}).ok());
    QElapsedTimer timer;
    timer.start();
    // BLPOP would block for 10 s; the 300 ms command timeout ends it first.
    auto reply = client.command({"BLPOP", key("never-filled"), "10"});
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(timer.elapsed() < 9000, "the command timeout, not the server, ended the call");
    QVERIFY(!client.isConnected());
}

void tst_RedisClient::selectsDatabase()
{
    RedisUrl db2 = *RedisUrl::parse(u"redis://%1:%2/2"_s.arg(m_url.host()).arg(m_url.port()));
    RedisClient second;
    QVERIFY(second.connect(db2).ok());
    QVERIFY(second.command({"SET", key("db2"), "here"}).ok());

    RedisClient first;
    QVERIFY(first.connect(m_url).ok());
    auto fromFirst = first.command({"GET", key("db2")});
    QVERIFY(fromFirst.ok());
    QVERIFY2(fromFirst->isNil(), "database 0 does not see database 2's keys");
    auto fromSecond = second.command({"GET", key("db2")});
    QCOMPARE(fromSecond->text, QByteArray("here"));
}

QTEST_GUILESS_MAIN(tst_RedisClient)
#include "tst_redisclient.moc"
