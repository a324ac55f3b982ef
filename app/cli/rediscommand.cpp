#include "rediscommand.h"

#include "commandio.h"
#include "redisactions.h"
#include "redisclient.h"
#include "redispassword.h"
#include "redisurl.h"
#include "streambrowser.h"
#include "streamentrypayload.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole redis"_s;

struct RedisOptions
{
    QCommandLineOption redis{u"redis"_s, u"The Redis server (its password: REDISCLI_AUTH)."_s,
                             u"url"_s};
    QCommandLineOption json{u"json"_s, u"Writes JSON instead of a table."_s};
    QCommandLineOption match{u"match"_s, u"keys: only the keys matching this glob pattern."_s,
                             u"pattern"_s};
    QCommandLineOption type{u"type"_s, u"keys: only keys of this type (stream, list, ...)."_s,
                            u"type"_s};
    QCommandLineOption limit{u"limit"_s, u"keys: at most this many keys (default 1000)."_s, u"n"_s,
                             u"1000"_s};
    QCommandLineOption cursor{u"cursor"_s, u"keys: goes on with the scan from this cursor."_s,
                              u"cursor"_s};
    QCommandLineOption from{
        u"from"_s,
        u"stream: from this entry id, or from this time (ISO 8601; UTC unless a zone is given)."_s,
        u"id|time"_s};
    QCommandLineOption after{
        u"after"_s, u"stream, pending: the entries after this id (the next page)."_s, u"id"_s};
    QCommandLineOption last{
        u"last"_s, u"stream: newest first, from the newest entry or the one --after names."_s};
    QCommandLineOption count{
        u"count"_s, u"stream, pending: at most this many entries (default 20)."_s, u"n"_s, u"20"_s};
    QCommandLineOption consumer{u"consumer"_s,
                                u"pending, autoclaim, dead-letter: only this consumer's entries."_s,
                                u"name"_s};
    QCommandLineOption idle{
        u"idle"_s,
        u"pending, claim, autoclaim, dead-letter: only entries idle at least this long."_s,
        u"ms"_s};
    QCommandLineOption maxDeliveries{
        u"max-deliveries"_s,
        u"pending: flags entries delivered more often than this as poison (the worker's "
        "--max-deliveries; default 5)."_s,
        u"n"_s, u"5"_s};
};

void describeRedisCommand(QCommandLineParser &parser, const RedisOptions &o,
                          const RedisActionOptions &a)
{
    parser.setApplicationDescription(
        u"Looks at a Redis server a page at a time, never reading a whole stream or key space:\n"
        "  keys                 the keys (SCAN), with type, length, memory and time to live\n"
        "  stream KEY           a stream's entries, oldest first, or the newest with --last\n"
        "  pending KEY GROUP    a consumer group's pending entries, idle time and deliveries\n"_s +
        redisActionsDescription() +
        u"\nExit status: 0 done, 1 failed (Redis unreachable or refusing), 2 usage error,\n"
        "3 action refused (read-only, not confirmed, nothing to do, or not allowed by what "
        "Redis holds)."_s);
    parser.addPositionalArgument(u"what"_s, u"keys, stream, pending, or an action."_s);
    parser.addOptions({o.redis, o.json, o.match, o.type, o.limit, o.cursor, o.from, o.after, o.last,
                       o.count, o.consumer, o.idle, o.maxDeliveries});
    addRedisActionOptions(parser, a);
}

// A positive number an option gives; false (with the usage error printed) when it is not one.
bool positive(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 *value,
              int *exitCode)
{
    bool ok = false;
    *value = parser.value(option).toLongLong(&ok);
    if (ok && *value > 0)
        return true;
    *exitCode = usageError(command, u"--%1 must be a positive number, not \"%2\"."_s.arg(
                                        option.names().constFirst(), parser.value(option)));
    return false;
}

constexpr QByteArrayView HexMarker("0x");

// Bytes that a QString gives back exactly: UTF-8, without a leading byte order mark (which
// QString::fromUtf8() drops).
bool isExactUtf8(QByteArrayView bytes)
{
    return bytes.isValidUtf8() && !bytes.startsWith("\xEF\xBB\xBF");
}

