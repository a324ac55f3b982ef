#include "exportsource.h"

#include "checkpointrepository.h"
#include "sqlsupport.h"

#include <QFileInfo>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A column as the table holds it, and the SQL that reads it in its written form when that is
// not what the kind gives (an empty expression: derived from the kind).
struct CatalogColumn
{
    ExportColumn column;
    QString sqlite;
    QString postgresql;
};

QString expressionOf(const CatalogColumn &c, SqlEngine engine)
{
    const QString &given = engine == SqlEngine::SQLite ? c.sqlite : c.postgresql;
    if (!given.isEmpty())
        return given;
    const QString &name = c.column.name;
    switch (c.column.kind) {
    case ExportKind::Time:
        return exportTimeSql(engine, name);
    case ExportKind::Json:
        return exportJsonSql(engine, name);
    case ExportKind::Text:
        return exportTextSql(engine, name);
    case ExportKind::Integer:
    case ExportKind::Real:
        return name;
    }
    return name;
}

// A listing of one table: its catalog, and per connection what to read from, the filter and
// the order.
class SqlExportSource : public ExportSource
{
public:
    struct Listing
    {
        QString from; // "port_messages", perhaps with an index named
        WhereClause where;
        QString orderBy; // "created_at DESC, id DESC"
        // Read after the columns written, for `keep`.
        QStringList checked;
        std::function<bool(const QVariantList &checked)> keep;
    };

    SqlExportSource(QString table, QList<CatalogColumn> catalog,
                    std::function<Listing(const QSqlDatabase &)> listing,
                    std::function<Result<RowCount>(const QSqlDatabase &, qint64)> count)
        : m_table(std::move(table))
        , m_catalog(std::move(catalog))
        , m_listing(std::move(listing))
        , m_count(std::move(count))
    {}

    QString table() const override { return m_table; }

    QList<ExportColumn> columns() const override
    {
        QList<ExportColumn> list;
        for (const CatalogColumn &c : m_catalog)
            list.append(c.column);
        return list;
    }

    Result<ExportQuery> query(const QSqlDatabase &db, const QStringList &names) const override
    {
        const SqlEngine engine = engineOf(db);
        ExportQuery out;
        QStringList select;
        const auto add = [&](const CatalogColumn &c) {
            out.columns.append(c.column);
            select.append(expressionOf(c, engine));
        };
        if (names.isEmpty()) {
            for (const CatalogColumn &c : m_catalog)
                add(c);
        }
        for (const QString &name : names) {
            const auto found =
                std::find_if(m_catalog.cbegin(), m_catalog.cend(),
                             [&](const CatalogColumn &c) { return c.column.name == name; });
            if (found == m_catalog.cend())
                return StorageError::invalidArgument(
                    u"%1 has no column \"%2\". Its columns: %3."_s.arg(
                        m_table, name, columnNames().join(u", "_s)));
            add(*found);
        }
        const Listing listing = m_listing(db);
        if (listing.keep) {
            select << listing.checked;
            out.keep = listing.keep;
            out.checkedColumns = int(listing.checked.size());
        }
        // A row is named by its key where it can hold a value that is not JSON (ExportKind::Json).
        // Every table here has an "id"; named apart from a written one, which ORDER BY would
        // otherwise find twice.
        if (std::any_of(out.columns.cbegin(), out.columns.cend(),
                        [](const ExportColumn &c) { return c.kind == ExportKind::Json; })) {
            out.keyColumn = int(select.size());
            out.keyName = u"id"_s;
            select << u"id AS export_row_key"_s;
        }
        out.sql = u"SELECT %1 FROM %2%3 ORDER BY %4"_s.arg(select.join(u", "_s), listing.from,
                                                           listing.where.sql, listing.orderBy);
        out.params = listing.where.params;
        return out;
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return m_count(db, exactUpTo);
    }

private:
    QStringList columnNames() const
    {
        QStringList names;
        for (const CatalogColumn &c : m_catalog)
            names.append(c.column.name);
        return names;
    }

