#pragma once

#include <QString>

namespace porthole {

// One numbered schema change with the SQL that makes it and the SQL that undoes it.
struct Migration
{
    int version = 0;
    QString name;        // from the file name: 0001_core_schema -> "core_schema"
    QString description; // the up script's first comment line, or the name
    QString up;
    QString down;
    // A migration whose time grows with a table's rows says so in its up script, in a line
    // "-- Scales with: TABLE, RATE rows/s" (RATE measured on a 2-core machine): the plan
    // tells how long it will take on the database at hand.
    QString scalesWith;
    double rowsPerSecond = 0;
};

// Porthole's migrations 1 and 2 create the seeds' tables: below version 2 a run adopts what is
// there (AdoptionPlan).
inline constexpr int seedMigrationCount = 2;

} // namespace porthole
