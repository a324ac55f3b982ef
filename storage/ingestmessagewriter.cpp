#include "ingestmessagewriter.h"

#include "sqlerror.h"
#include "sqlitestatement.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int columns = 6; // message_number, content, content_raw, timestamp, delivery_key, source
constexpr int rowsPerStatement = IngestMessageWriter::rowsPerStatement;

const char *const insertSql = "INSERT INTO messages (message_number, content, content_raw, "
                              "timestamp, delivery_key, source) VALUES %1 "
                              "ON CONFLICT (delivery_key) DO NOTHING";

// The stored keys among a VALUES list of keys, in messages or in the journal.
const char *const storedKeysSql = "WITH k(delivery_key) AS (VALUES %1) "
                                  "SELECT m.delivery_key FROM k JOIN messages m "
                                  "ON m.delivery_key = k.delivery_key "
                                  "UNION ALL "
                                  "SELECT i.delivery_key FROM k JOIN ingest_deliveries i "
                                  "ON i.delivery_key = k.delivery_key";

// The content column of a payload that is not text as it is: invalid bytes and NUL as U+FFFD.
QString replacedContent(const QByteArray &payload)
{
    QString content = withoutNul(QString::fromUtf8(payload));
    if (content.isNull())
        content = u""_s; // empty content, not SQL NULL
    return content;
}

// ":v{n}", the name of a statement's n-th value. Qt finds a named value with one hash lookup,
// but a positional one by a name it first formats with QString::arg(), which made up an eighth
// of the time spent per message.
const QList<QString> &valueNames()
{
    static const QList<QString> names = [] {
        QList<QString> list;
        for (int i = 0; i < rowsPerStatement * columns; ++i)
            list.append(u":v%1"_s.arg(i));
        return list;
    }();
    return names;
}

// "(p, p, ...), (p, ...)": `rows` groups of `width` placeholders made by `placeholder(i)`.
template <typename Placeholder>
QString valuesList(int width, int rows, Placeholder placeholder)
{
    QString sql;
    for (int r = 0; r < rows; ++r) {
        sql += r == 0 ? u"("_s : u", ("_s;
        for (int c = 0; c < width; ++c)
            sql += (c == 0 ? QString() : u", "_s) + placeholder(r * width + c);
        sql += u')';
    }
    return sql;
}

// Through QSqlQuery, for PostgreSQL.
class QtMessageWriter final : public IngestMessageWriter
{
public:
    explicit QtMessageWriter(const QSqlDatabase &db)
        : m_engine(engineOf(db))
        , m_storedKeys(db)
        , m_insertMany(db)
        , m_insertOne(db)
    {}

    Status prepare()
    {
        const auto key = [](int i) -> QString {
            return u"CAST("_s + valueNames().at(i) + u" AS TEXT)"_s;
        };
        const auto value = [](int i) -> QString {
            return valueNames().at(i);
        };
        const std::pair<QSqlQuery *, QString> sql[] = {
            {&m_storedKeys,
             QString::fromLatin1(storedKeysSql).arg(valuesList(1, rowsPerStatement, key))},
            {&m_insertMany,
             QString::fromLatin1(insertSql).arg(valuesList(columns, rowsPerStatement, value))},
            {&m_insertOne, QString::fromLatin1(insertSql).arg(valuesList(columns, 1, value))},
        };
        for (const auto &[query, text] : sql) {
            query->setForwardOnly(true);
            if (!query->prepare(text))
                return sqlError(query->lastError(), u"Preparing to store messages"_s);
        }
        return success();
    }

    Status findStored(std::span<const QString> keys, QSet<QString> &stored) override
    {
        for (int i = 0; i < rowsPerStatement; ++i)
            m_storedKeys.bindValue(valueNames().at(i),
                                   std::size_t(i) < keys.size()
                                       ? QVariant(keys[i])
                                       : QVariant(QMetaType::fromType<QString>()));
        if (!m_storedKeys.exec())
            return sqlError(m_storedKeys.lastError(), u"Looking up stored deliveries"_s);
        while (m_storedKeys.next())
            stored.insert(m_storedKeys.value(0).toString());
        m_storedKeys.finish();
        return success();
    }

    Result<qint64> insert(std::span<const MessageRow> rows) override
    {
        if (rows.size() == std::size_t(rowsPerStatement)) {
            for (int r = 0; r < rowsPerStatement; ++r)
                bind(m_insertMany, r, rows[r]);
            return run(m_insertMany, rows.size());
        }
        qint64 inserted = 0;
        for (const MessageRow &row : rows) {
            bind(m_insertOne, 0, row);
            auto one = run(m_insertOne, 1);
            if (!one)
                return one.error();
            inserted += *one;
        }
        return inserted;
    }

private:
    void bind(QSqlQuery &query, int row, const MessageRow &message)
    {
        const QByteArray &payload = message.delivery->payload;
        const QString *name = valueNames().constData() + row * columns;
        query.bindValue(*name++, message.number);
        if (message.text) {
            const QString content = QString::fromUtf8(payload);
            query.bindValue(*name++, content.isNull() ? u""_s : content);
            query.bindValue(*name++, QVariant(QMetaType::fromType<QByteArray>()));
        } else {
            query.bindValue(*name++, replacedContent(payload));
            query.bindValue(*name++, payload);
        }
        query.bindValue(*name++, timestampParam(message.received, m_engine));
        query.bindValue(*name++, *message.key);
        query.bindValue(*name++, withoutNul(message.delivery->source));
    }

    static Result<qint64> run(QSqlQuery &query, std::size_t rows)
    {
        if (!query.exec())
            return sqlError(query.lastError(), u"Storing %1 messages"_s.arg(rows));
        return qint64(query.numRowsAffected());
    }

