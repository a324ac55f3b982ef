#pragma once

#include "jsonpathfilter.h"
#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace porthole {

// One row of sink_storage (docs/DATABASE.md, Tables): what a sink component stored.
struct SinkStorageRow
{
    QString id;
    QString sinkName;
    QString dataType;    // empty when NULL
    QByteArray data;     // JSON as stored
    QByteArray metadata; // JSON as stored; empty when NULL
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC
    // created_at exactly as the database gave it, to page by (a seed's SQLite text time, or
    // PostgreSQL's microseconds, which a QDateTime would round).
    QString createdKey;

    friend bool operator==(const SinkStorageRow &, const SinkStorageRow &) = default;
};

// Which rows the Sink storage pane lists: of one sink (empty: of every sink), of one data_type
// (empty: any), and whose data holds a value at a JSON path (see JsonPathFilter).
struct SinkStorageFilter
{
    QString sink;
    QString dataType;
    std::optional<JsonPathFilter> path;
    QString id; // the one row of this id (a journey's step); empty: any

    friend bool operator==(const SinkStorageFilter &, const SinkStorageFilter &) = default;
};

// Reads sink_storage, newest first, in keyset pages by (created_at, id), on the seed's own
// columns, on SQLite and PostgreSQL; stores a row as a sink does (the demo's generated data).
class SinkStorageRepository
{
public:
    explicit SinkStorageRepository(const QSqlDatabase &db);

    // A keyset page; the sort column is "created_at" (the only one).
    Result<Page<SinkStorageRow>> page(const SinkStorageFilter &filter,
                                      const PageRequest &request) const;
    // The rows within `range` (see KeyRange), read forwards.
    Result<Page<SinkStorageRow>> pageBetween(const SinkStorageFilter &filter, const KeyRange &range,
                                             const PageRequest &request) const;
    Result<RowCount> count(const SinkStorageFilter &filter, qint64 exactUpTo = 100000) const;
    // The row with this id; nothing when there is none.
    Result<std::optional<SinkStorageRow>> byId(const QString &id) const;
    // The rows whose metadata's `key` holds one of `values` (through migration 24's index of
    // the key, where it has one), oldest first; at most `limit`.
    Result<QList<SinkStorageRow>> withMetadata(const QString &key, const QStringList &values,
                                               int limit) const;
    // Stores `row` (its id is made when empty; its times default to now); returns the id.
    Result<QString> store(const SinkStorageRow &row);

    static PageKey keyOf(const SinkStorageRow &row);
    // The filter as a WHERE clause: every value bound, never spliced.
    static WhereClause where(const SinkStorageFilter &filter, SqlEngine engine);

private:
    Result<Page<SinkStorageRow>> read(const KeysetQuery &sql, const PageRequest &finished) const;
    Result<QList<SinkStorageRow>> rows(const QString &sql, const QVariantList &params) const;

    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
