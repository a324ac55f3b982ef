#pragma once

#include "connectionfactory.h"
#include "delivery.h"
#include "payloaddecoder.h"
#include "storageerror.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <functional>
#include <memory>

namespace porthole {

struct Heartbeat;

// What one group of deliveries came to. stored + duplicates + deadLettered is the group's size.
struct IngestOutcome
{
    qint64 stored = 0;       // stored for the first time, as what they are
    qint64 duplicates = 0;   // stored before (same key, also earlier in the group), or a sensor
                             // reading whose event_id was recorded before: nothing stored again
    qint64 deadLettered = 0; // stored for the first time as dead letters
    // The deliveries stored for the first time, by DecodedPayload::Kind (DeadLetter included).
    std::array<qint64, DecodedPayload::kindCount> byKind{};

    qint64 storedOf(DecodedPayload::Kind kind) const
    {
        return byKind[static_cast<std::size_t>(kind)];
    }
    friend bool operator==(const IngestOutcome &, const IngestOutcome &) = default;
};

// Where a worker stores what it receives: one kind of store, opened from a URL. A sink is
// made, used and destroyed on one thread (it owns its database connection there).
class IngestSink
{
public:
    virtual ~IngestSink() = default;

    // Stores the group durably, or says why not (see SqlIngestSink::write() and
    // FileIngestSink::write(), the sinks there are, for what a failed write leaves behind). The
    // caller acknowledges the group to its source only after this returned a value.
    virtual Result<IngestOutcome> write(const QList<Delivery> &group) = 0;

    // Records the receiver's own heartbeat where the store keeps the pipeline's: system_health
    // of its database, or of the database it keeps its books in (recordReceiverHeartbeat()). A sink
    // with neither gives success and records nothing. Between writes, on the sink's thread.
    virtual Status recordHeartbeat(const Heartbeat &beat) = 0;
};

// What a sink is opened with.
struct IngestSinkSettings
{
    // The store: sqlite:PATH, postgresql://..., or file:///DIR for batch files.
    QString url;
    // The database a store that is not one keeps its books in (file:); the sink's own
    // otherwise.
    QString databaseUrl;
    ConnectionSettings connection;
    qint64 maxPayloadBytes = defaultMaxPayloadBytes;
};

// What opening a sink came to: the sink, or why not and whether to try again.
struct IngestSinkOpening
{
    std::unique_ptr<IngestSink> sink;
    QString error;
    bool retry = false; // the store may be there later: try again with a backoff
    QString notice;     // opened, with something the operator should know
};

// One kind of sink: the URL schemes it takes, how its URL is written and checked, where it keeps
// its books, and how it opens. Everything outside the registry (ingestsinks.cpp) asks about a
// sink through the functions below, never by its scheme.
struct IngestSinkKind
{
    QStringList schemes; // the part of the URL before ':', lower case
    QString form;        // how its URL is written, for help and error texts: "sqlite:PATH"
    QString what;        // what it stores into, for the same: "a SQLite database"
    // A store that is not a database keeps its books (dead letters, what it has stored) in
    // IngestSinkSettings::databaseUrl; a database keeps them itself.
    bool booksElsewhere = false;
    // Checks a URL of this kind without opening anything: the URL as the sink uses it, or a
    // message for a person that says what is wrong and how to write it.
    std::function<Result<QString>(const QString &url)> check;
    // The folder of batch files (messages_batch_NNNN.txt) the sink writes, which the worker's
    // endpoint serves as /batches and its alerts read; empty for a sink that writes none.
    std::function<QString(const QString &url)> batchFolder;
    std::function<IngestSinkOpening(const IngestSinkSettings &settings)> open;
};

// Every kind of sink there is: the built-in ones (ingestsinks.cpp), where adding one is a class
// and a line, then those added with addIngestSinkKind().
const QList<IngestSinkKind> &ingestSinkKinds();
// Adds a kind of sink after the built-in ones, for a program or a test that brings a sink of its
// own: a class deriving from IngestSink, and this line with its kind. False, and nothing added,
// for a kind without schemes (lower case), a check or an open, or with a scheme another kind
// takes. On the main thread, before any URL is checked or sink opened (a kind found before
// stays valid only until the next is added).
bool addIngestSinkKind(IngestSinkKind kind);

// The kind of sink `url` names, by its scheme; null for none.
const IngestSinkKind *ingestSinkKindOf(const QString &url);

// Checks `url` as its kind does (see IngestSinkKind::check); a URL of no kind is an error that
// says what is wrong with it.
Result<QString> checkIngestSinkUrl(const QString &url);

// The sinks' URLs as help and errors list them: "sqlite:PATH (a SQLite database), ... or
// file:///absolute/folder (batch files)"; with `booksElsewhereOnly`, only the kinds that keep
// their books in another database.
QString ingestSinkForms(bool booksElsewhereOnly = false);

// Opens the sink `settings.url` names, by its scheme: connects to its database, creates the
// schema of a new one (or refuses one that is not current), and opens the store. On the thread
// that will use it.
IngestSinkOpening openIngestSink(const IngestSinkSettings &settings);

// Whether the sink `url` names keeps its books in IngestSinkSettings::databaseUrl (a store
// that is not a database) rather than in itself.
bool ingestSinkKeepsBooksElsewhere(const QString &url);

// The database URL the sink keeps its books in (its own, or `databaseUrl` for a store that is
// not a database), parsed; an error names what is wrong with either URL.
Result<DatabaseUrl> ingestSinkDatabase(const IngestSinkSettings &settings);

// The folder of batch files the sink `url` writes (see IngestSinkKind::batchFolder); empty for
// none.
QString ingestSinkBatchFolder(const QString &url);

// The sink's URL as shown and served (the Ingest pane, /health): never with a password.
QString ingestSinkDisplayName(const QString &url);

} // namespace porthole
