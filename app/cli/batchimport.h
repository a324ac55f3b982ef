#pragma once

#include "storageerror.h"

#include <QSqlDatabase>
#include <QString>

namespace porthole {

struct BatchImportOutcome
{
    qint64 files = 0;
    qint64 messages = 0;     // well-formed lines read
    qint64 inserted = 0;     // messages new to the database
    qint64 duplicates = 0;   // messages the database had from an earlier import
    qint64 damagedLines = 0; // lines that are not messages, left out (see batches --check)
};

// Loads a batch-file store into the SQL `batches` and `messages` tables. Each message's
// delivery key is its place in the store (`batch:ID:LINE`), so importing the same store
// again adds nothing, and importing it after it grew adds only the new lines. A file's batch
// row and its messages are each one transaction; an import cut short between them is
// completed by running it again.
Result<BatchImportOutcome> importBatchStore(const QString &directory, QSqlDatabase db);

} // namespace porthole
