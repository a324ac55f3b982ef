#pragma once

#include <QColor>
#include <QDateTime>
#include <QString>

// How the checkpoint models write times and expiry, so that the names and the versions read
// alike.
namespace porthole::checkpointtext {

// Local time, to the second; empty for an invalid time.
QString localTime(const QDateTime &time);
// "UTC: ..." for a tooltip; empty for an invalid time.
QString utcToolTip(const QDateTime &time);
// The expiry as a cell shows it: "never", the local time, or the time marked "(expired)".
QString expiry(const QDateTime &expiresAt, bool expired);
// The colour of an expired checkpoint.
QColor expiredColour();

} // namespace porthole::checkpointtext
