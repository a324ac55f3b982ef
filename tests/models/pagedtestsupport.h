#pragma once

#include "pagedtablemodel.h"
#include "portmessagemodel.h" // PortMessage as a QVariant
#include "portmessagerepository.h"
#include "repositorytestsupport.h"

#include <QAtomicInt>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <memory>

// What the paged model tests share: numbered port messages, a query over them that can be held
// at a gate, and waits for a model to settle.
namespace porthole::test {

inline const QDateTime pagedBase = QDateTime(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());

// Message n: created n seconds after pagedBase (so created_at orders by n), on port "even" or
// "odd", with a status by n % 5 and {"n": n} as its data.
inline PortMessage numberedMessage(int n)
{
    PortMessage m;
    m.portName = n % 2 ? QStringLiteral("odd") : QStringLiteral("even");
    m.sourceComponent = QStringLiteral("splitter");
    m.targetComponent = QStringLiteral("sink");
    m.messageData = QStringLiteral("{\"n\": %1}").arg(n).toUtf8();
    m.status = PortMessageRepository::statuses().at(n % 5);
    m.createdAt = pagedBase.addSecs(n);
    return m;
}

inline int numberOf(const PortMessage &m)
{
    return QJsonDocument::fromJson(m.messageData).object().value(QStringLiteral("n")).toInt(-1);
}

// Stores messages first .. first + count - 1; an empty string when that worked.
inline QString storeNumbered(const QSqlDatabase &db, int first, int count)
{
    PortMessageRepository repository(db);
    for (int from = first; from < first + count; from += 5000) {
        QList<PortMessage> batch;
        for (int n = from; n < std::min(first + count, from + 5000); ++n)
            batch << numberedMessage(n);
        auto stored = repository.insert(batch);
        if (!stored)
            return stored.errorMessage();
    }
    return {};
}

// Runs one statement on the fixture server's maintenance database, for what cannot be done
// from inside the database it is about (ALTER DATABASE ... ALLOW_CONNECTIONS). An empty string
// when it worked.
inline QString onServer(const QString &sql)
{
    auto url = fixturePostgres();
    if (!url)
        return url.errorMessage();
    const ConnectionFactory factory(*url);
    QString error;
    {
        auto db = factory.open(QStringLiteral("server-admin"));
        if (!db)
            return db.errorMessage();
        QSqlQuery query(*db);
        if (!query.exec(sql))
            error = query.lastError().text();
    }
    factory.close(QStringLiteral("server-admin"));
    return error;
}

// Lets no new connection into the database (true) or lets them in again (false), and ends every
// connection to it but `keepPid`'s.
inline QString shutOut(const QString &database, bool shut, qint64 keepPid = 0)
{
    QString error =
        onServer(QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS %2")
                     .arg(database, shut ? QStringLiteral("false") : QStringLiteral("true")));
    if (error.isEmpty() && shut)
        error = onServer(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                        "WHERE datname = '%1' AND pid <> %2")
                             .arg(database)
                             .arg(keepPid));
    return error;
}

// Numbered messages as a listing, by created_at; page() and exactCount() can be held at gates,
// to have a request in flight for as long as a test needs.
class NumberedQuery final : public PagedQuery
{
public:
    explicit NumberedQuery(PortMessageFilter filter = {}, bool descending = false)
        : m_filter(std::move(filter))
        , m_descending(descending)
    {}

    std::shared_ptr<QSemaphore> gate; // page() waits for one release when set
    std::shared_ptr<QAtomicInt> entered = std::make_shared<QAtomicInt>(0);
    std::shared_ptr<QSemaphore> countGate; // exactCount() waits for one release when set
    std::shared_ptr<QAtomicInt> countEntered = std::make_shared<QAtomicInt>(0);
    // Counts to the end even when the count is no longer wanted, so that its answer comes
    // and must be dropped.
    bool ignoreInterrupt = false;

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        if (gate) {
            entered->fetchAndAddOrdered(1);
            gate->acquire();
        }
        const PageRequest request{from, key, limit, QStringLiteral("created_at"), m_descending};
        return rows(PortMessageRepository(db).page(m_filter, request));
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        const PageRequest request{
            PageRequest::From::Start, {}, limit, QStringLiteral("created_at"), m_descending};
        return rows(PortMessageRepository(db).pageBetween(
            m_filter, KeyRange{first, firstIncluded, last}, request));
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return PortMessageRepository(db).count(m_filter, exactUpTo);
    }

    bool countsExactly() const override { return true; }

    Result<std::optional<qint64>> exactCount(const QSqlDatabase &db,
                                             CountInterrupt &interrupt) const override
    {
        if (countGate) {
            countEntered->fetchAndAddOrdered(1);
            countGate->acquire();
        }
        CountInterrupt never;
        return PortMessageRepository(db).exactCount(m_filter, ignoreInterrupt ? never : interrupt);
    }

private:
    static Result<PagedRows> rows(const Result<Page<PortMessage>> &page)
    {
        if (!page)
            return page.error();
        PagedRows out;
        out.atStart = page->atStart;
        out.atEnd = page->atEnd;
        for (const PortMessage &m : page->rows)
            out.rows.append({PortMessageRepository::keyOf(m, QStringLiteral("created_at")),
                             QVariant::fromValue(m)});
        return out;
    }

    PortMessageFilter m_filter;
    bool m_descending;
};

} // namespace porthole::test

namespace porthole::test {

// Waits, by its busyChanged() signal, until the model has no request on its way (nor about to
// send one).
inline bool settle(const PagedTableModel &model, int timeoutMs = 30000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (model.isBusy()) {
        QSignalSpy changed(&model, &PagedTableModel::busyChanged);
        const qint64 remaining = deadline.remainingTime();
        if (remaining <= 0 || !changed.wait(static_cast<int>(remaining)))
            return false;
    }
    return true;
}

} // namespace porthole::test

#define PORTHOLE_SETTLE(model) QVERIFY2(porthole::test::settle(model), "the model kept reading")

// Fetches page after page until the model has read the whole listing.
#define PORTHOLE_LOAD_ALL(model)                                                                   \
    do {                                                                                           \
        PORTHOLE_SETTLE(model);                                                                    \
        while ((model).canFetchMore({})) {                                                         \
            (model).fetchMore({});                                                                 \
            PORTHOLE_SETTLE(model);                                                                \
        }                                                                                          \
    } while (false)
