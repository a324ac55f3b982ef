#pragma once

#include "ingestmessagewriter.h"

namespace porthole {

// The IngestMessageWriter of a PostgreSQL connection. It talks libpq on the QPSQL connection's
// own handle (QSqlDriver::handle()), so the rows go through the same connection, session and
// transaction as the rest of the group, in one round trip whatever the group's size: one
// INSERT ... SELECT FROM unnest(...) with each column of the group as one array parameter.
// Qt's driver would send each row's values as literals in the text of an EXECUTE, which the
// server then lexes and parses: most of its time per message. (A COPY into a temporary table
// and an INSERT from it took three round trips, needed the TEMPORARY privilege, and was
// slower.) The keys are looked up in one statement with the keys as one array parameter.
//
// Made on the connection's thread; an error when the connection is not an open QPSQL one.
Result<std::unique_ptr<IngestMessageWriter>> createPostgresMessageWriter(const QSqlDatabase &db);

} // namespace porthole
