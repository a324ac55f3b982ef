#include "componentstaterepository.h"

#include "sqlerror.h"
#include "sqlsupport.h"

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

// Prepares and runs query with params; the error says what was being done.
Status runStatement(QSqlQuery &query, const QString &sql, const QVariantList &params,
                    const QString &what)
{
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlError(query.lastError(), what);
    for (const QVariant &param : params)
        query.addBindValue(param);
    if (!query.exec())
        return sqlError(query.lastError(), what);
    return success();
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

Status ComponentStateRepository::checkState(const QString &componentName,
                                            const QString &componentType,
                                            const QByteArray &stateData)
{
    if (Status name = checkName(componentName, u"component name"_s); !name)
        return name;
    if (!componentTypes().contains(componentType))
        return StorageError::invalidArgument(u"'%1' is not a component type; use one of %2."_s.arg(
            componentType, componentTypes().join(u", "_s)));
    if (Status json = checkJson(stateData, u"state of %1"_s.arg(componentName), false); !json)
        return json;
    return success();
}

Result<ComponentState> ComponentStateRepository::save(const QString &componentName,
                                                      const QString &componentType,
                                                      const QByteArray &stateData)
{
    if (Status checked = checkState(componentName, componentType, stateData); !checked)
        return checked.error();

    const QString what = u"Saving the state of %1"_s.arg(componentName);
    // The statements are declared before the transaction, so that a failed transaction is rolled
    // back before they go: PostgreSQL refuses to deallocate a prepared statement in a failed
    // transaction (and Qt then warns).
    QSqlQuery lock(m_db);
    QSqlQuery next(m_db);
    QSqlQuery insert(m_db);
    QSqlQuery readBack(m_db);
    const auto run = [&what](QSqlQuery &query, const QString &sql, const QVariantList &params) {
        return runStatement(query, sql, params, what);
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

std::pair<QString, QString> ComponentStateRepository::listing(const QString &componentName) const
{
    if (!componentName.isEmpty())
        return {u"SELECT id, component_name, component_type, state_data, version, created_at, "
                "updated_at FROM component_state"_s,
                u"version"_s};
    // The latest version of each component, as latest() reads it, paged by name: a pipeline
    // has tens of components, not millions, so the pages are cut from that short list. The
    // key's id is the name too, so that a component stays the same row of the listing when it
    // saves a new version (a new row id).
    return {u"SELECT state_id, component_name, component_type, state_data, version, created_at, "
            "updated_at FROM (SELECT l.id AS state_id, l.component_name, l.component_type, "
            "l.state_data, l.version, l.created_at, l.updated_at, l.component_name AS id FROM ("_s +
                latestStatement(m_engine).sql + u") l) latest"_s,
            u"component_name"_s};
}

WhereClause ComponentStateRepository::where(const ComponentStateFilter &filter)
{
    WhereClause where;
    if (!filter.component.isEmpty())
        where.add(u"component_name = ?"_s, {filter.component});
    if (!filter.type.isEmpty())
        where.add(u"component_type = ?"_s, {filter.type});
    return where;
}

Result<Page<ComponentState>> ComponentStateRepository::readPage(const KeysetQuery &sql,
                                                                const QString &componentName,
                                                                const PageRequest &finished) const
{
    auto query =
        execQuery(m_db, sql.sql, sql.params,
                  componentName.isEmpty() ? u"Reading the component states"_s
                                          : u"Reading the states of %1"_s.arg(componentName));
    if (!query)
        return query.error();
    QList<ComponentState> rows;
    while (query->next())
        rows.append(stateOf(*query));
    return finishPage(std::move(rows), finished);
}

Result<Page<ComponentState>> ComponentStateRepository::page(const ComponentStateFilter &filter,
                                                            const PageRequest &request) const
{
    const auto [select, sortColumn] = listing(filter.component);
    auto checked = checkPageRequest(request, {sortColumn}, u"Component states"_s);
    if (!checked)
        return checked.error();
    const QVariant keySort = filter.component.isEmpty() ? QVariant(request.key.sortValue.toString())
                                                        : QVariant(request.key.sortValue.toInt());
    const KeysetQuery sql =
        keysetQuery(select, where(filter), request, sortColumn, keySort, request.key.id);
    return readPage(sql, filter.component, request);
}

Result<Page<ComponentState>>
ComponentStateRepository::pageBetween(const ComponentStateFilter &filter, const KeyRange &range,
                                      const PageRequest &request) const
{
    const auto [select, sortColumn] = listing(filter.component);
    auto checked = checkPageRequest(request, {sortColumn}, u"Component states"_s);
    if (!checked)
        return checked.error();
    const bool versions = !filter.component.isEmpty();
    const auto bound = [versions](const PageKey &key) -> QVariantList {
        return {versions ? QVariant(key.sortValue.toInt()) : QVariant(key.sortValue.toString()),
                key.id};
    };
    const KeysetQuery sql = keyRangeQuery(select, where(filter), range, request, sortColumn, bound);
    return readPage(sql, filter.component, forwardFromStart(request));
}

Result<RowCount> ComponentStateRepository::count(const ComponentStateFilter &filter,
                                                 qint64 exactUpTo) const
{
    if (filter.component.isEmpty()) {
        const WhereClause w = where(filter);
        return boundedCount(m_db,
                            u"FROM ("_s + latestStatement(m_engine).sql + u") latest"_s + w.sql,
                            w.params, exactUpTo, u"Counting components"_s, false);
    }
    return boundedCount(m_db, u"FROM component_state"_s, where(filter), exactUpTo,
                        u"Counting the states of %1"_s.arg(filter.component));
}

PageKey ComponentStateRepository::keyOf(const ComponentState &state, bool versions)
{
    return versions ? PageKey{state.version, state.id}
                    : PageKey{state.componentName, state.componentName};
}

} // namespace porthole
