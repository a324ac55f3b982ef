#pragma once

#include "ingestmessagewriter.h"

namespace porthole {

// The IngestMessageWriter of a PostgreSQL connection. It talks libpq on the QPSQL connection's
// own handle (QSqlDriver::handle()), so the rows go through the same connection, session and
// transaction as the rest of the group, in two round trips whatever the group's size:
//   COPY porthole_ingest_stage FROM STDIN   the rows, into a temporary table of the session
//   INSERT INTO messages ... SELECT ...     those whose key is stored nowhere, in their order
// Qt's driver would send each row's values as literals in the text of an EXECUTE, which the
// server then lexes and parses: most of its time per message. The keys are looked up in one
// statement with the keys as one array parameter.
//
// Made on the connection's thread, outside a transaction (the temporary table is made then,
// once for the session); an error when the connection is not an open QPSQL one.
Result<std::unique_ptr<IngestMessageWriter>> createPostgresMessageWriter(const QSqlDatabase &db);

} // namespace porthole
