#pragma once

#include "storageerror.h"

#include <QList>
#include <QMap>
#include <QString>

namespace porthole {

// One thing wrong with a batch store.
struct BatchFinding
{
    enum class Kind
    {
        TooManyLines,       // a file with more than batchFileCapacity lines
        ShortFile,          // fewer lines than a full file, and not the last file
        MissingBatch,       // batch ids missing between the lowest and the highest
        NumberGap,          // message numbers missing between the lowest and the highest
        DuplicateNumber,    // a message number stored more than once
        NumberOutOfOrder,   // a number lower than the one before it (and not a duplicate)
        TimestampBackwards, // a timestamp earlier than the one before it
        MalformedLine,      // a line that is not a message (garbage, empty, cut off)
        StrayFile,          // an entry whose name or type is not a batch file's
        Link,               // a symbolic link inside the store (never followed)
        LinkOutside,        // a symbolic link leading outside the store (never followed)
        SavedFragment,      // a torn line the writer cut off and saved
        Unreadable,         // a batch file that cannot be read
        Oversized,          // a file larger than ten lines can be (batchFileSizeLimit): not read
    };

    Kind kind = Kind::MalformedLine;
    QString fileName; // empty when the finding is about the store as a whole
    qint64 line = 0;  // from 1; 0 when it is about a whole file
    QString message;  // for a person: what is wrong, and where

    friend bool operator==(const BatchFinding &, const BatchFinding &) = default;
};

// `too-many-lines`, `number-gap`, ...: the stable names the command line prints.
QString batchFindingKindName(BatchFinding::Kind kind);

struct BatchIntegrityReport
{
    qint64 files = 0;                         // batch files checked
    qint64 messages = 0;                      // well-formed lines in them
    QList<BatchFinding> findings;             // in the order of the files, then by kind
    QMap<BatchFinding::Kind, qint64> omitted; // findings past the limit per kind, by kind

    bool clean() const { return findings.isEmpty(); }
    qint64 count(BatchFinding::Kind kind) const;
};

// Reads every file of the store and reports what is wrong. Links are never followed.
// At most findingLimit findings of each kind are listed; the rest are counted in `omitted`.
// Fails only when the folder itself cannot be listed.
Result<BatchIntegrityReport> checkBatchStore(const QString &directory, int findingLimit = 1000);

} // namespace porthole
