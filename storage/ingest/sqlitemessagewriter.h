#pragma once

#include "ingestmessagewriter.h"

namespace porthole {

// The IngestMessageWriter of a SQLite connection. It talks SQLite's own API on the connection's
// handle, in statements of IngestMessageWriter::rowsPerStatement rows, binding the payload's
// bytes as they are, so the rows go through the same connection and transaction as the rest of
// the group.
//
// Made on the connection's thread; an error when the connection is not an open QSQLITE one.
Result<std::unique_ptr<IngestMessageWriter>> createSqliteMessageWriter(const QSqlDatabase &db);

} // namespace porthole
