#include "postgreshandle.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <libpq-fe.h>

namespace porthole {

PGconn *postgresHandleOf(const QSqlDatabase &db)
{
    if (!db.isOpen() || db.driver() == nullptr)
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (handle.isValid() &&
        (qstrcmp(handle.typeName(), "pg_conn*") == 0 || qstrcmp(handle.typeName(), "PGconn*") == 0))
        return *static_cast<PGconn *const *>(handle.constData());
    return nullptr;
}

} // namespace porthole
