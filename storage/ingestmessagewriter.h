#pragma once

#include "delivery.h"
#include "sqlsupport.h"
#include "storageerror.h"

#include <QDateTime>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <span>

namespace porthole {

// Whether a payload can be stored as text exactly as it is: UTF-8 without NUL (which
// PostgreSQL's text cannot hold) and without a byte order mark (which Qt drops when it decodes).
bool isStoredAsText(QByteArrayView payload);
// PostgreSQL's text cannot hold a NUL character; the rest is kept as it is.
QString withoutNul(const QString &text);

// One plain message, as SqlIngestSink stores it in `messages`.
struct MessageRow
{
    const Delivery *delivery = nullptr;
    const QString *key = nullptr; // the delivery key, without NUL
    qint64 number = 0;
    bool text = true;   // isStoredAsText(payload); else content gets U+FFFD, content_raw the bytes
    QDateTime received; // the timestamp column
};

// The two statements SqlIngestSink runs for every plain message: which keys are stored, and
// the INSERT. They run on the sink's connection, inside its transaction. On SQLite they go
// through SQLite's own API on the connection's handle, binding the payload's bytes as they
// are; elsewhere through QSqlQuery.
class IngestMessageWriter
{
public:
    // Keys looked up, rows inserted, by one statement.
    static constexpr int rowsPerStatement = 100;

    static Result<std::unique_ptr<IngestMessageWriter>> create(const QSqlDatabase &db);
    virtual ~IngestMessageWriter();

    // Adds to `stored` those of at most rowsPerStatement keys that are stored already, in
    // messages or in ingest_deliveries.
    virtual Status findStored(std::span<const QString> keys, QSet<QString> &stored) = 0;
    // Inserts at most rowsPerStatement rows, each unless its key is stored meanwhile; returns
    // how many were inserted.
    virtual Result<qint64> insert(std::span<const MessageRow> rows) = 0;

protected:
    IngestMessageWriter() = default;
};

} // namespace porthole
