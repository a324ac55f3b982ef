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

} // namespace porthole
