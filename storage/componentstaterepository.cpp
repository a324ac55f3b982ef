#include "componentstaterepository.h"

#include "sqlerror.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString stateColumns(const QString &alias)
{
    return u"%1.id, %1.component_name, %1.component_type, %1.state_data, %1.version, "
           "%1.created_at, %1.updated_at"_s.arg(alias);
}

// The first key of PostgreSQL's two-key advisory locks that serialise saves per component
// ("PHCS"); the second is the hash of the component's name.
constexpr int saveLockClass = 0x50484353;

ComponentState stateOf(const QSqlQuery &query)
{
    return ComponentState{query.value(0).toString(),     query.value(1).toString(),
                          query.value(2).toString(),     query.value(3).toString().toUtf8(),
                          query.value(4).toInt(),        timestampValue(query.value(5)),
                          timestampValue(query.value(6))};
}

} // namespace

ComponentStateRepository::ComponentStateRepository(const QSqlDatabase &db)
    : m_db(db)
    , m_engine(engineOf(m_db))
{}

const QStringList &ComponentStateRepository::componentTypes()
{
    static const QStringList types{u"Source"_s, u"Sink"_s, u"Transformer"_s, u"Splitter"_s,
                                   u"Merger"_s};
    return types;
}

Result<ComponentState> ComponentStateRepository::save(const QString &componentName,
                                                      const QString &componentType,
                                                      const QByteArray &stateData)
{
    if (Status name = checkName(componentName, u"component name"_s); !name)
        return name.error();
    if (!componentTypes().contains(componentType))
        return StorageError::invalidArgument(u"'%1' is not a component type; use one of %2."_s.arg(
            componentType, componentTypes().join(u", "_s)));
    if (Status json = checkJson(stateData, u"state of %1"_s.arg(componentName), false); !json)
        return json.error();

    const QString what = u"Saving the state of %1"_s.arg(componentName);
    // The statements are declared before the transaction, so that a failed transaction is rolled
    // back before they go: PostgreSQL refuses to deallocate a prepared statement in a failed
    // transaction (and Qt then warns).
    QSqlQuery lock(m_db);
    QSqlQuery next(m_db);
    QSqlQuery insert(m_db);
    QSqlQuery readBack(m_db);
    const auto run = [&what](QSqlQuery &query, const QString &sql,
                             const QVariantList &params) -> Status {
        query.setForwardOnly(true);
        if (!query.prepare(sql))
            return sqlError(query.lastError(), what);
        for (const QVariant &param : params)
            query.addBindValue(param);
        if (!query.exec())
            return sqlError(query.lastError(), what);
        return success();
    };
    SqlTransaction transaction(m_db);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();

    // SQLite: BEGIN IMMEDIATE already holds the write lock. PostgreSQL: a lock per component
    // name until the transaction ends, so the next writer reads the version this one adds.
    if (m_engine == SqlEngine::PostgreSQL) {
        if (Status locked =
                run(lock, u"SELECT pg_advisory_xact_lock(%1, hashtext(?))"_s.arg(saveLockClass),
                    {componentName});
            !locked)
            return locked.error();
    }
    if (Status read = run(next,
                          u"SELECT coalesce(max(version), 0) + 1 FROM component_state "
                          "WHERE component_name = ?"_s,
                          {componentName});
        !read)
        return read.error();
    if (!next.next())
        return StorageError{StorageError::Kind::Protocol,
                            what + u" failed: the database gave no next version."_s};

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int version = next.value(0).toInt();
    const Status inserted =
        run(insert,
            u"INSERT INTO component_state (id, component_name, component_type, state_data, "
            "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
            {newUuid(), componentName, componentType, jsonParam(stateData), version,
             timestampParam(now, m_engine), timestampParam(now, m_engine)});
    if (!inserted) {
        // Everything the checks allow was checked, so a refused row means that a writer
        // outside this protocol took the version number first.
        if (inserted.error().kind == StorageError::Kind::Constraint)
            return StorageError{StorageError::Kind::Locked,
                                u"%1 failed: another writer saved version %2 at the same time. "
                                "Save again."_s.arg(what, QString::number(version))};
        return inserted.error();
    }
    // Read back in the same transaction, so that the caller sees what later reads will see
    // (jsonb's normal form), and a failed read is not mistaken for a failed save.
    if (Status read = run(readBack,
                          u"SELECT "_s + stateColumns(u"s"_s) +
                              u" FROM component_state s "
                              "WHERE s.component_name = ? AND s.version = ?"_s,
                          {componentName, version});
        !read)
        return read.error();
    if (!readBack.next())
        return StorageError{StorageError::Kind::Protocol,
                            what + u" failed: the saved version could not be read back."_s};
    const ComponentState saved = stateOf(readBack);
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return saved;
}

SqlStatement ComponentStateRepository::latestStatement(SqlEngine engine)
{
    // The highest version is the last entry of a component's range in the unique index
    // (component_name, version).
    return {
        latestPerComponentSql(engine, u"component_state"_s, stateColumns, {}, u"v.version DESC"_s),
        {}};
}

Result<QList<ComponentState>> ComponentStateRepository::latest() const
{
    const SqlStatement statement = latestStatement(m_engine);
    auto query =
        execQuery(m_db, statement.sql, statement.params, u"Reading the latest component states"_s);
    if (!query)
        return query.error();
    QList<ComponentState> states;
    while (query->next())
        states.append(stateOf(*query));
    return states;
}

Result<QList<ComponentState>> ComponentStateRepository::versions(const QString &componentName) const
{
    if (Status name = checkName(componentName, u"component name"_s); !name)
        return name.error();
    auto query = execQuery(m_db,
                           u"SELECT "_s + stateColumns(u"s"_s) +
                               u" FROM component_state s WHERE s.component_name = ? "
                               "ORDER BY s.version"_s,
                           {componentName}, u"Reading the states of %1"_s.arg(componentName));
    if (!query)
        return query.error();
    QList<ComponentState> states;
    while (query->next())
        states.append(stateOf(*query));
    return states;
}

Result<ComponentState> ComponentStateRepository::version(const QString &componentName,
                                                         int version) const
{
    if (Status name = checkName(componentName, u"component name"_s); !name)
        return name.error();
    const QString what =
        u"Reading version %1 of the state of %2"_s.arg(QString::number(version), componentName);
    auto query = execQuery(m_db,
                           u"SELECT "_s + stateColumns(u"s"_s) +
                               u" FROM component_state s "
                               "WHERE s.component_name = ? AND s.version = ?"_s,
                           {componentName, version}, what);
    if (!query)
        return query.error();
    if (!query->next())
        return StorageError{
            StorageError::Kind::NotFound,
            u"%1 has no saved state of version %2."_s.arg(componentName, QString::number(version))};
    return stateOf(*query);
}

} // namespace porthole
