#pragma once

#include "paging.h"
#include "repositorysupport.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace porthole {

// One version of a component's state: a row of component_state (docs/DATABASE.md, Tables).
struct ComponentState
{
    QString id;
    QString componentName;
    QString componentType;
    QByteArray stateData; // as stored: PostgreSQL gives jsonb's normal form, SQLite the text sent
    int version = 0;
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC

    friend bool operator==(const ComponentState &, const ComponentState &) = default;
};

// Which component_state rows a listing shows: with `component` empty, every component with its
// highest version; with a name, that component's versions. `type`, when set, keeps the rows of
// that component type only.
struct ComponentStateFilter
{
    QString component;
    QString type;

    friend bool operator==(const ComponentStateFilter &, const ComponentStateFilter &) = default;
};

// Versioned component state in component_state: every save adds a version (the component's
// highest so far + 1), older versions stay. Works the same on SQLite and PostgreSQL, on the
// connection it is given and the thread that opened it.
//
// Two writers saving the same component at once take turns: on SQLite the write transaction
// holds the database's write lock from its start, on PostgreSQL a transaction-scoped advisory
// lock per component name. Both get distinct versions; a writer that cannot get its turn
// within the lock or busy timeout gets a Locked error and may simply try again.
class ComponentStateRepository
{
public:
    explicit ComponentStateRepository(const QSqlDatabase &db);

    // Validates before writing: the name (InvalidArgument), the type against componentTypes()
    // (InvalidArgument), the JSON with QJsonDocument (InvalidJson, with the offset of the
    // error). Returns the saved version.
    Result<ComponentState> save(const QString &componentName, const QString &componentType,
                                const QByteArray &stateData);

    // The highest version of every component, by component name. Reads one index entry per
    // component (a skip scan), not the table.
    Result<QList<ComponentState>> latest() const;
    // Every version of one component, oldest first; empty when there is none.
    Result<QList<ComponentState>> versions(const QString &componentName) const;
    // One version; NotFound when the component has no such version.
    Result<ComponentState> version(const QString &componentName, int version) const;

    // A keyset page of one of the two listings the Component state pane shows: with no
    // component in the filter, every component with its highest version, by name (sort column
    // "component_name"); with a name, every version of that component, by version (sort column
    // "version", newest first when descending). Reads the seed's own columns only, so it works
    // on a pipeline's database as the seed made it (any text as id, either form of timestamp).
    Result<Page<ComponentState>> page(const ComponentStateFilter &filter,
                                      const PageRequest &request) const;
    // The rows of the same listing within `range` (see KeyRange), read forwards.
    Result<Page<ComponentState>> pageBetween(const ComponentStateFilter &filter,
                                             const KeyRange &range,
                                             const PageRequest &request) const;
    // How many rows that listing has: components, or versions of one.
    Result<RowCount> count(const ComponentStateFilter &filter, qint64 exactUpTo = 100000) const;
    // The filter as a WHERE clause on the listing's rows (columns without a table alias).
    static WhereClause where(const ComponentStateFilter &filter);
    // A row's key in that listing: (version, id) of a version, (name, name) of a component.
    static PageKey keyOf(const ComponentState &state, bool versions);

    // The CHECK list of component_state.component_type.
    static const QStringList &componentTypes();

    // The statement latest() runs, for plan checks.
    static SqlStatement latestStatement(SqlEngine engine);

private:
    // What save() checks before writing.
    static Status checkState(const QString &componentName, const QString &componentType,
                             const QByteArray &stateData);
    // The listing's SELECT ("SELECT ... FROM ...") and its sort column.
    std::pair<QString, QString> listing(const QString &componentName) const;
    Result<Page<ComponentState>> readPage(const KeysetQuery &sql, const QString &componentName,
                                          const PageRequest &finished) const;

    QSqlDatabase m_db;
    SqlEngine m_engine;
};

} // namespace porthole