    QString m_table;
    QList<CatalogColumn> m_catalog;
    std::function<Listing(const QSqlDatabase &)> m_listing;
    std::function<Result<RowCount>(const QSqlDatabase &, qint64)> m_count;
};

QString orderBy(const QString &sortColumn, bool descending, const QString &tiebreak = u"id"_s)
{
    const QString direction = descending ? u" DESC"_s : QString();
    return u"%1%3, %2%3"_s.arg(sortColumn, tiebreak, direction);
}

// The repository's sort column by its name; its default when empty or not one it sorts by.
QString sortColumnOf(const QString &wanted, const QStringList &allowed)
{
    return allowed.contains(wanted) ? wanted : allowed.constFirst();
}

// A column read as it is stored. Its title is marked for translation (QT_TRANSLATE_NOOP, in
// ExportColumn's context): the export dialog shows it in the window's language, the command
// line as it is here.
CatalogColumn column(const QString &name, const char *title, ExportKind kind)
{
    return {{name, QString::fromUtf8(title), kind}, {}, {}};
}

QList<CatalogColumn> messageColumns()
{
    using K = ExportKind;
    return {
        column(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), K::Integer),
        column(u"timestamp"_s, QT_TRANSLATE_NOOP("ExportColumn", "Received"), K::Time),
        column(u"message_number"_s, QT_TRANSLATE_NOOP("ExportColumn", "Number"), K::Integer),
        column(u"content"_s, QT_TRANSLATE_NOOP("ExportColumn", "Content"), K::Text),
        column(u"source"_s, QT_TRANSLATE_NOOP("ExportColumn", "Source"), K::Text),
        column(u"batch_id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Batch file"), K::Integer),
        column(u"delivery_key"_s, QT_TRANSLATE_NOOP("ExportColumn", "Delivery key"), K::Text),
        // The bytes of a content that was not UTF-8, in hexadecimal; NULL for all others.
        {{u"content_raw_hex"_s,
          QString::fromUtf8(QT_TRANSLATE_NOOP("ExportColumn", "Raw content (hex)")), K::Text},
         u"hex(content_raw)"_s,
         u"upper(encode(content_raw, 'hex'))"_s},
    };
}

QList<CatalogColumn> portMessageColumns()
{
    using K = ExportKind;
    return {
        column(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), K::Text),
        column(u"created_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Created"), K::Time),
        column(u"port_name"_s, QT_TRANSLATE_NOOP("ExportColumn", "Port"), K::Text),
        column(u"status"_s, QT_TRANSLATE_NOOP("ExportColumn", "Status"), K::Text),
        column(u"source_component"_s, QT_TRANSLATE_NOOP("ExportColumn", "Source"), K::Text),
        column(u"target_component"_s, QT_TRANSLATE_NOOP("ExportColumn", "Target"), K::Text),
        column(u"retry_count"_s, QT_TRANSLATE_NOOP("ExportColumn", "Retries"), K::Integer),
        column(u"max_retries"_s, QT_TRANSLATE_NOOP("ExportColumn", "Max retries"), K::Integer),
        column(u"error_message"_s, QT_TRANSLATE_NOOP("ExportColumn", "Error"), K::Text),
        column(u"error_details"_s, QT_TRANSLATE_NOOP("ExportColumn", "Error details"), K::Json),
        column(u"message_data"_s, QT_TRANSLATE_NOOP("ExportColumn", "Payload"), K::Json),
        column(u"message_metadata"_s, QT_TRANSLATE_NOOP("ExportColumn", "Metadata"), K::Json),
        column(u"processed_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Processed"), K::Time),
        column(u"completed_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Completed"), K::Time),
        column(u"replay_count"_s, QT_TRANSLATE_NOOP("ExportColumn", "Replays"), K::Integer),
        column(u"version"_s, QT_TRANSLATE_NOOP("ExportColumn", "Version"), K::Integer),
        column(u"deleted_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Purged"), K::Time),
    };
}

