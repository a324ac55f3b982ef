#pragma once

#include "errorsignature.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace porthole {

// One error signature's dead letters in two time ranges: the range looked at and an earlier one
// (the same length a day or a week before, or at a chosen offset).
struct ErrorSignatureChange
{
    enum class Kind
    {
        New,    // none in the earlier range
        Grown,  // more than in the earlier range
        Same,   // as many
        Shrunk, // fewer, but some
        Gone,   // none in the range looked at
    };
    QString signature;
    qsizetype count = 0;        // in the range looked at
    qsizetype earlierCount = 0; // in the earlier range
    QString exampleMessage;     // the most recent message of the signature, of either range

    Kind kind() const;
    qsizetype change() const { return count - earlierCount; }

    friend bool operator==(const ErrorSignatureChange &, const ErrorSignatureChange &) = default;
};

// "new", "grown", "same", "shrunk", "gone": as reports and the command line write them.
QString errorChangeName(ErrorSignatureChange::Kind kind);

// The signatures of either range side by side, what changed most first: by the size of the
// change (count - earlierCount, either way), then new before grown, shrunk and gone, then by the
// signature, so that the order does not depend on the order of the input.
QList<ErrorSignatureChange> compareErrorGroups(const QList<ErrorGroup> &groups,
                                               const QList<ErrorGroup> &earlierGroups);

} // namespace porthole
