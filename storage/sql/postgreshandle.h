#pragma once

#include <memory>

class QSqlDatabase;
struct pg_conn;
using PGconn = pg_conn; // libpq's, without its header
struct pg_result;
using PGresult = pg_result;

namespace porthole {

// The libpq connection behind an open QPSQL connection (Qt's documented way to the native
// handle: a QVariant holding "PGconn*", which Qt 6 names by the struct behind the typedef), or
// null for a connection that is closed or not PostgreSQL's. Used on the connection's thread.
PGconn *postgresHandleOf(const QSqlDatabase &db);

// A libpq result, cleared when it goes.
struct PgResultDeleter
{
    void operator()(PGresult *result) const;
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// Asks the server to cancel the connection's running command. Best effort: should the request
// not arrive, the command ends as it would have, and what it sends is read and dropped.
void sendCancel(PGconn *connection);

} // namespace porthole