QList<CatalogColumn> auditColumns()
{
    using K = ExportKind;
    return {
        column(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), K::Integer),
        column(u"occurred_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "When"), K::Time),
        column(u"actor"_s, QT_TRANSLATE_NOOP("ExportColumn", "Who"), K::Text),
        column(u"action"_s, QT_TRANSLATE_NOOP("ExportColumn", "Action"), K::Text),
        column(u"target_table"_s, QT_TRANSLATE_NOOP("ExportColumn", "Table"), K::Text),
        column(u"affected_count"_s, QT_TRANSLATE_NOOP("ExportColumn", "Rows"), K::Integer),
        column(u"filter"_s, QT_TRANSLATE_NOOP("ExportColumn", "Filter"), K::Json),
        column(u"affected_ids"_s, QT_TRANSLATE_NOOP("ExportColumn", "Affected ids"), K::Json),
        column(u"before_data"_s, QT_TRANSLATE_NOOP("ExportColumn", "Before"), K::Json),
        column(u"after_data"_s, QT_TRANSLATE_NOOP("ExportColumn", "After"), K::Json),
        column(u"details"_s, QT_TRANSLATE_NOOP("ExportColumn", "Details"), K::Text),
    };
}

QList<CatalogColumn> checkpointColumns()
{
    using K = ExportKind;
    return {
        column(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), K::Text),
        column(u"checkpoint_name"_s, QT_TRANSLATE_NOOP("ExportColumn", "Checkpoint"), K::Text),
        column(u"component_name"_s, QT_TRANSLATE_NOOP("ExportColumn", "Component"), K::Text),
        column(u"version"_s, QT_TRANSLATE_NOOP("ExportColumn", "Version"), K::Integer),
        column(u"created_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Saved"), K::Time),
        column(u"expires_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Expires"), K::Time),
        column(u"checkpoint_data"_s, QT_TRANSLATE_NOOP("ExportColumn", "Data"), K::Json),
        column(u"checkpoint_metadata"_s, QT_TRANSLATE_NOOP("ExportColumn", "Metadata"), K::Json),
    };
}

} // namespace

QString exportTimeSql(SqlEngine engine, const QString &column)
{
    // strftime() in SQL would allocate three strings a value; the reader rewrites the stored
    // forms in its own buffer instead (exportrows.cpp).
    return engine == SqlEngine::SQLite
               ? column
               : u"to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"_s.arg(
                     column);
}

QString exportTextSql(SqlEngine engine, const QString &column)
{
    return engine == SqlEngine::SQLite ? column : column + u"::text"_s;
}

QString exportJsonSql(SqlEngine engine, const QString &column)
{
    // The stored text, parsed once to know it is JSON: a value SQLite's JSON1 will not read (a
    // text that is not JSON, a BLOB) is read as the bytes it is instead, for the writer to keep
    // and name; json() alone would fail the whole statement on it. A PostgreSQL jsonb column
    // holds nothing else.
    return engine == SqlEngine::SQLite
               ? u"CASE WHEN json_valid(%1) THEN %1 ELSE CAST(%1 AS BLOB) END"_s.arg(column)
               : u"%1::jsonb::text"_s.arg(column);
}

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Csv:
        return u"csv"_s;
    case ExportFormat::Json:
        return u"json"_s;
    case ExportFormat::JsonLines:
        return u"jsonl"_s;
    }
    return {};
}

std::optional<ExportFormat> exportFormatNamed(const QString &name)
{
    for (ExportFormat format : {ExportFormat::Csv, ExportFormat::Json, ExportFormat::JsonLines})
        if (name.compare(exportFormatName(format), Qt::CaseInsensitive) == 0)
            return format;
    return std::nullopt;
}

std::optional<ExportFormat> exportFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    if (suffix.compare(u"ndjson"_s, Qt::CaseInsensitive) == 0)
        return ExportFormat::JsonLines;
    return exportFormatNamed(suffix);
}

