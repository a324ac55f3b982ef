#pragma once

#include "portmessagerepository.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>

namespace porthole {

// A port message as JSON, as port_message_history, the audit log, exports and `porthole
// trace --json` keep one.

// A time as port_message_history and the audit log keep it: ISO 8601 UTC text, null when
// invalid.
QJsonValue timeOrNull(const QDateTime &time);
// A JSON column's text as a JSON value (null when NULL; text that does not parse as itself).
QJsonValue storedJsonValue(const QByteArray &json);
// A row as port_message_history and the audit log keep it: every column, JSON columns as
// JSON values (null when NULL), times as ISO 8601 UTC text (null when NULL).
QJsonObject portMessageJson(const PortMessage &message);
// The columns that differ in `to` from `from`, as portMessageJson(to) has them: what a change
// made of a row, for port_message_history's after_data (portMessageJson(from) with these on
// top is portMessageJson(to)).
QJsonObject portMessageChanges(const PortMessage &from, const PortMessage &to);

} // namespace porthole