// A key, field name or value in a table, written so that it reads back to its exact bytes: as
// the text it is, or as "0x" and its bytes in hex. Text when it is exact UTF-8, not empty,
// without a control character or a space at either end (which a table would hide), without
// `separators` (the table's own), and not beginning with "0x": so whatever begins with 0x is
// hex, the key \xff\x01 is 0xff01 and the key named "0xff01" is 0x307866663031.
QString shownValue(const QByteArray &value, const QList<QByteArrayView> &separators = {})
{
    const bool text =
        !value.isEmpty() && isExactUtf8(value) && !value.startsWith(HexMarker) &&
        !value.startsWith(' ') && !value.endsWith(' ') &&
        std::none_of(value.begin(), value.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }) &&
        std::none_of(separators.begin(), separators.end(),
                     [&value](QByteArrayView separator) { return value.contains(separator); });
    return text ? QString::fromUtf8(value)
                : QString::fromLatin1(HexMarker) + QString::fromLatin1(value.toHex());
}

// A key in JSON: a string when a string gives back its bytes, else {"hex": "..."}.
QJsonValue jsonValue(const QByteArray &value)
{
    if (isExactUtf8(value))
        return QString::fromUtf8(value);
    return QJsonObject{{u"hex"_s, QString::fromLatin1(value.toHex())}};
}

// A stream entry's fields in JSON as the receiver keeps an entry that a JSON object cannot hold
// (docs/PAYLOADS.md, "Fields mode"): [name, value] pairs in the entry's order, a name or value
// a string where its bytes are UTF-8 and {"base64": "..."} where they are not, so that a name
// given twice is there twice and every byte can be had back.
QJsonArray jsonFields(const StreamEntry &entry)
{
    QList<QByteArrayView> elements;
    elements.reserve(entry.fields.size() * 2);
    for (const auto &[name, value] : entry.fields)
        elements << name << value;
    return QJsonDocument::fromJson(streamEntryPairs(elements)).array();
}

// One line of a table: each cell but the last padded to its width (negative: to the left),
// the last as it is.
void writeRow(const QStringList &cells, const QList<int> &widths)
{
    QString line;
    for (qsizetype i = 0; i + 1 < cells.size(); ++i)
        line += QStringLiteral("%1 ").arg(cells.at(i), widths.value(i));
    standardOutput() << line << ' ' << cells.constLast() << '\n';
}

int writeJson(const QJsonArray &rows)
{
    standardOutput() << QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Indented));
    standardOutput().flush();
    return ExitOk;
}

int failed(const QString &message)
{
    standardError() << command << ": " << message << Qt::endl;
    return ExitFailure;
}

int listKeys(RedisClient &client, const QCommandLineParser &parser, const RedisOptions &o)
{
    qint64 limit = 0;
    if (int code = 0; !positive(parser, o.limit, &limit, &code))
        return code;
    KeyScan scan{parser.isSet(o.cursor) ? parser.value(o.cursor).toUtf8() : QByteArray("0"),
                 parser.value(o.match).toUtf8(), parser.value(o.type).toUtf8(), 1000};
    QList<RedisKey> keys;
    do {
        const auto page = scanKeys(client, scan);
        if (!page)
            return failed(page.errorMessage());
        keys.append(page->keys);
        scan.cursor = page->cursor;
    } while (scan.cursor != "0" && keys.size() < limit);
    if (scan.cursor != "0")
        standardError() << command << ": stopped after " << keys.size()
                        << " keys (--limit); --cursor " << QString::fromUtf8(scan.cursor)
                        << " goes on" << Qt::endl;
    if (parser.isSet(o.json)) {
        QJsonArray rows;
        for (const RedisKey &key : std::as_const(keys))
            rows.append(QJsonObject{{u"key"_s, jsonValue(key.name)},
                                    {u"type"_s, QString::fromUtf8(key.type)},
                                    {u"length"_s, key.length},
                                    {u"memory_bytes"_s, key.memoryBytes},
                                    {u"ttl_ms"_s, key.ttlMs}});
        return writeJson(rows);
    }
    const QList<int> widths{-7, 12, 12, 10};
    writeRow({u"TYPE"_s, u"LENGTH"_s, u"MEMORY"_s, u"TTL"_s, u"KEY"_s}, widths);
    for (const RedisKey &key : std::as_const(keys))
        writeRow({QString::fromUtf8(key.type), key.length < 0 ? u"-"_s : countText(key.length),
                  key.memoryBytes < 0 ? u"-"_s : countText(key.memoryBytes),
                  key.ttlMs < 0 ? u"-"_s : u"%1 s"_s.arg(key.ttlMs / 1000), shownValue(key.name)},
                 widths);
    return ExitOk;
}

