#include "checkpointrepository.h"

#include "repositorysupport.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int saveAttempts = 5;

} // namespace

CheckpointRepository::CheckpointRepository(QSqlDatabase db)
    : m_db(std::move(db))
    , m_engine(engineOf(m_db))
    // Seed 001's SQLite checkpoints lacks the metadata and the expiry.
    , m_table(u"checkpoints"_s,
              {{u"checkpoint_metadata"_s, u"NULL"_s}, {u"expires_at"_s, u"NULL"_s}})
{}

WhereClause CheckpointRepository::latestWhere(SqlEngine engine, const QString &contains)
{
    WhereClause w;
    // SQLite reads the latest versions through the partial index idx_checkpoints_latest only
    // when the condition is its own ("is_latest = 1"): "is_latest" alone does not imply it.
    w.add(engine == SqlEngine::SQLite ? u"is_latest = 1"_s : u"is_latest"_s);
    if (!contains.isEmpty())
        w.addTextSearch(engine == SqlEngine::SQLite
                            ? u"(instr(lower(checkpoint_name), lower(?)) > 0 "
                              "OR instr(lower(component_name), lower(?)) > 0)"_s
                            : u"(strpos(lower(checkpoint_name), lower(?)) > 0 "
                              "OR strpos(lower(component_name), lower(?)) > 0)"_s,
                        {contains, contains});
    return w;
}

Result<QList<CheckpointSummary>> CheckpointRepository::names(const QString &contains) const
{
    const WhereClause w = latestWhere(m_engine, contains);
    // The latest versions by their partial index; each name's versions counted in the name's
    // index, up to the cap (not every version of every name).
    auto query = execQuery(
        m_db,
        u"SELECT c.checkpoint_name, c.component_name, c.version, c.created_at, c.expires_at, "
        "(SELECT count(*) FROM (SELECT 1 FROM checkpoints v "
        "WHERE v.checkpoint_name = c.checkpoint_name LIMIT %1) capped) "
        "FROM %2%3 ORDER BY c.checkpoint_name"_s.arg(versionsCountedUpTo + 1)
            .arg(m_table.from(m_db, u"c"_s), w.sql),
        w.params, u"Listing checkpoints"_s);
    if (!query)
        return query.error();
    QList<CheckpointSummary> summaries;
    while (query->next())
        summaries.append({query->value(0).toString(), query->value(1).toString(),
                          query->value(2).toLongLong(), query->value(5).toLongLong(),
                          timestampValue(query->value(3)), timestampValue(query->value(4))});
    return summaries;
}

Result<QList<Checkpoint>> CheckpointRepository::versions(const QString &name) const
{
    // The size without the data: the database measures it where it lies.
    const QString size = m_engine == SqlEngine::SQLite ? u"length(CAST(checkpoint_data AS BLOB))"_s
                                                       : u"octet_length(checkpoint_data::text)"_s;
    auto query = execQuery(
        m_db,
        u"SELECT id, checkpoint_name, component_name, version, is_latest, created_at, expires_at, "
        "%1 FROM %2 WHERE checkpoint_name = ? ORDER BY version DESC"_s.arg(size,
                                                                           m_table.from(m_db)),
        {name}, u"Listing the versions of checkpoint %1"_s.arg(name));
    if (!query)
        return query.error();
    QList<Checkpoint> list;
    while (query->next()) {
        Checkpoint c;
        c.id = query->value(0).toString();
        c.name = query->value(1).toString();
        c.component = query->value(2).toString();
        c.version = query->value(3).toLongLong();
        c.isLatest = query->value(4).toBool();
        c.createdAt = timestampValue(query->value(5));
        c.expiresAt = timestampValue(query->value(6));
        c.dataSize = query->value(7).toLongLong();
        list.append(c);
    }
    return list;
}

