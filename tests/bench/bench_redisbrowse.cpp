// The Redis side's reads on a big stream: open (XINFO STREAM and the newest page), a page from
// the middle, a jump to a time, and a page of pending entries, through storage/streambrowser,
// against the same commands on plain hiredis (replies freed unread) in the same run. The same
// reads on a small stream show whether a page costs more on a big one.
//   bench_redisbrowse --redis URL [--entries N] [--pending N] [--runs N] [--page N]
// tests/bench/run-redisbrowse starts a redis-server of its own for it.

#include "benchsupport.h"
#include "bigstream.h"
#include "rawredis.h"
#include "redisclient.h"
#include "streambrowser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <functional>

using namespace Qt::StringLiterals;
using namespace porthole;
using namespace porthole::bench;

namespace {

struct Read
{
    QString name;
    std::function<void()> porthole;
    std::function<void()> raw;
};

// The reads of one stream of `entries` entries, through Porthole and raw.
QList<Read> readsOf(RedisClient &client, RawRedis &raw, const QByteArray &key, qint64 entries,
                    int page)
{
    const QByteArray count = QByteArray::number(page);
    const QByteArray middle = idOf(entries / 2);
    const auto need = [](bool ok, const char *what) {
        check(ok, QString::fromLatin1(what));
    };
    return {
        {u"open (XINFO STREAM + newest page)"_s,
         [&client, key, page, need] {
             need(readStreamInfo(client, key).ok(), "readStreamInfo");
             need(readStreamPage(client, key, StreamDirection::Backward, {}, page)->size() == page,
                  "readStreamPage");
         },
         [&raw, key, count] {
             raw.command({"XINFO", "STREAM", key});
             raw.command({"XREVRANGE", key, "+", "-", "COUNT", count});
         }},
        {u"page from the middle (XRANGE)"_s,
         [&client, key, page, middle, need] {
             need(readStreamPage(client, key, StreamDirection::Forward, middle, page)->size() ==
                      page,
                  "readStreamPage");
         },
         [&raw, key, count, middle] {
             raw.command({"XRANGE", key, '(' + middle, "+", "COUNT", count});
         }},
        {u"jump to a time (XRANGE from its id)"_s,
         [&client, key, page, entries, need] {
             const QDateTime at = QDateTime::fromMSecsSinceEpoch(Base + entries / 3, Qt::UTC);
             need(readStreamFrom(client, key, streamIdAt(at), page)->size() == page,
                  "readStreamFrom");
         },
         [&raw, key, count, entries] {
             raw.command({"XRANGE", key, QByteArray::number(Base + entries / 3) + "-0", "+",
                          "COUNT", count});
         }},
        {u"pending page (XPENDING)"_s,
         [&client, key, page, middle, need] {
             const PendingQuery query{key, "g", {}, 0, idOf(1000), page};
             need(readPendingPage(client, query)->size() == page, "readPendingPage");
         },
         [&raw, key, count] {
             raw.command({"XPENDING", key, "g", '(' + idOf(1000), "+", count});
         }},
    };
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption redisOption(u"redis"_s, u"redis://host:port"_s, u"url"_s);
    const QCommandLineOption entriesOption(u"entries"_s, u"Entries of the big stream."_s, u"n"_s,
                                           u"10000000"_s);
    const QCommandLineOption pendingOption(u"pending"_s, u"Of those, pending."_s, u"n"_s,
                                           u"1000000"_s);
    const QCommandLineOption runsOption(u"runs"_s, u"Runs of each read."_s, u"n"_s, u"15"_s);
    const QCommandLineOption pageOption(u"page"_s, u"Entries a page."_s, u"n"_s, u"100"_s);
    parser.addOptions({redisOption, entriesOption, pendingOption, runsOption, pageOption});
    parser.addHelpOption();
    parser.process(app);
    const auto url = RedisUrl::parse(parser.value(redisOption));
    check(url.ok(), u"--redis URL"_s);
    const qint64 entries = parser.value(entriesOption).toLongLong();
    const qint64 pending = parser.value(pendingOption).toLongLong();
    const int runs = parser.value(runsOption).toInt();
    const int page = parser.value(pageOption).toInt();

    RedisClient client;
    check(client.connect(*url).ok(), u"cannot connect"_s);
    RawRedis raw(*url);
    fillStream(client, "bench:big", entries, pending);
    fillStream(client, "bench:small", 2000, 2000);

    out() << "load average before: " << loadAverage() << Qt::endl;
    out() << "read | stream | porthole ms | raw hiredis ms | ratio | small stream ms | big/small"
          << Qt::endl;
    const QList<Read> big = readsOf(client, raw, "bench:big", entries, page);
    const QList<Read> small = readsOf(client, raw, "bench:small", 2000, page);
    for (qsizetype r = 0; r < big.size(); ++r) {
        std::vector<double> ours, bare, little;
        for (int i = 0; i < runs; ++i) { // in turn, so that a noisy moment hits both
            auto start = Clock::now();
            big.at(r).porthole();
            ours.push_back(secondsSince(start) * 1000);
            start = Clock::now();
            big.at(r).raw();
            bare.push_back(secondsSince(start) * 1000);
            start = Clock::now();
            small.at(r).porthole();
            little.push_back(secondsSince(start) * 1000);
        }
        out() << big.at(r).name << " | " << entries << " | "
              << QString::number(median(ours), 'f', 3) << " | "
              << QString::number(median(bare), 'f', 3) << " | "
              << QString::number(median(ours) / median(bare), 'f', 2) << " | "
              << QString::number(median(little), 'f', 3) << " | "
              << QString::number(median(ours) / median(little), 'f', 2) << Qt::endl;
    }
    out() << "load average after: " << loadAverage() << Qt::endl;
    client.command({"DEL", "bench:big", "bench:small"});
    return 0;
}