// Where the page of a stream starts: the id after which (exclusive), from which (inclusive)
// or, with both empty, an end of the stream.
struct StreamStart
{
    QByteArray after;
    QByteArray from;
};

int readStreamStart(const QCommandLineParser &parser, const RedisOptions &o, StreamStart *start)
{
    if (parser.isSet(o.from) && (parser.isSet(o.after) || parser.isSet(o.last)))
        return usageError(command,
                          u"--from starts a page by itself: leave out --after and --last."_s);
    start->after = parser.value(o.after).toUtf8();
    if (!parser.isSet(o.from))
        return -1;
    const QString from = parser.value(o.from);
    if (streamIdTime(from.toUtf8()).isValid()) {
        start->from = from.toUtf8();
        return -1;
    }
    const QDateTime time = commandLineTime(from);
    if (!time.isValid())
        return usageError(command,
                          u"--from takes an entry id (1764000000000-0) or a time "
                          "(ISO 8601, e.g. 2026-11-22T10:00:00Z), not \"%1\"."_s.arg(from));
    start->from = streamIdAt(time);
    return -1;
}

int showStream(RedisClient &client, const QCommandLineParser &parser, const RedisOptions &o,
               const QByteArray &key)
{
    qint64 count = 0;
    if (int code = 0; !positive(parser, o.count, &count, &code))
        return code;
    StreamStart start;
    if (const int code = readStreamStart(parser, o, &start); code >= 0)
        return code;
    const int n = int(std::min<qint64>(count, 100000));
    const auto entries = start.from.isEmpty()
                             ? readStreamPage(client, key,
                                              parser.isSet(o.last) ? StreamDirection::Backward
                                                                   : StreamDirection::Forward,
                                              start.after, n)
                             : readStreamFrom(client, key, start.from, n);
    if (!entries)
        return failed(entries.errorMessage());
    if (entries->size() == n)
        standardError() << command << ": more may follow: "
                        << (parser.isSet(o.last) ? "--last --after " : "--after ")
                        << QString::fromUtf8(entries->constLast().id) << " shows the next page"
                        << Qt::endl;
    if (parser.isSet(o.json)) {
        QJsonArray rows;
        for (const StreamEntry &entry : *entries)
            rows.append(QJsonObject{{u"id"_s, QString::fromUtf8(entry.id)},
                                    {u"time"_s, streamIdTime(entry.id).toString(Qt::ISODateWithMs)},
                                    {u"fields"_s, jsonFields(entry)}});
        return writeJson(rows);
    }
    QTextStream &out = standardOutput();
    for (const StreamEntry &entry : *entries) {
        QStringList fields;
        // Two spaces part the fields, and the first "=" a name from its value.
        for (const auto &[name, value] : entry.fields)
            fields << shownValue(name, {"=", "  "}) + u'=' + shownValue(value, {"  "});
        out << QString::fromUtf8(entry.id) << "  "
            << streamIdTime(entry.id).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) << "  "
            << fields.join(u"  "_s) << '\n';
    }
    return ExitOk;
}

