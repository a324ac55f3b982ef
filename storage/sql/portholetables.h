#pragma once

#include <QSet>
#include <QString>

namespace porthole {

// Porthole's own tables and views, as against the pipeline's: those its migrations create after
// the seeds' (migrations 1 to seedMigrationCount create, or adopt, the tables of the pipeline's
// schema documents: port_messages, checkpoints, metrics, ...), and schema_version, which its
// migration runner keeps. Read once from the migrations compiled in, of both engines, so that a
// new migration's table joins the list by itself.
const QSet<QString> &portholeTableNames();

// Whether `name` (a table or view of the database's own schema) is one of Porthole's.
inline bool isPortholeTable(const QString &name)
{
    return portholeTableNames().contains(name.toLower());
}

// The table whose index `name` holds, when `name` is a table of an index rather than of data:
// SQLite's search index of port_messages (migration 23), a virtual table with the tables it
// keeps its trigrams in. Their bytes count as that table's, and listings leave them out. Empty
// when `name` is a table of its own.
QString indexedTableOf(const QString &name);

} // namespace porthole
