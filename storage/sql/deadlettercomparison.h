#pragma once

#include "errorcomparison.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>

namespace porthole {

// What compareDeadLetters() compares: the dead letters created in [from, to) against those of
// the range `offsetSeconds` earlier, [from - offset, to - offset).
struct DeadLetterComparisonRequest
{
    QDateTime from;
    QDateTime to;
    qint64 offsetSeconds = 86400;
    // Of each range, the newest this many dead letters are grouped (as the Dead letters pane's
    // groups are); a range with more says so in `complete`.
    int limit = 100000;

    QDateTime earlierFrom() const { return from.addSecs(-offsetSeconds); }
    QDateTime earlierTo() const { return to.addSecs(-offsetSeconds); }
};

struct DeadLetterComparison
{
    DeadLetterComparisonRequest request;
    QList<ErrorSignatureChange> changes; // compareErrorGroups(): what changed most first
    qsizetype count = 0;                 // dead letters grouped in the range
    qsizetype earlierCount = 0;          // in the earlier range
    bool complete = true;                // neither range had more than the limit
};

// The error signatures of the dead letters (the dead_letter_queue set) of two ranges side by
// side: each range's newest `limit` read by (created_at, id) through the set's partial index, as
// the pane's groups are, and grouped by errorSignature(). Both engines; `db` on its own thread.
Result<DeadLetterComparison> compareDeadLetters(const QSqlDatabase &db,
                                                const DeadLetterComparisonRequest &request);

} // namespace porthole

Q_DECLARE_METATYPE(porthole::DeadLetterComparison)