std::shared_ptr<const ExportSource> messagesExport(const MessageFilter &filter,
                                                   const QString &sortColumn, bool descending)
{
    const QString sort = sortColumnOf(sortColumn, MessageRepository::sortColumns());
    return std::make_shared<SqlExportSource>(
        u"messages"_s, messageColumns(),
        [=](const QSqlDatabase &db) {
            return SqlExportSource::Listing{u"messages"_s,
                                            MessageRepository(db).where(filter),
                                            orderBy(sort, descending),
                                            {},
                                            {}};
        },
        [=](const QSqlDatabase &db, qint64 exactUpTo) {
            return MessageRepository(db).count(filter, exactUpTo);
        });
}

std::shared_ptr<const ExportSource>
portMessagesExport(const PortMessageFilter &filter, const QString &sortColumn, bool descending,
                   std::function<bool(const QString &errorMessage)> errorMatches, bool asServed)
{
    const QString sort = sortColumnOf(sortColumn, PortMessageRepository::sortColumns());
    return std::make_shared<SqlExportSource>(
        filter.deadLettersOnly ? u"dead_letters"_s : u"port_messages"_s, portMessageColumns(),
        [=](const QSqlDatabase &db) {
            const PortMessageRepository repository(db);
            const QString served = asServed ? repository.servedSort(sort) : sort;
            SqlExportSource::Listing listing{
                repository.table(filter),
                repository.where(filter),
                orderBy(served, descending, asServed ? repository.tiebreak(served) : u"id"_s),
                {},
                {}};
            if (errorMatches) {
                listing.checked = {u"error_message"_s};
                listing.keep = [errorMatches](const QVariantList &checked) {
                    return errorMatches(checked.value(0).toString());
                };
            }
            return listing;
        },
        [=](const QSqlDatabase &db, qint64 exactUpTo) -> Result<RowCount> {
            auto count = PortMessageRepository(db).count(filter, exactUpTo);
            if (count && errorMatches)
                count->precision = RowCount::Precision::Estimate;
            return count;
        });
}

std::shared_ptr<const ExportSource> auditLogExport(const AuditFilter &filter)
{
    return std::make_shared<SqlExportSource>(
        u"audit_log"_s, auditColumns(),
        [=](const QSqlDatabase &db) {
            return SqlExportSource::Listing{u"audit_log"_s,
                                            AuditLog(db).where(filter),
                                            orderBy(u"occurred_at"_s, true),
                                            {},
                                            {}};
        },
        [=](const QSqlDatabase &db, qint64 exactUpTo) {
            return AuditLog(db).count(filter, exactUpTo);
        });
}

std::shared_ptr<const ExportSource> checkpointsExport(const QString &contains)
{
    const auto where = [contains](SqlEngine engine) {
        return CheckpointRepository::latestWhere(engine, contains);
    };
    return std::make_shared<SqlExportSource>(
        u"checkpoints"_s, checkpointColumns(),
        [=](const QSqlDatabase &db) {
            return SqlExportSource::Listing{
                u"checkpoints"_s, where(engineOf(db)), u"checkpoint_name, version"_s, {}, {}};
        },
        [=](const QSqlDatabase &db, qint64 exactUpTo) {
            return boundedCount(db, u"FROM checkpoints"_s, where(engineOf(db)), exactUpTo,
                                u"Counting checkpoints"_s);
        });
}

QList<CatalogColumn> componentStateColumns()
{
    using K = ExportKind;
    return {
        column(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), K::Text),
        column(u"component_name"_s, QT_TRANSLATE_NOOP("ExportColumn", "Component"), K::Text),
        column(u"component_type"_s, QT_TRANSLATE_NOOP("ExportColumn", "Type"), K::Text),
        column(u"version"_s, QT_TRANSLATE_NOOP("ExportColumn", "Version"), K::Integer),
        column(u"created_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Created"), K::Time),
        column(u"updated_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Updated"), K::Time),
        column(u"state_data"_s, QT_TRANSLATE_NOOP("ExportColumn", "State"), K::Json),
    };
}

