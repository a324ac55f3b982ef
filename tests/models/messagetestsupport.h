#pragma once

#include "messagerepository.h"
#include "repositorytestsupport.h"

#include <QTimeZone>

#include <functional>

// What the Messages model and pane tests share: numbered received messages, stored through the
// repository, and the listing the database should show of them.
namespace porthole::test {

inline const QDateTime messageBase = QDateTime(QDate(2026, 3, 2), QTime(9, 30), QTimeZone::utc());

// Message n: number n, arrived n seconds after messageBase, from "orders" when n is a multiple
// of 3 and "messages" otherwise, in batch n / 10 + 1 when n < 60 (batches 1..6 exist) and in
// none after that.
inline ReceivedMessage numberedReceived(qint64 n)
{
    ReceivedMessage m;
    m.messageNumber = n;
    m.content = QStringLiteral("Message N° %1 from the sensor").arg(n).toUtf8();
    m.timestamp = messageBase.addSecs(n);
    m.deliveryKey = QStringLiteral("stream:messages:%1-0").arg(1700000000000 + n);
    m.source = n % 3 == 0 ? QStringLiteral("orders") : QStringLiteral("messages");
    if (n < 60)
        m.batchId = n / 10 + 1;
    return m;
}

// Stores messages first .. first + count - 1 (and batches 1..6); an empty string when that
// worked.
inline QString storeReceived(const QSqlDatabase &db, qint64 first, qint64 count,
                             const std::function<void(ReceivedMessage &)> &adjust = {})
{
    MessageRepository repository(db);
    QList<BatchRecord> batches;
    for (qint64 id = 1; id <= 6; ++id)
        batches.append({id,
                        QStringLiteral("messages_batch_%1.txt").arg(id, 4, 10, QLatin1Char('0')),
                        10, messageBase, messageBase});
    if (Status stored = repository.upsertBatches(batches); !stored)
        return stored.errorMessage();
    QList<ReceivedMessage> messages;
    for (qint64 n = first; n < first + count; ++n) {
        ReceivedMessage m = numberedReceived(n);
        if (adjust)
            adjust(m);
        messages << m;
    }
    auto outcome = repository.insert(messages);
    if (!outcome)
        return outcome.errorMessage();
    if (outcome->inserted != count)
        return QStringLiteral("%1 of %2 stored").arg(outcome->inserted).arg(count);
    return {};
}

// Every stored message, with its id.
inline QList<ReceivedMessage> allReceived(const QSqlDatabase &db)
{
    PageRequest request;
    request.limit = 10000;
    auto page = MessageRepository(db).page({}, request);
    return page ? page->rows : QList<ReceivedMessage>{};
}

// The ids of the listing as the database orders it: (sort value, id).
inline QStringList
expectedReceivedIds(QList<ReceivedMessage> rows, bool byNumber, bool descending,
                    const std::function<bool(const ReceivedMessage &)> &keep = {})
{
    if (keep)
        rows.removeIf([&](const ReceivedMessage &m) { return !keep(m); });
    const auto key = [byNumber](const ReceivedMessage &m) {
        return std::pair{byNumber ? m.messageNumber : m.timestamp.toMSecsSinceEpoch(), m.id};
    };
    std::sort(rows.begin(), rows.end(), [&](const ReceivedMessage &a, const ReceivedMessage &b) {
        return descending ? key(b) < key(a) : key(a) < key(b);
    });
    QStringList ids;
    for (const ReceivedMessage &m : rows)
        ids << QString::number(m.id);
    return ids;
}

} // namespace porthole::test