Result<Checkpoint> CheckpointRepository::get(const QString &name, qint64 version) const
{
    const QString columns =
        u"id, checkpoint_name, component_name, checkpoint_data, checkpoint_metadata, "
        "version, is_latest, created_at, expires_at"_s;
    auto query =
        version > 0
            ? execQuery(m_db,
                        u"SELECT %1 FROM %2 WHERE checkpoint_name = ? AND version = ?"_s.arg(
                            columns, m_table.from(m_db)),
                        {name, version},
                        u"Reading checkpoint %1 version %2"_s.arg(name).arg(version))
            // The name's versions newest first (idx_checkpoints_name_version): the latest is
            // the first, rather than one among every version of the name.
            : execQuery(m_db,
                        u"SELECT %1 FROM %2 WHERE checkpoint_name = ? AND is_latest "
                        "ORDER BY version DESC LIMIT 1"_s.arg(columns, m_table.from(m_db)),
                        {name}, u"Reading the latest checkpoint %1"_s.arg(name));
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError{StorageError::Kind::NotFound,
                            version > 0
                                ? u"Checkpoint %1 has no version %2."_s.arg(name).arg(version)
                                : u"There is no checkpoint %1."_s.arg(name)};
    Checkpoint c;
    c.id = query->value(0).toString();
    c.name = query->value(1).toString();
    c.component = query->value(2).toString();
    c.data = query->value(3).toString().toUtf8();
    c.metadata = query->value(4).isNull() ? QByteArray() : query->value(4).toString().toUtf8();
    c.version = query->value(5).toLongLong();
    c.isLatest = query->value(6).toBool();
    c.createdAt = timestampValue(query->value(7));
    c.expiresAt = timestampValue(query->value(8));
    c.dataSize = c.data.size();
    return c;
}

Result<Checkpoint> CheckpointRepository::save(const QString &name, const QString &component,
                                              const QByteArray &data, const QByteArray &metadata,
                                              const QDateTime &expiresAt)
{
    for (const Status &ok :
         {checkName(name, u"checkpoint name"_s), checkName(component, u"component name"_s),
          checkJson(data, u"checkpoint's data"_s, false),
          checkJson(metadata, u"checkpoint's metadata"_s, true)}) {
        if (!ok)
            return ok.error();
    }

    Checkpoint saved;
    saved.name = name;
    saved.component = component;
    saved.data = data;
    saved.metadata = metadata;
    saved.expiresAt = expiresAt;
    saved.isLatest = true;
    for (int attempt = 1;; ++attempt) {
        SqlTransaction transaction(m_db);
        if (Status begun = transaction.begin(); !begun)
            return begun.error();
        // Writers of one checkpoint name take turns (SQLite: BEGIN IMMEDIATE already does).
        if (m_engine == SqlEngine::PostgreSQL) {
            auto locked = execQuery(m_db, u"SELECT pg_advisory_xact_lock(hashtext(?))"_s, {name},
                                    u"Locking checkpoint %1"_s.arg(name));
            if (!locked)
                return locked.error();
        }
        auto next = execQuery(
            m_db,
            u"SELECT coalesce(max(version), 0) + 1 FROM checkpoints WHERE checkpoint_name = ?"_s,
            {name}, u"Numbering checkpoint %1"_s.arg(name));
        if (!next)
            return next.error();
        next->next();
        saved.version = next->value(0).toLongLong();
        saved.id = newUuid();
        saved.createdAt = QDateTime::currentDateTimeUtc();
        auto inserted = execQuery(
            m_db,
            u"INSERT INTO checkpoints (id, checkpoint_name, component_name, checkpoint_data, "
            u"checkpoint_metadata, "
            "version, is_latest, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {saved.id, name, component, jsonParam(data), jsonParam(metadata), saved.version,
             m_engine == SqlEngine::SQLite ? QVariant(1) : QVariant(true),
             timestampParam(saved.createdAt, m_engine), timestampParam(expiresAt, m_engine)},
            u"Storing checkpoint %1 version %2"_s.arg(name).arg(saved.version));
        if (inserted) {
            if (Status committed = transaction.commit(); !committed)
                return committed.error();
            return saved;
        }
        // A writer that does not take the lock took this number first; number again.
        if (inserted.error().kind != StorageError::Kind::Constraint || attempt == saveAttempts)
            return inserted.error();
    }
}

} // namespace porthole
