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
};

// Porthole's migrations 1 and 2 create the seeds' tables: below version 2 a run adopts what is
// there (AdoptionPlan).
inline constexpr int seedMigrationCount = 2;

} // namespace porthole
