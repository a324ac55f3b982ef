#include "redisclient.h"
#include "replaypublisher.h"
#include "testservers.h"

#include <QHash>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// One entry of a stream: its id and its fields.
struct StreamEntry
{
    QByteArray id;
    QHash<QByteArray, QByteArray> fields;
};

// XRANGE key - +, or the reason it failed.
Result<QList<StreamEntry>> streamEntries(RedisClient &client, const QByteArray &key)
{
    auto reply = client.command({"XRANGE", key, "-", "+"});
    if (!reply)
        return reply.error();
    if (reply->type != RedisReply::Type::Array)
        return StorageError{
            StorageError::Kind::Protocol,
            u"XRANGE %1 answered %2"_s.arg(QString::fromUtf8(key), QString::fromUtf8(reply->text))};
    QList<StreamEntry> entries;
    for (const RedisReply &element : std::as_const(reply->elements)) {
        StreamEntry entry;
        entry.id = element.elements.value(0).text;
        const QList<RedisReply> pairs = element.elements.value(1).elements;
        for (qsizetype i = 0; i + 1 < pairs.size(); i += 2)
            entry.fields.insert(pairs.at(i).text, pairs.at(i + 1).text);
        entries << entry;
    }
    return entries;
}

QString newReplayId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class tst_ReplayPublisher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void markerKeyNamesTheReplayId();
    void publishesToStreamsAndLists();
    void publishesEachReplayIdOnce();
    void sameReplayIdTwiceInOneCall();
    void keyOfAnotherTypeIsAProtocolError();
    void unreachableServerIsConnectionLost();
    void survivesAFlushedScriptCache();

private:
    QByteArray key(const QByteArray &name) const { return m_prefix + name; }
    // The integer Redis answers, or -1 (with a warning) when it answers something else.
    qint64 integer(const QList<QByteArray> &command);
    // The text of a status or string reply, or "FAILED: ..." when there is none.
    QByteArray text(const QList<QByteArray> &command);

    RedisUrl m_url;
    RedisClient m_redis;
    QByteArray m_prefix;
};

