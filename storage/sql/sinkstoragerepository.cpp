#include "sinkstoragerepository.h"

#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QUuid>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString sortColumn = u"created_at"_s;

QString selectSql(SqlEngine engine)
{
    // The last column is the key: the stored text on SQLite, on PostgreSQL the text form with
    // every microsecond, which reads back as the same instant whatever the session's zone.
    return u"SELECT id, sink_name, data_type, data, metadata, created_at, updated_at, "
           "%1 AS created_key FROM sink_storage"_s.arg(
               engine == SqlEngine::SQLite ? u"created_at"_s : u"created_at::text"_s);
}

} // namespace

SinkStorageRepository::SinkStorageRepository(const QSqlDatabase &db)
    : m_db(db)
    , m_engine(engineOf(m_db))
{}

Result<QString> SinkStorageRepository::store(const SinkStorageRow &row)
{
    const QString id = row.id.isEmpty() ? newUuid() : row.id;
    const QDateTime created =
        row.createdAt.isValid() ? row.createdAt : QDateTime::currentDateTimeUtc();
    const QDateTime updated = row.updatedAt.isValid() ? row.updatedAt : created;
    auto stored = execQuery(
        m_db,
        u"INSERT INTO sink_storage (id, sink_name, data_type, data, metadata, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
        {id, row.sinkName,
         row.dataType.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(row.dataType),
         jsonParam(row.data), jsonParam(row.metadata), timestampParam(created, m_engine),
         timestampParam(updated, m_engine)},
        u"Storing a row of %1"_s.arg(row.sinkName));
    if (!stored)
        return stored.error();
    return id;
}

WhereClause SinkStorageRepository::where(const SinkStorageFilter &filter, SqlEngine engine)
{
    WhereClause w;
    if (!filter.id.isEmpty())
        w.add(u"id = ?"_s, {filter.id});
    if (!filter.sink.isEmpty())
        w.add(u"sink_name = ?"_s, {filter.sink});
    if (!filter.dataType.isEmpty())
        w.add(u"data_type = ?"_s, {filter.dataType});
    if (filter.path) {
        const WhereClause path = filter.path->where(engine, u"data"_s);
        // The planner cannot know how many rows a JSON value matches: count them.
        w.addTextSearch(path.sql.mid(QStringLiteral(" WHERE ").size()), path.params);
    }
    return w;
}

PageKey SinkStorageRepository::keyOf(const SinkStorageRow &row)
{
    return {row.createdKey, row.id};
}

Result<Page<SinkStorageRow>> SinkStorageRepository::read(const KeysetQuery &sql,
                                                         const PageRequest &finished) const
{
    auto read = rows(sql.sql, sql.params);
    if (!read)
        return read.error();
    return finishPage(std::move(*read), finished);
}

Result<std::optional<SinkStorageRow>> SinkStorageRepository::byId(const QString &id) const
{
    // On PostgreSQL the id is a UUID: anything else names no row.
    if (m_engine == SqlEngine::PostgreSQL && QUuid::fromString(id).isNull())
        return std::optional<SinkStorageRow>();
    auto read = rows(selectSql(m_engine) + u" WHERE id = ?"_s, {id});
    if (!read)
        return read.error();
    return read->isEmpty() ? std::optional<SinkStorageRow>() : std::optional(read->constFirst());
}

Result<QList<SinkStorageRow>>
SinkStorageRepository::withMetadata(const QString &key, const QStringList &values, int limit) const
{
    if (values.isEmpty())
        return QList<SinkStorageRow>{};
    const auto [condition, param] =
        anyOf(m_engine, jsonKeyExpression(m_engine, u"metadata"_s, key), values);
    return rows(selectSql(m_engine) + u" WHERE "_s + condition +
                    u" ORDER BY created_at, id LIMIT "_s + QString::number(limit),
                {param});
}

Result<QList<SinkStorageRow>> SinkStorageRepository::rows(const QString &sql,
                                                          const QVariantList &params) const
{
    auto query = execQuery(m_db, sql, params, u"Reading sink storage"_s);
    if (!query)
        return query.error();
    QList<SinkStorageRow> rows;
    while (query->next()) {
        SinkStorageRow row;
        row.id = query->value(0).toString();
        row.sinkName = query->value(1).toString();
        row.dataType = query->value(2).toString();
        row.data = query->value(3).toString().toUtf8();
        row.metadata =
            query->value(4).isNull() ? QByteArray() : query->value(4).toString().toUtf8();
        row.createdAt = timestampValue(query->value(5));
        row.updatedAt = timestampValue(query->value(6));
        row.createdKey = query->value(7).toString();
        rows.append(row);
    }
    return rows;
}

Result<Page<SinkStorageRow>> SinkStorageRepository::page(const SinkStorageFilter &filter,
                                                         const PageRequest &request) const
{
    auto checked = checkPageRequest(request, {sortColumn}, u"Sink storage"_s);
    if (!checked)
        return checked.error();
    const KeysetQuery sql =
        keysetQuery(selectSql(m_engine), where(filter, m_engine), request, sortColumn,
                    request.key.sortValue.toString(), request.key.id);
    return read(sql, request);
}

Result<Page<SinkStorageRow>> SinkStorageRepository::pageBetween(const SinkStorageFilter &filter,
                                                                const KeyRange &range,
                                                                const PageRequest &request) const
{
    auto checked = checkPageRequest(request, {sortColumn}, u"Sink storage"_s);
    if (!checked)
        return checked.error();
    const auto bound = [](const PageKey &key) -> QVariantList {
        return {key.sortValue.toString(), key.id};
    };
    const KeysetQuery sql = keyRangeQuery(selectSql(m_engine), where(filter, m_engine), range,
                                          request, sortColumn, bound);
    return read(sql, forwardFromStart(request));
}

Result<RowCount> SinkStorageRepository::count(const SinkStorageFilter &filter,
                                              qint64 exactUpTo) const
{
    return boundedCount(m_db, u"FROM sink_storage"_s, where(filter, m_engine), exactUpTo,
                        u"Counting sink storage rows"_s);
}

} // namespace porthole
