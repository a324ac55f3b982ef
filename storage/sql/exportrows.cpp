#include "exportrows.h"

#include "postgreshandle.h"
#include "sqlerror.h"
#include "sqlitestatement.h"
#include "sqlsupport.h"

#include <QSqlError>

#include <charconv>
#include <libpq-fe.h>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Whether `text` is a time as Porthole ("2026-11-23 06:32:43.120") or CURRENT_TIMESTAMP
// ("2026-11-23 06:32:43") stores it, every field in the range strftime() reads: then strftime()
// would write it as it is, with a T between and .000 or nothing, and a Z, after.
bool isStoredTime(QByteArrayView text)
{
    static constexpr char shape[] = "0000-00-00 00:00:00.000";
    if (text.size() != 19 && text.size() != 23)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (shape[i] == '0' ? c < '0' || c > '9' : c != shape[i])
            return false;
    }
    const auto field = [text](qsizetype at) {
        return (text.at(at) - '0') * 10 + text.at(at + 1) - '0';
    };
    const int month = field(5);
    const int day = field(8);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && field(11) <= 23 &&
           field(14) <= 59 && field(17) <= 59;
}

// A value as Qt holds it.
QVariant valueOf(const Cell &c)
{
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

// SQLite through its own API on the connection's handle (see SqliteStatement): each text value
// is read as the UTF-8 it is stored as, without a QVariant or a QString on the way; this is
// what makes a large export run at the speed of SQLite itself. A time column is read as stored
// and written here as strftime('%Y-%m-%dT%H:%M:%fZ', value) writes it (ExportKind::Time).
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
        for (const ExportColumn &column : query.columns)
            reader->m_isTime.append(column.kind == ExportKind::Time);
        if (reader->m_isTime.contains(true)) {
            auto strftime =
                SqliteStatement::prepare(handle, "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ?1)", what);
            if (!strftime)
                return strftime.error();
            reader->m_strftime = std::move(strftime).value();
            reader->m_times.resize(reader->m_isTime.size());
        }
        return std::unique_ptr<RowReader>(std::move(reader));
    }

    Result<bool> next() override
    {
        if (m_failure)
            return *m_failure;
        return m_statement.step();
    }

    Cell cell(int column) override
    {
        const Cell stored = storedCell(column);
        if (column < m_isTime.size() && m_isTime.at(column) && stored.type != Cell::Type::Null)
            return timeCell(column, stored);
        return stored;
    }

    QVariant value(int column) override { return valueOf(cell(column)); }

private:
    explicit SqliteRowReader(SqliteStatement statement)
        : m_statement(std::move(statement))
    {}

    Cell storedCell(int column) const
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

    // The stored forms rewritten in the column's buffer; any other value asked of strftime().
    Cell timeCell(int column, const Cell &stored)
    {
        QByteArray &out = m_times[column];
        out.resize(0); // keeps its capacity
        if (stored.type == Cell::Type::Text && isStoredTime(stored.text)) {
            out.append(stored.text.first(10)).append('T').append(stored.text.sliced(11));
            out.append(stored.text.size() == 19 ? ".000Z" : "Z");
            return {Cell::Type::Text, 0, 0, out};
        }
        switch (stored.type) {
        case Cell::Type::Integer:
            m_strftime.bindInt64(1, stored.integer);
            break;
        case Cell::Type::Real:
            m_strftime.bindDouble(1, stored.real);
            break;
        case Cell::Type::Text:
            m_strftime.bindText(1, stored.text);
            break;
        case Cell::Type::Bytes:
            m_strftime.bindBlob(1, stored.text);
            break;
        case Cell::Type::Null:
            break;
        }
        const Result<bool> row = m_strftime.step();
        const bool written = row && *row && !m_strftime.columnIsNull(0);
        if (written)
            out.append(m_strftime.columnText(0));
        if (!row)
            m_failure = row.error(); // the export stops at the next row
        m_strftime.reset();
        return written ? Cell{Cell::Type::Text, 0, 0, out} : Cell{};
    }

    SqliteStatement m_statement;
    QList<QByteArray> m_bound;
    QList<bool> m_isTime;       // by column: read as stored, written as strftime() would
    QList<QByteArray> m_times;  // by time column: its value in the current row
    SqliteStatement m_strftime; // a time in any other form
    std::optional<StorageError> m_failure;
};

// PostgreSQL through COPY (statement) TO STDOUT on the connection's libpq handle: a row a
// message in the server's text format, read as fast as psql's \copy reads it (QPSQL would hand
// over each value as a QVariant holding a QString). Values of the numeric kinds are read back as
// numbers; every other value is the text the server wrote. COPY takes no parameters: their
// values go into the text, quoted by the driver (withValues()).
class PostgresCopyReader final : public RowReader
{
public:
    static Result<std::unique_ptr<RowReader>> open(const QSqlDatabase &db, PGconn *connection,
                                                   const ExportQuery &query, const QString &what)
    {
        const QByteArray sql =
            (u"COPY ("_s + withValues(db, query.sql, query.params) + u") TO STDOUT"_s).toUtf8();
        const PgResult started{PQexec(connection, sql.constData())};
        if (PQresultStatus(started.get()) != PGRES_COPY_OUT)
            return failureOf(started.get(), connection, what);
        auto reader = std::unique_ptr<PostgresCopyReader>(new PostgresCopyReader(connection, what));
        for (const ExportColumn &column : query.columns)
            reader->m_kinds.append(column.kind);
        return std::unique_ptr<RowReader>(std::move(reader));
    }

