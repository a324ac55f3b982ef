#include "exportsource.h"

#include "checkpointrepository.h"

#include <QFileInfo>

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
        // Porthole writes 'YYYY-MM-DD HH:MM:SS.SSS' (timestampText()): that form is rewritten
        // in place, at a fraction of strftime()'s cost; any other goes through strftime().
        return engine == SqlEngine::SQLite
                   ? u"CASE WHEN length(%1) = 23 AND substr(%1, 11, 1) = ' ' "
                     "THEN substr(%1, 1, 10) || 'T' || substr(%1, 12) || 'Z' "
                     "ELSE strftime('%Y-%m-%dT%H:%M:%fZ', %1) END"_s.arg(name)
                   : u"to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"_s.arg(
                         name);
    case ExportKind::Json:
        // json() drops the white space a stored text may have, so that a value fits one line.
        return engine == SqlEngine::SQLite ? u"json(%1)"_s.arg(name)
                                           : u"%1::jsonb::text"_s.arg(name);
    case ExportKind::Text:
        return engine == SqlEngine::SQLite ? name : u"%1::text"_s.arg(name);
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

QString orderBy(const QString &sortColumn, bool descending)
{
    const QString direction = descending ? u" DESC"_s : QString();
    return u"%1%2, id%2"_s.arg(sortColumn, direction);
}

// The repository's sort column by its name; its default when empty or not one it sorts by.
QString sortColumnOf(const QString &wanted, const QStringList &allowed)
{
    return allowed.contains(wanted) ? wanted : allowed.constFirst();
}

QList<CatalogColumn> messageColumns()
{
    using K = ExportKind;
    return {
        {{u"id"_s, u"Id"_s, K::Integer}, {}, {}},
        {{u"timestamp"_s, u"Received"_s, K::Time}, {}, {}},
        {{u"message_number"_s, u"Number"_s, K::Integer}, {}, {}},
        {{u"content"_s, u"Content"_s, K::Text}, {}, {}},
        {{u"source"_s, u"Source"_s, K::Text}, {}, {}},
        {{u"batch_id"_s, u"Batch file"_s, K::Integer}, {}, {}},
        {{u"delivery_key"_s, u"Delivery key"_s, K::Text}, {}, {}},
        // The bytes of a content that was not UTF-8, in hexadecimal; NULL for all others.
        {{u"content_raw_hex"_s, u"Raw content (hex)"_s, K::Text},
         u"hex(content_raw)"_s,
         u"upper(encode(content_raw, 'hex'))"_s},
    };
}

QList<CatalogColumn> portMessageColumns()
{
    using K = ExportKind;
    return {
        {{u"id"_s, u"Id"_s, K::Text}, {}, {}},
        {{u"created_at"_s, u"Created"_s, K::Time}, {}, {}},
        {{u"port_name"_s, u"Port"_s, K::Text}, {}, {}},
        {{u"status"_s, u"Status"_s, K::Text}, {}, {}},
        {{u"source_component"_s, u"Source"_s, K::Text}, {}, {}},
        {{u"target_component"_s, u"Target"_s, K::Text}, {}, {}},
        {{u"retry_count"_s, u"Retries"_s, K::Integer}, {}, {}},
        {{u"max_retries"_s, u"Max retries"_s, K::Integer}, {}, {}},
        {{u"error_message"_s, u"Error"_s, K::Text}, {}, {}},
        {{u"error_details"_s, u"Error details"_s, K::Json}, {}, {}},
        {{u"message_data"_s, u"Payload"_s, K::Json}, {}, {}},
        {{u"message_metadata"_s, u"Metadata"_s, K::Json}, {}, {}},
        {{u"processed_at"_s, u"Processed"_s, K::Time}, {}, {}},
        {{u"completed_at"_s, u"Completed"_s, K::Time}, {}, {}},
        {{u"replay_count"_s, u"Replays"_s, K::Integer}, {}, {}},
        {{u"version"_s, u"Version"_s, K::Integer}, {}, {}},
        {{u"deleted_at"_s, u"Purged"_s, K::Time}, {}, {}},
    };
}

QList<CatalogColumn> auditColumns()
{
    using K = ExportKind;
    return {
        {{u"id"_s, u"Id"_s, K::Integer}, {}, {}},
        {{u"occurred_at"_s, u"When"_s, K::Time}, {}, {}},
        {{u"actor"_s, u"Who"_s, K::Text}, {}, {}},
        {{u"action"_s, u"Action"_s, K::Text}, {}, {}},
        {{u"target_table"_s, u"Table"_s, K::Text}, {}, {}},
        {{u"affected_count"_s, u"Rows"_s, K::Integer}, {}, {}},
        {{u"filter"_s, u"Filter"_s, K::Json}, {}, {}},
        {{u"affected_ids"_s, u"Affected ids"_s, K::Json}, {}, {}},
        {{u"before_data"_s, u"Before"_s, K::Json}, {}, {}},
        {{u"after_data"_s, u"After"_s, K::Json}, {}, {}},
        {{u"details"_s, u"Details"_s, K::Text}, {}, {}},
    };
}

QList<CatalogColumn> checkpointColumns()
{
    using K = ExportKind;
    return {
        {{u"id"_s, u"Id"_s, K::Text}, {}, {}},
        {{u"checkpoint_name"_s, u"Checkpoint"_s, K::Text}, {}, {}},
        {{u"component_name"_s, u"Component"_s, K::Text}, {}, {}},
        {{u"version"_s, u"Version"_s, K::Integer}, {}, {}},
        {{u"created_at"_s, u"Saved"_s, K::Time}, {}, {}},
        {{u"expires_at"_s, u"Expires"_s, K::Time}, {}, {}},
        {{u"checkpoint_data"_s, u"Data"_s, K::Json}, {}, {}},
        {{u"checkpoint_metadata"_s, u"Metadata"_s, K::Json}, {}, {}},
    };
}

} // namespace

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
                   std::function<bool(const QString &errorMessage)> errorMatches)
{
    const QString sort = sortColumnOf(sortColumn, PortMessageRepository::sortColumns());
    return std::make_shared<SqlExportSource>(
        filter.deadLettersOnly ? u"dead_letters"_s : u"port_messages"_s, portMessageColumns(),
        [=](const QSqlDatabase &db) {
            const PortMessageRepository repository(db);
            SqlExportSource::Listing listing{repository.table(filter),
                                             repository.where(filter),
                                             orderBy(sort, descending),
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

QStringList exportTables()
{
    return {u"messages"_s, u"port_messages"_s, u"dead_letters"_s, u"audit_log"_s, u"checkpoints"_s};
}

} // namespace porthole