int showPending(RedisClient &client, const QCommandLineParser &parser, const RedisOptions &o,
                const QByteArray &key, const QByteArray &group)
{
    qint64 count = 0;
    qint64 poisonAfter = 0;
    qint64 idle = 0;
    int code = 0;
    if (!positive(parser, o.count, &count, &code) ||
        !positive(parser, o.maxDeliveries, &poisonAfter, &code) ||
        (parser.isSet(o.idle) && !positive(parser, o.idle, &idle, &code)))
        return code;
    const PendingQuery query{key,
                             group,
                             parser.value(o.consumer).toUtf8(),
                             idle,
                             parser.value(o.after).toUtf8(),
                             int(std::min<qint64>(count, 100000))};
    const auto entries = readPendingPage(client, query);
    if (!entries)
        return failed(entries.errorMessage());
    if (parser.isSet(o.json)) {
        QJsonArray rows;
        for (const PendingEntry &entry : *entries)
            rows.append(QJsonObject{{u"id"_s, QString::fromUtf8(entry.id)},
                                    {u"consumer"_s, entry.consumer},
                                    {u"idle_ms"_s, entry.idleMs},
                                    {u"deliveries"_s, entry.deliveries},
                                    {u"poison"_s, entry.deliveries > poisonAfter}});
        return writeJson(rows);
    }
    const QList<int> widths{-22, 12, 10, 6};
    writeRow({u"ID"_s, u"IDLE"_s, u"DELIVERIES"_s, QString(), u"CONSUMER"_s}, widths);
    for (const PendingEntry &entry : *entries)
        writeRow({QString::fromUtf8(entry.id), u"%1 s"_s.arg(entry.idleMs / 1000),
                  QString::number(entry.deliveries),
                  entry.deliveries > poisonAfter ? u"poison"_s : QString(), entry.consumer},
                 widths);
    return ExitOk;
}

// Connects to the server --redis names, its password from REDISCLI_AUTH when the URL has none.
int connectTo(const QCommandLineParser &parser, const RedisOptions &o, RedisClient *client)
{
    if (!parser.isSet(o.redis))
        return usageError(command, u"--redis URL is required."_s);
    auto url = RedisUrl::parse(parser.value(o.redis));
    if (!url)
        return usageError(command, url.errorMessage());
    if (const Status connected = client->connect(withEnvironmentPassword(*url)); !connected)
        return failed(connected.errorMessage());
    return -1;
}

// Runs an action, with the listings' --consumer, --idle and --json.
int runAction(const QCommandLineParser &parser, const RedisOptions &o, const RedisActionOptions &a,
              const QStringList &words)
{
    RedisActionShared shared;
    shared.consumer = parser.value(o.consumer).toUtf8();
    shared.json = parser.isSet(o.json);
    if (parser.isSet(o.idle)) {
        bool ok = false;
        shared.idleMs = parser.value(o.idle).toLongLong(&ok);
        if (!ok || shared.idleMs < 0)
            return usageError(
                command, u"--idle takes milliseconds, not \"%1\"."_s.arg(parser.value(o.idle)));
    }
    return runRedisAction(parser, a, words, shared,
                          [&](RedisClient *client) { return connectTo(parser, o, client); });
}

} // namespace

int runRedisCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const RedisOptions o;
    const RedisActionOptions a;
    describeRedisCommand(parser, o, a);
    if (const int code = parseSubcommand(parser, arguments); code >= 0)
        return code;
    const QStringList words = parser.positionalArguments();
    const QString what = words.value(0);
    if (isRedisAction(what))
        return runAction(parser, o, a, words);
    const qsizetype wanted = what == u"keys"_s      ? 1
                             : what == u"stream"_s  ? 2
                             : what == u"pending"_s ? 3
                                                    : 0;
    if (wanted == 0)
        return usageError(command,
                          u"say what to look at (keys, stream KEY or pending KEY GROUP) or do "
                          "(see --help)."_s);
    if (words.size() != wanted)
        return usageError(command, what == u"keys"_s     ? u"keys takes no argument."_s
                                   : what == u"stream"_s ? u"stream takes one key."_s
                                                         : u"pending takes a key and a group."_s);
    RedisClient client;
    if (const int code = connectTo(parser, o, &client); code >= 0)
        return code;
    if (what == u"keys"_s)
        return listKeys(client, parser, o);
    if (what == u"stream"_s)
        return showStream(client, parser, o, words.at(1).toUtf8());
    return showPending(client, parser, o, words.at(1).toUtf8(), words.at(2).toUtf8());
}

} // namespace porthole
