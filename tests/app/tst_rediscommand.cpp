#include "commandrun.h"
#include "redisclient.h"
#include "streamentrypayload.h"
#include "testservers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The i-th entry (from 1) was added at Base + i ms.
constexpr qint64 Base = 1764000000000;

QString idOf(qint64 i)
{
    return QString::number(Base + i) + u"-0"_s;
}

QJsonArray jsonOf(const test::CommandRun &run)
{
    return QJsonDocument::fromJson(run.out).array();
}

// A key, name or value as a table shows it, back to its bytes: hex after "0x", else the text.
QByteArray bytesShown(const QString &shown)
{
    if (shown.startsWith(u"0x"_s))
        return QByteArray::fromHex(shown.mid(2).toLatin1());
    return shown.toUtf8();
}

// The KEY column of each line of `porthole redis keys`, where the heading puts it.
QStringList keysListed(const QByteArray &out)
{
    const QStringList lines = QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts);
    QStringList keys;
    const qsizetype column = lines.value(0).indexOf(u"KEY"_s);
    for (qsizetype i = 1; i < lines.size() && column > 0; ++i)
        keys << lines.at(i).mid(column);
    return keys;
}

QStringList idsOf(const QJsonArray &rows)
{
    QStringList ids;
    for (const QJsonValue &row : rows)
        ids << row[u"id"_s].toString();
    return ids;
}

} // namespace

class tst_RedisCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagesAStream();
    void listsPendingEntriesWithPoison();
    void listsKeysByPatternAndType();
    void keepsEveryFieldOfAnEntry();
    void tellsEveryKeyApart();
    void usageErrorsAndAnUnreachableServer();

private:
    test::CommandRun redis(const QStringList &arguments) const
    {
        return test::runPorthole(QStringList{u"redis"_s, u"--redis"_s, m_url} + arguments, 60000);
    }
    QString key(const char *name) const { return m_prefix + QString::fromLatin1(name); }
    RedisClient m_client;
    QString m_url;
    QString m_prefix;
};

void tst_RedisCommand::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = url->toDisplayString(); // the fixture has no password
    QVERIFY(m_client.connect(*url).ok());
    m_prefix = u"tst_rediscommand:"_s + QUuid::createUuid().toString(QUuid::WithoutBraces) + u':';
    QList<QList<QByteArray>> adds;
    for (qint64 i = 1; i <= 50; ++i)
        adds.append(
            {"XADD", key("orders").toUtf8(), idOf(i).toUtf8(), "payload",
             i == 7 ? QByteArray("\x01\xff", 2) : "{\"order\":" + QByteArray::number(i) + '}'});
    const auto added = m_client.pipeline(adds);
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
}

