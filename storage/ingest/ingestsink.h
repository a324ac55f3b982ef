#pragma once

#include "connectionfactory.h"
#include "delivery.h"
#include "payloaddecoder.h"
#include "storageerror.h"

#include <QList>
#include <QString>

#include <array>
#include <functional>
#include <memory>

namespace porthole {

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

// One kind of sink: the URL scheme it takes (the part before ':'), and how it opens.
struct IngestSinkKind
{
    QString scheme;
    std::function<IngestSinkOpening(const IngestSinkSettings &settings)> open;
};

// Every kind of sink there is (ingestsinks.cpp); adding one is a class and a line there.
const QList<IngestSinkKind> &ingestSinkKinds();

// Opens the sink `settings.url` names, by its scheme: connects to its database, creates the
// schema of a new one (or refuses one that is not current), and opens the store. On the thread
// that will use it.
IngestSinkOpening openIngestSink(const IngestSinkSettings &settings);

// The database URL the sink keeps its books in (its own, or `databaseUrl` for a store that is
// not a database), parsed; an error names what is wrong with either URL.
Result<DatabaseUrl> ingestSinkDatabase(const IngestSinkSettings &settings);

// Whether the sink `url` names writes batch files (file:///DIR) rather than into a database: it
// then keeps its books in IngestSinkSettings::databaseUrl.
bool ingestSinkWritesFiles(const QString &url);

// The sink's URL as shown and served (the Ingest pane, /health): never with a password.
QString ingestSinkDisplayName(const QString &url);

} // namespace porthole
