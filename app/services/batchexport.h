#pragma once

#include <QString>

#include <functional>
#include <optional>

class QIODevice;

namespace porthole {

struct BatchExportOutcome
{
    qint64 messages = 0;
    qint64 files = 0;
    qint64 skipped = 0;   // damaged lines left out
    QString firstSkipped; // "messages_batch_0007.txt:3 (why)", when any
    QString error;        // empty when it worked
    bool cancelled = false;
};

// The messages of batch file `id` of the store in `directory`, or of every batch file (by
// number), in the seed's export_to_json shape (BatchJson), written to `device` one file at a
// time, line by line: memory holds about one line, whatever the files' sizes. Damaged lines,
// and files too large to be batch files (never read), are left out and counted. `keepGoing` is
// asked with the messages written after each file; false cancels.
BatchExportOutcome writeBatchJson(const QString &directory, std::optional<qint64> id,
                                  QIODevice *device,
                                  const std::function<bool(qint64 messages)> &keepGoing = {});
// The same to a file, through a QSaveFile: there whole or not at all.
BatchExportOutcome writeBatchJson(const QString &directory, std::optional<qint64> id,
                                  const QString &path,
                                  const std::function<bool(qint64 messages)> &keepGoing = {});

} // namespace porthole
