#pragma once

// What the tests of RedisSource share: a connection to the fixture's redis-server, sources
// opened on unique keys, and the commands they check with.

#include "redisclient.h"
#include "redissource.h"
#include "streamentrypayload.h"
#include "testservers.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSet>
#include <QTest>
#include <QUuid>

#include <algorithm>

namespace porthole::test {

using namespace Qt::StringLiterals;
using Mode = RedisSource::Mode;

inline QStringList keysOf(const QList<Delivery> &deliveries)
{
    QStringList keys;
    for (const Delivery &delivery : deliveries)
        keys << delivery.key;
    return keys;
}

inline QByteArrayList payloadsOf(const QList<Delivery> &deliveries)
{
    QByteArrayList payloads;
    for (const Delivery &delivery : deliveries)
        payloads << delivery.payload;
    return payloads;
}

inline QStringList consumerNames(const QList<porthole::StreamConsumer> &consumers)
{
    QStringList names;
    for (const porthole::StreamConsumer &consumer : consumers)
        names << consumer.name;
    return names;
}

// What the tst_RedisSource units derive from: a connection to the fixture's redis-server, and
// sources opened on keys of their own.
class RedisSourceTest : public QObject
{
protected:
    // The fixture's Redis server and a connection of the test's own to it (initTestCase).
    void connectToFixture()
    {
        const auto url = porthole::test::fixtureRedis();
        QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
        m_url = *url;
        const auto connected = m_admin.connect(m_url);
        QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
        m_prefix = u"tst_redissource:"_s;
    }

    QString uniqueKey(const char *name) const
    {
        return m_prefix + QString::fromLatin1(name) + u':' +
               QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    RedisSourceOptions options(const QString &key, const QString &consumer = u"c1"_s) const;
    std::unique_ptr<RedisSource> openSource(Mode mode, const RedisSourceOptions &options,
                                            QString *error) const;
    RedisReply redis(const QList<QByteArray> &args);
    QByteArray add(const QString &key, const QByteArray &payload);
    qint64 pendingCount(const QString &key);
    // Fetches until `wanted` deliveries (or lost ids) came or the deadline passed.
    static SourceFetch fetchUntil(RedisSource &source, qsizetype wanted, QString *error);
    bool killConnection(const QString &clientName);

    RedisUrl m_url;
    RedisClient m_admin;
    QString m_prefix;
};

inline RedisSourceOptions RedisSourceTest::options(const QString &key,
                                                   const QString &consumer) const
{
    RedisSourceOptions options;
    options.url = m_url;
    options.timeouts = {2000, 2000};
    options.key = key;
    options.consumer = consumer;
    options.blockMs = 100;
    return options;
}

inline std::unique_ptr<RedisSource>
RedisSourceTest::openSource(Mode mode, const RedisSourceOptions &options, QString *error) const
{
    auto created = RedisSource::create(mode, options);
    if (!created) {
        *error = created.errorMessage();
        return nullptr;
    }
    std::unique_ptr<RedisSource> source = std::move(created).value();
    const auto opened = source->open();
    if (!opened) {
        *error = opened.errorMessage();
        return nullptr;
    }
    return source;
}

inline RedisReply RedisSourceTest::redis(const QList<QByteArray> &args)
{
    auto reply = m_admin.command(args);
    if (reply)
        return *reply;
    RedisReply failed;
    failed.type = RedisReply::Type::Error;
    failed.text = reply.errorMessage().toUtf8();
    return failed;
}

inline QByteArray RedisSourceTest::add(const QString &key, const QByteArray &payload)
{
    return redis({"XADD", key.toUtf8(), "*", "payload", payload}).text;
}

inline qint64 RedisSourceTest::pendingCount(const QString &key)
{
    const RedisReply summary = redis({"XPENDING", key.toUtf8(), "porthole"});
    return summary.elements.isEmpty() ? -1 : summary.elements.at(0).integer;
}

inline SourceFetch RedisSourceTest::fetchUntil(RedisSource &source, qsizetype wanted,
                                               QString *error)
{
    SourceFetch all;
    const QDeadlineTimer deadline(10000);
    while (all.deliveries.size() + all.lostAtSource.size() < wanted && !deadline.hasExpired()) {
        auto fetched = source.fetch();
        if (!fetched) {
            *error = fetched.errorMessage();
            break;
        }
        all.deliveries += fetched->deliveries;
        all.lostAtSource += fetched->lostAtSource;
    }
    return all;
}

inline bool RedisSourceTest::killConnection(const QString &clientName)
{
    const RedisReply list = redis({"CLIENT", "LIST"});
    const QByteArray name = " name=" + clientName.toUtf8() + ' ';
    for (const QByteArray &line : list.text.split('\n')) {
        if (!line.contains(name))
            continue;
        for (const QByteArray &field : line.split(' ')) {
            if (field.startsWith("id="))
                return redis({"CLIENT", "KILL", "ID", field.mid(3)}).integer == 1;
        }
    }
    return false;
}

} // namespace porthole::test

#define OPEN_SOURCE(var, mode, opts)                                                               \
    QString var##Error;                                                                            \
    auto var = openSource(mode, opts, &var##Error);                                                \
    QVERIFY2(var, qPrintable(var##Error))
