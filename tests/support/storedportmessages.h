#pragma once

// Port messages stored for a test, through the repository.

#include "portmessagerepository.h"

#include <QDate>
#include <QDateTime>
#include <QSqlDatabase>
#include <QTime>
#include <QTimeZone>

namespace porthole::test {

// The rows as stored (ids, versions), or none when storing failed.
inline QList<PortMessage> storeMessages(const QSqlDatabase &db, const QList<PortMessage> &rows)
{
    auto stored = PortMessageRepository(db).insert(rows);
    if (!stored) {
        qWarning("Storing failed: %s", qPrintable(stored.errorMessage()));
        return {};
    }
    return *stored;
}

// `count` dead letters on port "orders", message n created n seconds after a fixed time, with
// {"n": n} as its data; the rows as stored, or none when storing failed.
inline QList<PortMessage> storeDeadLetters(const QSqlDatabase &db, int count)
{
    using namespace Qt::StringLiterals;
    const QDateTime base(QDate(2026, 3, 1), QTime(9, 0), QTimeZone::utc());
    QList<PortMessage> rows;
    rows.reserve(count);
    for (int n = 0; n < count; ++n) {
        PortMessage m;
        m.portName = u"orders"_s;
        m.sourceComponent = u"splitter"_s;
        m.targetComponent = u"sink"_s;
        m.messageData = u"{\"n\": %1}"_s.arg(n).toUtf8();
        m.status = u"dead_letter"_s;
        m.retryCount = 3;
        m.errorMessage = u"timeout after 5s"_s;
        m.createdAt = base.addSecs(n);
        rows << m;
    }
    return storeMessages(db, rows);
}

} // namespace porthole::test
