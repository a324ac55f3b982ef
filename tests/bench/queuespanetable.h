#pragma once

#include "databaseurl.h"

#include <QtGlobal>

// The port_messages tables bench_queuespane measures the panes on, made once and kept: a later
// invocation with the same number of rows reuses them.
namespace porthole::bench {

// Porthole's own schema (migrated) and `rows` messages: one INSERT ... SELECT from a recursive
// CTE on SQLite, from generate_series on PostgreSQL, with the secondary indexes dropped before
// and built after.
void prepareTable(const DatabaseUrl &url, qint64 rows);

// Seed 001's own DDL for the engine, verbatim, and `rows` messages through its columns only,
// in time order as a pipeline inserts them.
void prepareSeedTable(const DatabaseUrl &url, qint64 rows);

} // namespace porthole::bench
