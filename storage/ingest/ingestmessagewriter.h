#pragma once

#include "delivery.h"
#include "paging.h"
#include "sqltypes.h"
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
// The content column of a payload that is not text as it is: invalid bytes and NUL as U+FFFD.
QString replacedContent(const QByteArray &payload);

// One plain message, as SqlIngestSink stores it in `messages`.
struct MessageRow
{
    const Delivery *delivery = nullptr;
    const QString *key = nullptr; // the delivery key, without NUL
    qint64 number = 0;
    bool text = true;   // isStoredAsText(payload); else content gets U+FFFD, content_raw the bytes
    QDateTime received; // the timestamp column
};

// The two things SqlIngestSink does for the plain messages of a group: find which keys are
// stored, and insert the rows. Both run on the sink's connection, inside its transaction.
// SQLite: through SQLite's own API on the connection's handle, in statements of
// rowsPerStatement rows, binding the payload's bytes as they are (sqlitemessagewriter.h).
// PostgreSQL: through libpq on the QPSQL connection's handle, the whole group in one statement
// of array parameters (postgresmessagewriter.h).
class IngestMessageWriter
{
public:
    // Rows a statement holds on SQLite.
    static constexpr int rowsPerStatement = 100;

    virtual ~IngestMessageWriter();

    // Adds to `stored` those of the keys that are stored already, in messages or in
    // ingest_deliveries.
    virtual Status findStored(std::span<const QString> keys, QSet<QString> &stored) = 0;
    // Inserts the rows in their order, each unless its key is stored already (in messages, also
    // by another writer meanwhile, or in ingest_deliveries); returns how many were inserted.
    // The keys of `rows` differ from each other.
    virtual Result<qint64> insert(std::span<const MessageRow> rows) = 0;

protected:
    IngestMessageWriter() = default;
};

} // namespace porthole