    ~PostgresCopyReader() override
    {
        releaseRow();
        if (!m_copying)
            return;
        // Stopped before the end (a cancel, a failed write): the server stops sending, and what
        // it sent meanwhile is read and dropped, so that the connection can run the next query.
        sendCancel(m_connection);
        char *row = nullptr;
        while (PQgetCopyData(m_connection, &row, 0) > 0)
            PQfreemem(row);
        while (PGresult *result = PQgetResult(m_connection))
            PQclear(result);
    }

    Result<bool> next() override
    {
        releaseRow();
        if (!m_copying)
            return false;
        const int size = PQgetCopyData(m_connection, &m_row, 0);
        if (size > 0) {
            split(QByteArrayView(m_row, size));
            return true;
        }
        m_copying = false;
        // The end, or a failure: the command's results say which.
        std::optional<StorageError> failed;
        while (const PgResult result{PQgetResult(m_connection)}) {
            if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && !failed)
                failed = failureOf(result.get(), m_connection, m_what);
        }
        if (size != -1 && !failed)
            failed = failureOf(nullptr, m_connection, m_what);
        if (failed)
            return *failed;
        return false;
    }

    Cell cell(int column) override
    {
        if (column >= m_fields.size() || m_fields.at(column) == "\\N")
            return {};
        QByteArrayView text = m_fields.at(column);
        if (text.contains('\\'))
            text = unescaped(column, text);
        switch (column < m_kinds.size() ? m_kinds.at(column) : ExportKind::Text) {
        case ExportKind::Integer:
            if (qint64 value = 0; parsedWhole(text, value))
                return {Cell::Type::Integer, value, 0, {}};
            break;
        case ExportKind::Real:
            if (double value = 0; parsedWhole(text, value))
                return {Cell::Type::Real, 0, value, {}};
            break;
        default:
            break;
        }
        return {Cell::Type::Text, 0, 0, text};
    }

    QVariant value(int column) override { return valueOf(cell(column)); }

private:
    PostgresCopyReader(PGconn *connection, QString what)
        : m_connection(connection)
        , m_what(std::move(what))
    {}

    static StorageError failureOf(const PGresult *result, PGconn *connection, const QString &what)
    {
        const QString message =
            QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(connection))
                .trimmed();
        const QString state =
            result ? QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QString();
        return sqlError(
            QSqlError(u"Could not read the rows"_s, message, QSqlError::StatementError, state),
            what);
    }

    template <typename Number>
    static bool parsedWhole(QByteArrayView text, Number &value)
    {
        const auto [end, error] = std::from_chars(text.begin(), text.end(), value);
        return error == std::errc() && end == text.end();
    }

    void releaseRow()
    {
        if (m_row)
            PQfreemem(m_row);
        m_row = nullptr;
    }

    // The fields of a row, tab-separated and ended by a line break.
    void split(QByteArrayView row)
    {
        if (row.endsWith('\n'))
            row.chop(1);
        m_fields.clear(); // keeps its capacity
        for (qsizetype from = 0;;) {
            const qsizetype tab = row.indexOf('\t', from);
            m_fields.append(row.sliced(from, (tab < 0 ? row.size() : tab) - from));
            if (tab < 0)
                break;
            from = tab + 1;
        }
    }

    // A field's escapes undone in the column's buffer: those COPY TO writes (\b \f \n \r \t \v
    // and \\); a backslash before any other character stands for that character.
    QByteArrayView unescaped(int column, QByteArrayView text)
    {
        if (m_decoded.size() <= column)
            m_decoded.resize(column + 1);
        QByteArray &out = m_decoded[column];
        out.resize(0); // keeps its capacity
        for (qsizetype i = 0; i < text.size(); ++i) {
            const qsizetype backslash = text.indexOf('\\', i);
            if (backslash < 0 || backslash + 1 == text.size()) {
                out.append(text.sliced(i));
                break;
            }
            out.append(text.sliced(i, backslash - i));
            i = backslash + 1;
            switch (const char escaped = text.at(i)) {
            case 'b':
                out.append('\b');
                break;
            case 'f':
                out.append('\f');
                break;
            case 'n':
                out.append('\n');
                break;
            case 'r':
                out.append('\r');
                break;
            case 't':
                out.append('\t');
                break;
            case 'v':
                out.append('\v');
                break;
            default:
                out.append(escaped);
                break;
            }
        }
        return out;
    }

    PGconn *m_connection;
    QString m_what;
    bool m_copying = true;
    char *m_row = nullptr; // libpq's, until the next row
    QList<QByteArrayView> m_fields;
    QList<QByteArray> m_decoded; // by column: its value in the current row, escapes undone
    QList<ExportKind> m_kinds;
};

} // namespace

Result<std::unique_ptr<RowReader>> openRows(const QSqlDatabase &db, const ExportQuery &statement,
                                            const QString &what)
{
    if (sqlite3 *handle = SqliteStatement::handleOf(db))
        return SqliteRowReader::open(handle, statement, what);
    if (PGconn *connection = postgresHandleOf(db))
        return PostgresCopyReader::open(db, connection, statement, what);
    return StorageError::connectionLost(what + u": the database is not open."_s);
}

} // namespace porthole