void tst_ReplayPublisher::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    const auto connected = m_redis.connect(m_url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix = "tst_replaypublisher:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

qint64 tst_ReplayPublisher::integer(const QList<QByteArray> &command)
{
    const auto reply = m_redis.command(command);
    if (!reply.ok() || reply->type != RedisReply::Type::Integer) {
        qWarning("%s answered %s", command.constFirst().constData(),
                 reply.ok() ? reply->text.constData() : qPrintable(reply.errorMessage()));
        return -1;
    }
    return reply->integer;
}

QByteArray tst_ReplayPublisher::text(const QList<QByteArray> &command)
{
    const auto reply = m_redis.command(command);
    if (!reply.ok())
        return "FAILED: " + reply.errorMessage().toUtf8();
    return reply->isError() ? "FAILED: " + reply->text : reply->text;
}

void tst_ReplayPublisher::markerKeyNamesTheReplayId()
{
    const QString id = newReplayId();
    QCOMPARE(ReplayPublisher::markerKey(id), "porthole:replayed:" + id.toUtf8());
    QVERIFY(ReplayPublisher::markerKey(id) != ReplayPublisher::markerKey(newReplayId()));
}

void tst_ReplayPublisher::publishesToStreamsAndLists()
{
    const QByteArray stream = key("stream");
    const QByteArray list = key("list");
    const QByteArray fresh = key("fresh-list-or-stream");
    // The list exists already, with a message the receiver has not taken yet.
    QCOMPARE(integer({"LPUSH", list, "earlier"}), 1);

    QList<ReplayMessage> messages;
    for (int n = 0; n < 3; ++n)
        messages << ReplayMessage{newReplayId(), stream, u"{\"n\": %1}"_s.arg(n).toUtf8()};
    for (int n = 3; n < 5; ++n)
        messages << ReplayMessage{newReplayId(), list, u"{\"n\": %1}"_s.arg(n).toUtf8()};
    messages << ReplayMessage{newReplayId(), fresh, "{\"n\": 5}"};

    ReplayPublisher publisher(m_url);
    QCOMPARE(publisher.url(), m_url);
    const auto published = publisher.publish(messages);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, messages.size());

    // A stream gets XADD key * payload P replay_id R, in the order given.
    const auto entries = streamEntries(m_redis, stream);
    QVERIFY2(entries.ok(), qPrintable(entries.errorMessage()));
    QCOMPARE(entries->size(), 3);
    for (int n = 0; n < 3; ++n) {
        QCOMPARE(entries->at(n).fields.size(), 2);
        QCOMPARE(entries->at(n).fields.value("payload"), messages.at(n).payload);
        QCOMPARE(entries->at(n).fields.value("replay_id"), messages.at(n).replayId.toUtf8());
    }
    // A key that did not exist becomes a stream.
    QCOMPARE(text({"TYPE", fresh}), QByteArray("stream"));
    const auto freshEntries = streamEntries(m_redis, fresh);
    QVERIFY(freshEntries.ok());
    QCOMPARE(freshEntries->size(), 1);
    QCOMPARE(freshEntries->constFirst().fields.value("replay_id"),
             messages.constLast().replayId.toUtf8());

    // A list gets LPUSH P: the receiver, taking from the right, sees them in order.
    auto items = m_redis.command({"LRANGE", list, "0", "-1"});
    QVERIFY(items.ok());
    QList<QByteArray> texts;
    for (const RedisReply &item : std::as_const(items->elements))
        texts << item.text;
    QCOMPARE(texts, (QList<QByteArray>{messages.at(4).payload, messages.at(3).payload, "earlier"}));

    // Every replay id has its marker, kept for a while (7 days at most).
    for (const ReplayMessage &message : std::as_const(messages)) {
        const QByteArray marker = ReplayPublisher::markerKey(message.replayId);
        QCOMPARE(integer({"EXISTS", marker}), 1);
        const qint64 ttl = integer({"TTL", marker});
        QVERIFY2(ttl > 0 && ttl <= 7 * 24 * 3600, qPrintable(QString::number(ttl)));
    }
}

void tst_ReplayPublisher::publishesEachReplayIdOnce()
{
    const QByteArray stream = key("once-stream");
    const QByteArray list = key("once-list");
    QCOMPARE(integer({"RPUSH", list, "earlier"}), 1);
    const QList<ReplayMessage> first{
        {newReplayId(), stream, "{\"n\": 1}"},
        {newReplayId(), stream, "{\"n\": 2}"},
        {newReplayId(), list, "{\"n\": 3}"},
    };

    ReplayPublisher publisher(m_url);
    auto published = publisher.publish(first);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 3);
    const QString never = newReplayId();
    const auto before = publisher.publishedBefore(
        {first.at(0).replayId, never, first.at(1).replayId, first.at(2).replayId});
    QVERIFY2(before.ok(), qPrintable(before.errorMessage()));
    QCOMPARE(*before,
             (QSet<QString>{first.at(0).replayId, first.at(1).replayId, first.at(2).replayId}));

    // The same again, as after a crash before the database learnt it went out: nothing new.
    published = publisher.publish(first);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 0);
    // Another publisher (another process after a restart) knows it too.
    ReplayPublisher restarted(m_url);
    published = restarted.publish(first);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 0);
    QCOMPARE(integer({"XLEN", stream}), 2);
    QCOMPARE(integer({"LLEN", list}), 2);

    // Old and new together: only the new one goes out, and the count says so.
    QList<ReplayMessage> mixed = first;
    mixed.insert(1, ReplayMessage{newReplayId(), stream, "{\"n\": 4}"});
    published = restarted.publish(mixed);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 1);
    const auto entries = streamEntries(m_redis, stream);
    QVERIFY(entries.ok());
    QStringList replayIds;
    for (const StreamEntry &entry : std::as_const(*entries))
        replayIds << QString::fromUtf8(entry.fields.value("replay_id"));
    QCOMPARE(replayIds,
             (QStringList{first.at(0).replayId, first.at(1).replayId, mixed.at(1).replayId}));
    QCOMPARE(integer({"LLEN", list}), 2);
}

