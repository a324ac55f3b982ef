#include "valuebrowser.h"

#include "redisclient.h"
#include "redisreplies.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A count Redis takes: at least one.
QByteArray countOf(int count)
{
    return QByteArray::number(std::max(1, count));
}

QString named(const char *command, const QByteArray &key)
{
    return u"%1 %2"_s.arg(QString::fromLatin1(command), QString::fromUtf8(key));
}

// The integer a size command (HLEN, SCARD, ZCARD, ZCOUNT, STRLEN) answered, or why there is none.
Result<qint64> sizeOf(const RedisReply &reply, const char *command, const QByteArray &key)
{
    if (reply.isError())
        return refusedReply(reply, named(command, key));
    if (reply.type != RedisReply::Type::Integer)
        return unexpectedReply(QString::fromLatin1(command));
    return static_cast<qint64>(reply.integer);
}

// HSCAN's or SSCAN's answer: [cursor, [element, ...]]; a hash's elements in pairs.
Result<ValueScanPage> scanPage(const QList<QList<QByteArray>> &commands, RedisClient &client,
                               const QByteArray &key, bool pairs)
{
    const char *sizeCommand = pairs ? "HLEN" : "SCARD";
    const char *scanCommand = pairs ? "HSCAN" : "SSCAN";
    const auto replies = client.pipeline(commands);
    if (!replies)
        return replies.error();
    const auto size = sizeOf(replies->at(0), sizeCommand, key);
    if (!size)
        return size.error();
    const RedisReply &step = replies->at(1);
    if (step.isError())
        return refusedReply(step, named(scanCommand, key));
    if (step.type != RedisReply::Type::Array || step.elements.size() != 2 ||
        step.elements.at(0).type != RedisReply::Type::String ||
        step.elements.at(1).type != RedisReply::Type::Array ||
        (pairs && step.elements.at(1).elements.size() % 2 != 0))
        return unexpectedReply(QString::fromLatin1(scanCommand));
    ValueScanPage page;
    page.size = *size;
    page.cursor = step.elements.at(0).text;
    const QList<RedisReply> &found = step.elements.at(1).elements;
    const qsizetype stride = pairs ? 2 : 1;
    page.elements.reserve(found.size() / stride);
    for (qsizetype i = 0; i + stride - 1 < found.size(); i += stride)
        page.elements.append({found.at(i).text, pairs ? found.at(i + 1).text : QByteArray()});
    return page;
}

// ZRANGE ... WITHSCORES: [member, score, member, score, ...].
Status appendMembers(const RedisReply &reply, const QByteArray &key, ZsetPage *page)
{
    if (reply.isError())
        return refusedReply(reply, named("ZRANGE", key));
    if (reply.type != RedisReply::Type::Array || reply.elements.size() % 2 != 0)
        return unexpectedReply(u"ZRANGE"_s);
    page->members.reserve(reply.elements.size() / 2);
    for (qsizetype i = 0; i + 1 < reply.elements.size(); i += 2)
        page->members.append({reply.elements.at(i).text, reply.elements.at(i + 1).text});
    return success();
}

} // namespace

Result<ValueScanPage> readHashPage(RedisClient &client, const QByteArray &key,
                                   const QByteArray &cursor, int count)
{
    const QByteArray from = cursor.isEmpty() ? QByteArray("0") : cursor;
    return scanPage({{"HLEN", key}, {"HSCAN", key, from, "COUNT", countOf(count)}}, client, key,
                    true);
}

Result<ValueScanPage> readSetPage(RedisClient &client, const QByteArray &key,
                                  const QByteArray &cursor, int count)
{
    const QByteArray from = cursor.isEmpty() ? QByteArray("0") : cursor;
    return scanPage({{"SCARD", key}, {"SSCAN", key, from, "COUNT", countOf(count)}}, client, key,
                    false);
}

Result<ZsetPage> readZsetByRank(RedisClient &client, const QByteArray &key, bool highestFirst,
                                qint64 start, int count)
{
    const qint64 first = std::max<qint64>(0, start);
    const qint64 last = first + std::max(1, count) - 1;
    QList<QByteArray> range{"ZRANGE", key, QByteArray::number(first), QByteArray::number(last)};
    if (highestFirst)
        range << "REV";
    range << "WITHSCORES";
    const auto replies = client.pipeline({{"ZCARD", key}, range});
    if (!replies)
        return replies.error();
    const auto size = sizeOf(replies->at(0), "ZCARD", key);
    if (!size)
        return size.error();
    ZsetPage page;
    page.size = *size;
    page.inRange = *size;
    if (Status members = appendMembers(replies->at(1), key, &page); !members)
        return members.error();
    return page;
}

Result<ZsetPage> readZsetByScore(RedisClient &client, const QByteArray &key,
                                 const ZsetScoreQuery &query)
{
    QByteArray low = query.min;
    QByteArray high = query.max;
    qint64 skip = 0;
    if (query.after) {
        // From the last score read on, past the members of that score already read.
        (query.highestFirst ? high : low) = query.after->score;
        skip = query.after->ties;
    }
    QList<QByteArray> range{"ZRANGE", key};
    if (query.highestFirst)
        range << high << low << "BYSCORE"
              << "REV";
    else
        range << low << high << "BYSCORE";
    range << "LIMIT" << QByteArray::number(skip) << countOf(query.count) << "WITHSCORES";
    const auto replies =
        client.pipeline({{"ZCARD", key}, {"ZCOUNT", key, query.min, query.max}, range});
    if (!replies)
        return replies.error();
    const auto size = sizeOf(replies->at(0), "ZCARD", key);
    if (!size)
        return size.error();
    const auto inRange = sizeOf(replies->at(1), "ZCOUNT", key);
    if (!inRange)
        return inRange.error();
    ZsetPage page;
    page.size = *size;
    page.inRange = *inRange;
    if (Status members = appendMembers(replies->at(2), key, &page); !members)
        return members.error();
    return page;
}

bool isScoreBound(const QByteArray &bound)
{
    const QByteArray number = bound.startsWith('(') ? bound.mid(1) : bound;
    const QByteArray lower = number.toLower();
    if (lower == "inf" || lower == "+inf" || lower == "-inf")
        return true;
    if (number.isEmpty() || number.trimmed() != number)
        return false;
    bool ok = false;
    const double value = number.toDouble(&ok);
    return ok && !std::isnan(value);
}

Result<StringRange> readStringRange(RedisClient &client, const QByteArray &key, qint64 offset,
                                    int count)
{
    const qint64 first = std::max<qint64>(0, offset);
    const qint64 last = first + std::max(1, count) - 1;
    const auto replies = client.pipeline(
        {{"STRLEN", key}, {"GETRANGE", key, QByteArray::number(first), QByteArray::number(last)}});
    if (!replies)
        return replies.error();
    const auto length = sizeOf(replies->at(0), "STRLEN", key);
    if (!length)
        return length.error();
    const RedisReply &bytes = replies->at(1);
    if (bytes.isError())
        return refusedReply(bytes, named("GETRANGE", key));
    if (bytes.type != RedisReply::Type::String)
        return unexpectedReply(u"GETRANGE"_s);
    return StringRange{*length, first, bytes.text};
}

} // namespace porthole
