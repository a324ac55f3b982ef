#include "sqlitemessagewriter.h"

#include "sqlitestatement.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int columns = 6; // message_number, content, content_raw, timestamp, delivery_key, source

// Rows whose key is in the journal of everything else are left out; the ON CONFLICT leaves out
// those stored in messages. (SQLite needs the WHERE to read the ON CONFLICT as the upsert's.)
const char *const insertSql =
    "INSERT INTO messages (message_number, content, content_raw, timestamp, delivery_key, "
    "source) SELECT * FROM (VALUES %1) AS v WHERE NOT EXISTS (SELECT 1 FROM ingest_deliveries "
    "i WHERE i.delivery_key = v.column5) ON CONFLICT (delivery_key) DO NOTHING";

// The stored keys among a VALUES list of keys, in messages or in the journal.
const char *const storedKeysSql = "WITH k(delivery_key) AS (VALUES %1) "
                                  "SELECT m.delivery_key FROM k JOIN messages m "
                                  "ON m.delivery_key = k.delivery_key "
                                  "UNION ALL "
                                  "SELECT i.delivery_key FROM k JOIN ingest_deliveries i "
                                  "ON i.delivery_key = k.delivery_key";

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
        using S = SqliteStatement;
        const std::pair<SqliteStatement *, QString> sql[] = {
            {&m_storedKeys,
             QString::fromLatin1(storedKeysSql).arg(S::valuesList(1, rowsPerStatement))},
            {&m_insertMany,
             QString::fromLatin1(insertSql).arg(S::valuesList(columns, rowsPerStatement))},
            {&m_insertOne, QString::fromLatin1(insertSql).arg(S::valuesList(columns, 1))},
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
        for (std::size_t start = 0; start < keys.size(); start += rowsPerStatement) {
            const auto chunk =
                keys.subspan(start, std::min<std::size_t>(rowsPerStatement, keys.size() - start));
            if (Status found = findStoredChunk(chunk, stored); !found)
                return found;
        }
        return success();
    }

    Result<qint64> insert(std::span<const MessageRow> rows) override
    {
        qint64 inserted = 0;
        std::size_t next = 0;
        while (next < rows.size()) {
            const bool full = rows.size() - next >= std::size_t(rowsPerStatement);
            SqliteStatement &statement = full ? m_insertMany : m_insertOne;
            const std::size_t take = full ? rowsPerStatement : 1;
            m_keep.clear();
            for (std::size_t r = 0; r < take; ++r)
                bind(statement, int(r) * columns + 1, rows[next + r]);
            auto ran = run(statement);
            if (!ran)
                return ran.error();
            inserted += *ran;
            next += take;
        }
        return inserted;
    }

private:
    // At most rowsPerStatement keys.
    Status findStoredChunk(std::span<const QString> keys, QSet<QString> &stored)
    {
        m_keep.clear();
        for (int i = 0; i < rowsPerStatement; ++i) {
            if (std::size_t(i) < keys.size())
                m_storedKeys.bindText(i + 1, keep(keys[i].toUtf8()));
            else
                m_storedKeys.bindNull(i + 1);
        }
        return m_storedKeys.forEachRow([&stored](const SqliteStatement &row) {
            stored.insert(QString::fromUtf8(row.columnText(0)));
        });
    }

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

Result<std::unique_ptr<IngestMessageWriter>> createSqliteMessageWriter(const QSqlDatabase &db)
{
    sqlite3 *handle = SqliteStatement::handleOf(db);
    if (!handle)
        return StorageError{StorageError::Kind::ConnectionLost,
                            u"Storing messages needs an open SQLite connection."_s};
    auto writer = std::make_unique<SqliteMessageWriter>(handle);
    if (Status prepared = writer->prepare(); !prepared)
        return prepared.error();
    return std::unique_ptr<IngestMessageWriter>(std::move(writer));
}

} // namespace porthole
