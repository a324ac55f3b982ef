#pragma once

#include <QString>
#include <QStringList>

namespace porthole {

// Splits an SQL script into statements at the semicolons that end them. Understands quoted
// strings and identifiers, -- and /* */ comments, PostgreSQL's $tag$ dollar quoting, and
// SQLite's CREATE TRIGGER ... BEGIN ... END bodies (with CASE ... END inside). Statements
// that are only comments or white space are left out.
QStringList splitSqlStatements(const QString &script);

} // namespace porthole