    SqlEngine m_engine;
    QSqlQuery m_storedKeys;
    QSqlQuery m_insertMany;
    QSqlQuery m_insertOne;
};

// Through SQLite's own API. Text is bound as the bytes it is; the bytes bound must live until
// the statement has run, so each statement's run keeps what it converted in m_keep.
class SqliteMessageWriter final : public IngestMessageWriter
{
public:
    explicit SqliteMessageWriter(sqlite3 *db)
        : m_db(db)
    {}

    Status prepare()
    {
        const auto numbered = [](int i) -> QString {
            return u"?%1"_s.arg(i + 1);
        };
        const std::pair<SqliteStatement *, QString> sql[] = {
            {&m_storedKeys,
             QString::fromLatin1(storedKeysSql).arg(valuesList(1, rowsPerStatement, numbered))},
            {&m_insertMany,
             QString::fromLatin1(insertSql).arg(valuesList(columns, rowsPerStatement, numbered))},
            {&m_insertOne, QString::fromLatin1(insertSql).arg(valuesList(columns, 1, numbered))},
        };
        for (const auto &[statement, text] : sql) {
            auto prepared =
                SqliteStatement::prepare(m_db, text.toUtf8(), u"Preparing to store messages"_s);
            if (!prepared)
                return prepared.error();
            *statement = std::move(prepared).value();
        }
        return success();
    }

    Status findStored(std::span<const QString> keys, QSet<QString> &stored) override
    {
        m_keep.clear();
        for (int i = 0; i < rowsPerStatement; ++i) {
            if (std::size_t(i) < keys.size())
                m_storedKeys.bindText(i + 1, keep(keys[i].toUtf8()));
            else
                m_storedKeys.bindNull(i + 1);
        }
        for (;;) {
            auto row = m_storedKeys.step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            stored.insert(QString::fromUtf8(m_storedKeys.columnText(0)));
        }
        m_storedKeys.reset();
        return success();
    }

    Result<qint64> insert(std::span<const MessageRow> rows) override
    {
        if (rows.size() == std::size_t(rowsPerStatement)) {
            m_keep.clear();
            for (int r = 0; r < rowsPerStatement; ++r)
                bind(m_insertMany, r * columns + 1, rows[r]);
            return run(m_insertMany);
        }
        qint64 inserted = 0;
        for (const MessageRow &row : rows) {
            m_keep.clear();
            bind(m_insertOne, 1, row);
            auto one = run(m_insertOne);
            if (!one)
                return one.error();
            inserted += *one;
        }
        return inserted;
    }

private:
    QByteArrayView keep(QByteArray bytes)
    {
        m_keep.append(std::move(bytes));
        return m_keep.constLast();
    }

    void bind(SqliteStatement &statement, int first, const MessageRow &message)
    {
        const QByteArray &payload = message.delivery->payload;
        statement.bindInt64(first, message.number);
        if (message.text) {
            statement.bindText(first + 1, payload);
            statement.bindNull(first + 2);
        } else {
            statement.bindText(first + 1, keep(replacedContent(payload).toUtf8()));
            statement.bindBlob(first + 2, payload);
        }
        statement.bindText(first + 3, timestamp(message.received));
        statement.bindText(first + 4, keep(message.key->toUtf8()));
        const QString &source = message.delivery->source;
        if (source != m_source) { // the same for a whole group, as a rule
            m_source = source;
            m_sourceUtf8 = withoutNul(source).toUtf8();
        }
        statement.bindText(first + 5, m_sourceUtf8);
    }

    // The text of a time, formatted once for all the rows received at the same moment.
    QByteArrayView timestamp(const QDateTime &time)
    {
        if (time != m_time || m_timeText.isEmpty()) {
            m_time = time;
            m_timeText = timestampText(time).toUtf8();
        }
        return m_timeText;
    }

    Result<qint64> run(SqliteStatement &statement)
    {
        auto stepped = statement.step();
        if (!stepped)
            return stepped.error();
        const qint64 inserted = statement.changes();
        statement.reset();
        return inserted;
    }

    sqlite3 *m_db;
    SqliteStatement m_storedKeys;
    SqliteStatement m_insertMany;
    SqliteStatement m_insertOne;
    QList<QByteArray> m_keep; // bytes bound to the statement about to run
    QString m_source;
    QByteArray m_sourceUtf8;
    QDateTime m_time;
    QByteArray m_timeText;
};

} // namespace

bool isStoredAsText(QByteArrayView payload)
{
    static constexpr char byteOrderMark[] = "\xEF\xBB\xBF";
    return !payload.contains('\0') && !payload.startsWith(byteOrderMark) && payload.isValidUtf8();
}

QString withoutNul(const QString &text)
{
    if (!text.contains(QChar(u'\0')))
        return text;
    QString copy = text;
    copy.replace(QChar(u'\0'), QChar::ReplacementCharacter);
    return copy;
}

IngestMessageWriter::~IngestMessageWriter() = default;

Result<std::unique_ptr<IngestMessageWriter>> IngestMessageWriter::create(const QSqlDatabase &db)
{
    if (sqlite3 *handle = SqliteStatement::handleOf(db)) {
        auto writer = std::make_unique<SqliteMessageWriter>(handle);
        if (Status prepared = writer->prepare(); !prepared)
            return prepared.error();
        return std::unique_ptr<IngestMessageWriter>(std::move(writer));
    }
    auto writer = std::make_unique<QtMessageWriter>(db);
    if (Status prepared = writer->prepare(); !prepared)
        return prepared.error();
    return std::unique_ptr<IngestMessageWriter>(std::move(writer));
}

} // namespace porthole