void tst_RedisCommand::pagesAStream()
{
    auto run = redis({u"stream"_s, key("orders"), u"--count"_s, u"10"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QJsonArray rows = jsonOf(run);
    QCOMPARE(rows.size(), 10);
    QCOMPARE(idsOf(rows).constFirst(), idOf(1));
    QCOMPARE(rows.at(0)[u"fields"_s].toArray(),
             (QJsonArray{QJsonValue(QJsonArray{u"payload"_s, u"{\"order\":1}"_s})}));
    QCOMPARE(rows.at(0)[u"time"_s].toString(), u"2025-11-24T16:00:00.001Z"_s);
    // Not text: as base64.
    QCOMPARE(rows.at(6)[u"fields"_s][0][1][u"base64"_s].toString(), u"Af8="_s);
    const QByteArray next = QByteArray("--after ") + idOf(10).toUtf8();
    QVERIFY2(run.err.contains(next), run.err.constData());

    run = redis(
        {u"stream"_s, key("orders"), u"--after"_s, idOf(10), u"--count"_s, u"10"_s, u"--json"_s});
    QCOMPARE(idsOf(jsonOf(run)).constFirst(), idOf(11));
    QCOMPARE(idsOf(jsonOf(run)).constLast(), idOf(20));
    run = redis({u"stream"_s, key("orders"), u"--last"_s, u"--count"_s, u"3"_s, u"--json"_s});
    QCOMPARE(idsOf(jsonOf(run)), (QStringList{idOf(50), idOf(49), idOf(48)}));
    // Newest first, page after page.
    const QByteArray previous = QByteArray("--last --after ") + idOf(48).toUtf8();
    QVERIFY2(run.err.contains(previous), run.err.constData());
    run = redis({u"stream"_s, key("orders"), u"--last"_s, u"--after"_s, idOf(48), u"--count"_s,
                 u"2"_s, u"--json"_s});
    QCOMPARE(idsOf(jsonOf(run)), (QStringList{idOf(47), idOf(46)}));
    // From a time: the entry added then.
    run = redis({u"stream"_s, key("orders"), u"--from"_s, u"2025-11-24T16:00:00.025Z"_s,
                 u"--count"_s, u"2"_s, u"--json"_s});
    QCOMPARE(idsOf(jsonOf(run)), (QStringList{idOf(25), idOf(26)}));

    // The table: id, time, fields; a value that is not text as hex.
    run = redis({u"stream"_s, key("orders"), u"--from"_s, idOf(7), u"--count"_s, u"1"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QString::fromUtf8(run.out).trimmed(),
             idOf(7) + u"  2025-11-24 16:00:00.007  payload=0x01ff"_s);
}

void tst_RedisCommand::listsPendingEntriesWithPoison()
{
    const QByteArray stream = key("orders").toUtf8();
    QVERIFY(m_client.command({"XGROUP", "CREATE", stream, "g", "0"}).ok());
    QVERIFY(
        m_client
            .command({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "5", "STREAMS", stream, ">"})
            .ok());
    // Entry 2 delivered 9 times and idle an hour, as a stuck poison message is.
    QVERIFY(m_client
                .command({"XCLAIM", stream, "g", "alice", "0", idOf(2).toUtf8(), "IDLE", "3600000",
                          "RETRYCOUNT", "9", "JUSTID"})
                .ok());
    auto run = redis({u"pending"_s, key("orders"), u"g"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray rows = jsonOf(run);
    QCOMPARE(idsOf(rows), (QStringList{idOf(1), idOf(2), idOf(3), idOf(4), idOf(5)}));
    QCOMPARE(rows.at(1)[u"deliveries"_s].toInt(), 9);
    QCOMPARE(rows.at(1)[u"poison"_s].toBool(), true);
    QCOMPARE(rows.at(0)[u"poison"_s].toBool(), false);
    QCOMPARE(rows.at(0)[u"consumer"_s].toString(), u"alice"_s);

    run = redis({u"pending"_s, key("orders"), u"g"_s, u"--idle"_s, u"600000"_s});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2); // the heading and entry 2
    QVERIFY2(lines.at(1).startsWith(idOf(2)) && lines.at(1).contains(u"poison"_s) &&
                 lines.at(1).endsWith(u"alice"_s),
             qPrintable(lines.at(1)));
    run = redis({u"pending"_s, key("orders"), u"g"_s, u"--max-deliveries"_s, u"10"_s, u"--json"_s});
    QCOMPARE(jsonOf(run).at(1)[u"poison"_s].toBool(), false);
}

void tst_RedisCommand::listsKeysByPatternAndType()
{
    QVERIFY(m_client.command({"RPUSH", key("queue").toUtf8(), "a", "b", "c"}).ok());
    auto run = redis({u"keys"_s, u"--match"_s, m_prefix + u'*', u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QHash<QString, QJsonObject> keys;
    for (const QJsonValue &row : jsonOf(run))
        keys.insert(row[u"key"_s].toString(), row.toObject());
    QCOMPARE(keys.size(), 2);
    QCOMPARE(keys.value(key("orders"))[u"type"_s].toString(), u"stream"_s);
    QCOMPARE(keys.value(key("orders"))[u"length"_s].toInt(), 50);
    QCOMPARE(keys.value(key("queue"))[u"length"_s].toInt(), 3);
    QCOMPARE(keys.value(key("queue"))[u"ttl_ms"_s].toInt(), -1);

    run = redis({u"keys"_s, u"--match"_s, m_prefix + u'*', u"--type"_s, u"list"_s});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(1).startsWith(u"list"_s) && lines.at(1).endsWith(key("queue")),
             qPrintable(lines.at(1)));
}

void tst_RedisCommand::keepsEveryFieldOfAnEntry()
{
    // A name twice, a name that is not UTF-8, a name that reads as the hex marker, a value with
    // the table's separator in it.
    const QList<QByteArray> elements{"a", "1",    "a",  "2", QByteArray("\xff\x00", 2),
                                     "v", "0xab", "=x", "b", "two  spaces"};
    QList<QByteArray> add{"XADD", key("fields").toUtf8(), "*"};
    add << elements;
    const auto added = m_client.command(add);
    QVERIFY2(added.ok(), qPrintable(added.errorMessage()));

    auto run = redis({u"stream"_s, key("fields"), u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray fields = jsonOf(run).at(0)[u"fields"_s].toArray();
    QCOMPARE(fields,
             (QJsonArray{QJsonArray{u"a"_s, u"1"_s}, QJsonArray{u"a"_s, u"2"_s},
                         QJsonArray{QJsonObject{{u"base64"_s, u"/wA="_s}}, u"v"_s},
                         QJsonArray{u"0xab"_s, u"=x"_s}, QJsonArray{u"b"_s, u"two  spaces"_s}}));
    // The receiver's pairs: every byte back, in Redis's order.
    const auto back = streamEntryFromPairs(QJsonDocument(fields).toJson());
    QVERIFY(back);
    QCOMPARE(*back, elements);

    // The table: a field a name=value, two spaces between; each reads back to its bytes.
    run = redis({u"stream"_s, key("fields")});
    QCOMPARE(run.exitCode, 0);
    const QStringList parts = QString::fromUtf8(run.out).trimmed().split(u"  "_s);
    QCOMPARE(parts.mid(2), (QStringList{u"a=1"_s, u"a=2"_s, u"0xff00=v"_s, u"0x30786162==x"_s,
                                        u"b=0x74776f2020737061636573"_s}));
    QList<QByteArray> shown;
    for (const QString &field : parts.mid(2)) {
        const qsizetype equals = field.indexOf(u'=');
        shown << bytesShown(field.left(equals)) << bytesShown(field.mid(equals + 1));
    }
    QCOMPARE(shown, elements);
}

void tst_RedisCommand::tellsEveryKeyApart()
{
    // A key that is not UTF-8, and one named as the hex of its bytes, which a table that shows
    // bytes as 0x and hex would show alike.
    const QByteArray binary = QByteArray("\xff\x01") + m_prefix.toUtf8();
    const QByteArray named = "0x" + binary.toHex();
    // A key that begins with a byte order mark, and one without it, which a string drops.
    const QByteArray plain = key("bom").toUtf8();
    const QByteArray marked = "\xEF\xBB\xBF" + plain;
    for (const QByteArray &k : {binary, named, plain, marked})
        QVERIFY(m_client.command({"SET", k, "x"}).ok());

    // Each key read back from its line, exactly.
    const auto listed = [this](const QString &pattern) {
        const auto run = redis({u"keys"_s, u"--match"_s, pattern});
        QList<QByteArray> keys;
        for (const QString &shown : keysListed(run.out))
            keys << bytesShown(shown);
        return keys;
    };
    const QString suffix = m_prefix;
    QCOMPARE(listed(u"??"_s + suffix), QList<QByteArray>{binary});
    QCOMPARE(listed(QString::fromLatin1(named)), QList<QByteArray>{named});
    QList<QByteArray> both = listed(u"*"_s + QString::fromUtf8(plain));
    std::sort(both.begin(), both.end());
    QCOMPARE(both, (QList<QByteArray>{plain, marked}));
    const auto run = redis({u"keys"_s, u"--match"_s, u"??"_s + suffix});
    QCOMPARE(keysListed(run.out), QStringList{u"0x"_s + QString::fromLatin1(binary.toHex())});
    QCOMPARE(keysListed(redis({u"keys"_s, u"--match"_s, QString::fromLatin1(named)}).out),
             QStringList{u"0x"_s + QString::fromLatin1(named.toHex())});

    // JSON: a string where a string gives the bytes back, else hex.
    const QJsonArray json =
        jsonOf(redis({u"keys"_s, u"--match"_s, u"*"_s + QString::fromUtf8(plain), u"--json"_s}));
    QList<QByteArray> fromJson;
    for (const QJsonValue &row : json)
        fromJson << (row[u"key"_s].isString()
                         ? row[u"key"_s].toString().toUtf8()
                         : QByteArray::fromHex(row[u"key"_s][u"hex"_s].toString().toLatin1()));
    std::sort(fromJson.begin(), fromJson.end());
    QCOMPARE(fromJson, (QList<QByteArray>{plain, marked}));
}

void tst_RedisCommand::usageErrorsAndAnUnreachableServer()
{
    const auto usage = [](const test::CommandRun &run, const char *says) {
        return run.exitCode == 2 && run.err.contains(says) &&
               run.err.contains("Try 'porthole redis --help'");
    };
    auto run = test::runPorthole({u"redis"_s, u"keys"_s}, 60000);
    QVERIFY2(usage(run, "--redis URL is required"), run.err.constData());
    run = redis({u"streams"_s});
    QVERIFY2(usage(run, "say what to look at"), run.err.constData());
    run = redis({u"pending"_s, key("orders")});
    QVERIFY2(usage(run, "pending takes a key and a group"), run.err.constData());
    run = redis({u"stream"_s, key("orders"), u"--count"_s, u"lots"_s});
    QVERIFY2(usage(run, "--count must be a positive number"), run.err.constData());
    run = redis({u"stream"_s, key("orders"), u"--from"_s, u"yesterday"_s});
    QVERIFY2(usage(run, "--from takes an entry id"), run.err.constData());
    run = redis({u"stream"_s, key("orders"), u"--from"_s, idOf(3), u"--last"_s});
    QVERIFY2(usage(run, "--from starts a page by itself"), run.err.constData());
    // Port 1 on the loopback: nothing listens there.
    run = test::runPorthole({u"redis"_s, u"--redis"_s, u"redis://127.0.0.1:1"_s, u"keys"_s}, 60000);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith("porthole redis: "), run.err.constData());
}

QTEST_GUILESS_MAIN(tst_RedisCommand)
#include "tst_rediscommand.moc"
