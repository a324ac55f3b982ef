#pragma once

#include "storageerror.h"

#include <QSqlError>
#include <QString>

namespace porthole {

// Turns a Qt SQL error into a StorageError of the right kind (constraint, locked, lost
// connection, invalid JSON, ...), with `what` saying what was being done.
StorageError sqlError(const QSqlError &error, const QString &what);

} // namespace porthole
