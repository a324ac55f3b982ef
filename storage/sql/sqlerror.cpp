#include "sqlerror.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

StorageError::Kind kindOf(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    const QString text = error.databaseText() + u' ' + error.driverText();
    bool numeric = false;
    const int sqliteCode = code.toInt(&numeric);
    if (numeric && code.size() <= 4) { // SQLite result codes (extended codes keep the low byte)
        switch (sqliteCode & 0xff) {
        case 5: // SQLITE_BUSY
        case 6: // SQLITE_LOCKED
            return StorageError::Kind::Locked;
        case 19: // SQLITE_CONSTRAINT
            return StorageError::Kind::Constraint;
        case 8:  // SQLITE_READONLY
        case 10: // SQLITE_IOERR
        case 13: // SQLITE_FULL
        case 14: // SQLITE_CANTOPEN
            return StorageError::Kind::Io;
        default:
            break;
        }
    }
    if (code.size() == 5) { // PostgreSQL SQLSTATE
        const QString cls = code.left(2);
        if (cls == u"23"_s)
            return StorageError::Kind::Constraint;
        if (cls == u"08"_s || (cls == u"57"_s && code != u"57014"_s))
            return StorageError::Kind::ConnectionLost;
        if (code == u"55P03"_s || code == u"57014"_s || code == u"40P01"_s || code == u"40001"_s)
            return StorageError::Kind::Locked; // lock or statement timeout, deadlock, serialisation
        if (code == u"22P02"_s && text.contains(u"json"_s, Qt::CaseInsensitive))
            return StorageError::Kind::InvalidJson;
        if (code == u"42P01"_s)
            return StorageError::Kind::SchemaTooOld; // undefined table
        if (code == u"53100"_s)
            return StorageError::Kind::Io; // disk full
    }
    // Qt runs nothing on a connection that is not open, and says nothing either: no code, no
    // text (QSqlQuery::exec only warns "database not open").
    if (code.isEmpty() && error.databaseText().isEmpty() && error.driverText().isEmpty())
        return StorageError::Kind::ConnectionLost;
    // libpq reports a dropped connection without a SQLSTATE.
    if (code.isEmpty() &&
        (text.contains(u"server closed the connection"_s) ||
         text.contains(u"no connection to the server"_s) ||
         text.contains(u"terminating connection"_s) || text.contains(u"connection not open"_s)))
        return StorageError::Kind::ConnectionLost;
    // Qt's SQLite driver also reports failed steps as ConnectionError; trust native codes first.
    if (error.type() == QSqlError::ConnectionError && code.isEmpty())
        return StorageError::Kind::ConnectionLost;
    if (text.contains(u"database is locked"_s))
        return StorageError::Kind::Locked;
    if (text.contains(u"no such table"_s))
        return StorageError::Kind::SchemaTooOld;
    return StorageError::Kind::Protocol;
}

QString advice(StorageError::Kind kind, const QString &code)
{
    switch (kind) {
    case StorageError::Kind::Locked:
        // PostgreSQL's statement timeout: a lock waited for, or a statement that ran that long.
        return code == u"57014"_s
                   ? u" It ran longer than the connection's statement timeout, or waited that "
                     "long for a lock another connection holds."_s
                   : u" Another connection holds a lock; try again when it is done."_s;
    case StorageError::Kind::ConnectionLost:
        return u" The connection to the database was lost; Porthole reconnects on the next try."_s;
    case StorageError::Kind::SchemaTooOld:
        return u" The database lacks Porthole's tables: run porthole migrate --db URL up."_s;
    case StorageError::Kind::Io:
        return u" Check the disk space and the file's permissions."_s;
    default:
        return {};
    }
}

} // namespace

StorageError sqlError(const QSqlError &error, const QString &what)
{
    const StorageError::Kind kind = kindOf(error);
    QString detail = error.databaseText().trimmed();
    if (detail.isEmpty())
        detail = error.driverText().trimmed();
    if (detail.isEmpty())
        detail = u"the connection to the database is not open"_s;
    return StorageError{
        kind, u"%1 failed: %2.%3"_s.arg(what, detail, advice(kind, error.nativeErrorCode()))};
}

} // namespace porthole