void tst_ReplayPublisher::sameReplayIdTwiceInOneCall()
{
    const QByteArray stream = key("twice-in-one-call");
    const QString id = newReplayId();
    ReplayPublisher publisher(m_url);
    const auto published =
        publisher.publish({{id, stream, "{\"n\": 1}"}, {id, stream, "{\"n\": 1}"}});
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 1);
    QCOMPARE(integer({"XLEN", stream}), 1);
}

void tst_ReplayPublisher::keyOfAnotherTypeIsAProtocolError()
{
    const QByteArray stream = key("good-stream");
    const QByteArray hash = key("a-hash");
    QCOMPARE(integer({"HSET", hash, "field", "value"}), 1);
    const QList<ReplayMessage> messages{
        {newReplayId(), stream, "{\"n\": 1}"},
        {newReplayId(), hash, "{\"n\": 2}"},
    };

    ReplayPublisher publisher(m_url);
    const auto refused = publisher.publish(messages);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, StorageError::Kind::Protocol);
    QVERIFY(!refused.errorMessage().isEmpty());
    // The hash is as it was, and the refused message is not marked as sent: it must go out
    // once the key is put right, not be lost.
    QCOMPARE(text({"TYPE", hash}), QByteArray("hash"));
    QCOMPARE(integer({"HLEN", hash}), 1);
    QCOMPARE(integer({"EXISTS", ReplayPublisher::markerKey(messages.at(1).replayId)}), 0);
    // Whether the good one went out in the same call, its marker tells.
    const qint64 goodWentOut =
        integer({"EXISTS", ReplayPublisher::markerKey(messages.at(0).replayId)});
    QCOMPARE(integer({"XLEN", stream}), goodWentOut);

    // The operator removes the hash; the same publish again sends each message once.
    QCOMPARE(integer({"DEL", hash}), 1);
    const auto published = publisher.publish(messages);
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 2 - goodWentOut);
    QCOMPARE(integer({"XLEN", stream}), 1);
    QCOMPARE(integer({"XLEN", hash}), 1);
}

void tst_ReplayPublisher::unreachableServerIsConnectionLost()
{
    // Port 1 is privileged and nothing of ours listens there.
    ReplayPublisher publisher(RedisUrl::local(1));
    const QString id = newReplayId();
    const auto published = publisher.publish({{id, key("never"), "{\"n\": 1}"}});
    QVERIFY(!published.ok());
    QCOMPARE(published.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY(!published.errorMessage().isEmpty());
    // Calling again is safe and fails the same way.
    const auto again = publisher.publish({{id, key("never"), "{\"n\": 1}"}});
    QVERIFY(!again.ok());
    QCOMPARE(again.error().kind, StorageError::Kind::ConnectionLost);
    QCOMPARE(integer({"EXISTS", key("never")}), 0);
}

void tst_ReplayPublisher::survivesAFlushedScriptCache()
{
    // The script is cached by the server; a restart or SCRIPT FLUSH forgets it.
    const QByteArray stream = key("flushed");
    ReplayPublisher publisher(m_url);
    auto published = publisher.publish({{newReplayId(), stream, "{\"n\": 1}"}});
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 1);
    QCOMPARE(text({"SCRIPT", "FLUSH"}), QByteArray("OK"));
    published = publisher.publish({{newReplayId(), stream, "{\"n\": 2}"}});
    QVERIFY2(published.ok(), qPrintable(published.errorMessage()));
    QCOMPARE(*published, 1);
    QCOMPARE(integer({"XLEN", stream}), 2);
}

QTEST_GUILESS_MAIN(tst_ReplayPublisher)
#include "tst_replaypublisher.moc"