std::shared_ptr<const ExportSource> componentStateExport(const ComponentStateFilter &filter)
{
    const auto where = [filter] {
        return ComponentStateRepository::where(filter);
    };
    return std::make_shared<SqlExportSource>(
        u"component_state"_s, componentStateColumns(),
        [=](const QSqlDatabase &) {
            return SqlExportSource::Listing{
                u"component_state"_s, where(), u"component_name, version DESC, id"_s, {}, {}};
        },
        [=](const QSqlDatabase &db, qint64 exactUpTo) {
            return boundedCount(db, u"FROM component_state"_s, where(), exactUpTo,
                                u"Counting component states"_s);
        });
}

QList<CatalogColumn> sinkStorageColumns()
{
    using K = ExportKind;
    return {
        column(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), K::Text),
        column(u"sink_name"_s, QT_TRANSLATE_NOOP("ExportColumn", "Sink"), K::Text),
        column(u"data_type"_s, QT_TRANSLATE_NOOP("ExportColumn", "Data type"), K::Text),
        column(u"created_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Created"), K::Time),
        column(u"updated_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Updated"), K::Time),
        column(u"data"_s, QT_TRANSLATE_NOOP("ExportColumn", "Data"), K::Json),
        column(u"metadata"_s, QT_TRANSLATE_NOOP("ExportColumn", "Metadata"), K::Json),
    };
}

std::shared_ptr<const ExportSource> sinkStorageExport(const SinkStorageFilter &filter)
{
    return std::make_shared<SqlExportSource>(
        u"sink_storage"_s, sinkStorageColumns(),
        [=](const QSqlDatabase &db) {
            return SqlExportSource::Listing{u"sink_storage"_s,
                                            SinkStorageRepository::where(filter, engineOf(db)),
                                            orderBy(u"created_at"_s, true),
                                            {},
                                            {}};
        },
        [=](const QSqlDatabase &db, qint64 exactUpTo) {
            return SinkStorageRepository(db).count(filter, exactUpTo);
        });
}

QList<CatalogColumn> healthColumns()
{
    using K = ExportKind;
    return {
        column(u"id"_s, QT_TRANSLATE_NOOP("ExportColumn", "Id"), K::Text),
        column(u"component_name"_s, QT_TRANSLATE_NOOP("ExportColumn", "Component"), K::Text),
        column(u"health_status"_s, QT_TRANSLATE_NOOP("ExportColumn", "Status"), K::Text),
        column(u"last_heartbeat"_s, QT_TRANSLATE_NOOP("ExportColumn", "Heartbeat"), K::Time),
        column(u"created_at"_s, QT_TRANSLATE_NOOP("ExportColumn", "Created"), K::Time),
        column(u"health_details"_s, QT_TRANSLATE_NOOP("ExportColumn", "Details"), K::Json),
    };
}

std::shared_ptr<const ExportSource> healthHistoryExport(const HealthFilter &filter)
{
    return std::make_shared<SqlExportSource>(
        u"system_health"_s, healthColumns(),
        [=](const QSqlDatabase &) {
            return SqlExportSource::Listing{u"system_health"_s,
                                            HealthRepository::where(filter),
                                            orderBy(u"last_heartbeat"_s, true),
                                            {},
                                            {}};
        },
        [=](const QSqlDatabase &db, qint64 exactUpTo) {
            return HealthRepository(db).count(filter, exactUpTo);
        });
}

QStringList exportTables()
{
    return {u"messages"_s,         u"port_messages"_s,   u"dead_letters"_s, u"audit_log"_s,
            u"checkpoints"_s,      u"component_state"_s, u"sink_storage"_s, u"system_health"_s,
            u"processed_events"_s, u"metrics"_s};
}

} // namespace porthole
