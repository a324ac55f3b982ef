#include "exportrows.h"

#include "sqlerror.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// SQLite through its own API on the connection's handle (see SqliteStatement): each text value
// is read as the UTF-8 it is stored as, without a QVariant or a QString on the way; this is
// what makes a large export run at the speed of SQLite itself.
class SqliteRowReader final : public RowReader
{
public:
    static Result<std::unique_ptr<RowReader>> open(sqlite3 *handle, const ExportQuery &query,
                                                   const QString &what)
    {
        auto statement = SqliteStatement::prepare(handle, query.sql.toUtf8(), what);
        if (!statement)
            return statement.error();
        auto reader =
            std::unique_ptr<SqliteRowReader>(new SqliteRowReader(std::move(statement).value()));
        for (qsizetype i = 0; i < query.params.size(); ++i) {
            const QVariant &param = query.params.at(i);
            const int index = int(i) + 1;
            if (param.isNull()) {
                reader->m_statement.bindNull(index);
            } else if (param.typeId() == QMetaType::Double) {
                reader->m_statement.bindDouble(index, param.toDouble());
            } else if (param.typeId() == QMetaType::LongLong || param.typeId() == QMetaType::Int ||
                       param.typeId() == QMetaType::Bool) {
                reader->m_statement.bindInt64(index, param.toLongLong());
            } else {
                reader->m_bound.append(param.toString().toUtf8()); // kept while it runs
                reader->m_statement.bindText(index, reader->m_bound.constLast());
            }
        }
        return std::unique_ptr<RowReader>(std::move(reader));
    }

    Result<bool> next() override { return m_statement.step(); }

    Cell cell(int column) override
    {
        switch (m_statement.columnType(column)) {
        case SqliteStatement::ColumnType::Integer:
            return {Cell::Type::Integer, m_statement.columnInt64(column), 0, {}};
        case SqliteStatement::ColumnType::Real:
            return {Cell::Type::Real, 0, m_statement.columnDouble(column), {}};
        case SqliteStatement::ColumnType::Text:
            return {Cell::Type::Text, 0, 0, m_statement.columnText(column)};
        case SqliteStatement::ColumnType::Blob:
            return {Cell::Type::Bytes, 0, 0, m_statement.columnText(column)};
        case SqliteStatement::ColumnType::Null:
            break;
        }
        return {};
    }

    QVariant value(int column) override
    {
        const Cell c = cell(column);
        switch (c.type) {
        case Cell::Type::Integer:
            return c.integer;
        case Cell::Type::Real:
            return c.real;
        case Cell::Type::Text:
        case Cell::Type::Bytes:
            return QString::fromUtf8(c.text);
        case Cell::Type::Null:
            break;
        }
        return {};
    }

private:
    explicit SqliteRowReader(SqliteStatement statement)
        : m_statement(std::move(statement))
    {}

    SqliteStatement m_statement;
    QList<QByteArray> m_bound;
};

// Any other engine through QSqlQuery, forward only (on PostgreSQL a row at a time).
class QueryRowReader final : public RowReader
{
public:
    explicit QueryRowReader(QSqlQuery query)
        : m_query(std::move(query))
    {}

    Result<bool> next() override
    {
        if (m_query.next())
            return true;
        if (m_query.lastError().isValid())
            return sqlError(m_query.lastError(), u"Reading the rows"_s);
        return false;
    }

    Cell cell(int column) override
    {
        const QVariant v = m_query.value(column);
        if (v.isNull())
            return {};
        switch (v.typeId()) {
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Bool:
            return {Cell::Type::Integer, v.toLongLong(), 0, {}};
        case QMetaType::Double:
            return {Cell::Type::Real, 0, v.toDouble(), {}};
        default:
            break;
        }
        if (m_text.size() <= column)
            m_text.resize(column + 1);
        const bool bytes = v.typeId() == QMetaType::QByteArray;
        m_text[column] = bytes ? v.toByteArray() : v.toString().toUtf8();
        return {bytes ? Cell::Type::Bytes : Cell::Type::Text, 0, 0, m_text.at(column)};
    }

    QVariant value(int column) override { return m_query.value(column); }

private:
    QSqlQuery m_query;
    QList<QByteArray> m_text;
};

} // namespace

Result<std::unique_ptr<RowReader>> openRows(const QSqlDatabase &db, const ExportQuery &statement,
                                            const QString &what)
{
    if (sqlite3 *handle = SqliteStatement::handleOf(db))
        return SqliteRowReader::open(handle, statement, what);
    auto query = execQuery(db, statement.sql, statement.params, what);
    if (!query)
        return query.error();
    return std::unique_ptr<RowReader>(new QueryRowReader(std::move(query).value()));
}

} // namespace porthole
