#pragma once

#include "migration.h"
#include "storageerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace porthole {

// One statement a migration run would make, and why.
struct PlannedStatement
{
    QString statement;
    QString reason;
};

// What Porthole found of the seeds' tables in a database it did not create, and what it would
// run so that its own migrations can go on from there. Porthole's first migrations create
// the tables of the pipeline's schema documents; where such a table is already there, its
// columns are checked and completed instead of creating it, and the pipeline's own indexes,
// triggers, functions, views, extra columns and extra tables stay as they are.
struct AdoptionPlan
{
    QStringList found;             // a line per seed table that is already there
    QStringList kept;              // the pipeline's objects that stay as they are, a line per
                                   // table ("on t: index a, trigger b"), then the rest
    QStringList others;            // tables and views that are neither the seeds' nor Porthole's
    QStringList tables;            // by name: the seed tables found, then the others
    QList<PlannedStatement> steps; // run in this order, in the migration run's transaction
    QStringList refusals;          // not empty: the database cannot be adopted; each names
                                   // the table and the column
};

// Plans Porthole's migrations that create the seeds' tables (seedMigrationCount)
// as an adoption of what `db` already holds, and checks that the later ones up to `goal`
// create nothing that is there already (a refusal each). Reads the catalog only.
Result<AdoptionPlan> planAdoption(const QSqlDatabase &db, const QList<Migration> &migrations,
                                  int goal);

} // namespace porthole
