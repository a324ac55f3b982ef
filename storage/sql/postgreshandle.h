#pragma once

class QSqlDatabase;
struct pg_conn;
using PGconn = pg_conn; // libpq's, without its header

namespace porthole {

// The libpq connection behind an open QPSQL connection (Qt's documented way to the native
// handle: a QVariant holding "PGconn*", which Qt 6 names by the struct behind the typedef), or
// null for a connection that is closed or not PostgreSQL's. Used on the connection's thread.
PGconn *postgresHandleOf(const QSqlDatabase &db);

} // namespace porthole
