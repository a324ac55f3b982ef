#pragma once

#include "exportsource.h"
#include "storageerror.h"

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QVariant>

#include <memory>

namespace porthole {

// One value of a row as read: NULL, a number, text as UTF-8, or bytes the database holds as
// bytes (a BLOB; `text` holds them too), valid until the next row.
struct Cell
{
    enum class Type
    {
        Null,
        Integer,
        Real,
        Text,
        Bytes
    };
    Type type = Type::Null;
    qint64 integer = 0;
    double real = 0;
    QByteArrayView text;
};

// A statement's rows, one at a time.
class RowReader
{
public:
    virtual ~RowReader() = default;
    // The next row; false at the end. An error says what failed.
    virtual Result<bool> next() = 0;
    virtual Cell cell(int column) = 0;
    // A value as Qt holds it, for ExportQuery::keep.
    virtual QVariant value(int column) = 0;
};

// The rows of `statement` on `db`, read with one statement as they come, through the engine's
// own library on the connection's handle: SQLite's API, libpq's COPY TO STDOUT. `what` is the
// context of an error. Runs on the thread that owns `db`.
Result<std::unique_ptr<RowReader>> openRows(const QSqlDatabase &db, const ExportQuery &statement,
                                            const QString &what);

} // namespace porthole
