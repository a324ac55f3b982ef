#pragma once

#include "databaseurl.h"
#include "preferences.h"
#include "redisurl.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace porthole {

class IngestPane;
class IngestService;
struct IngestConfig;
struct IngestRequest;

// The Ingest pane and the receiver it starts: what the pane offers and remembers, and the
// receiver's configuration for what the operator asks.
class IngestControl : public QObject
{
    Q_OBJECT

public:
    explicit IngestControl(IngestService *service, QObject *parent = nullptr);

    // The stream `--ingest` names (or the demo's): the next pane made asks for it, into the
    // database, and startAsked() starts the receiver on it once.
    void askFor(const QString &streamKey) { m_askedKey = streamKey; }
    // How many messages the receiver takes at a time and how long it waits for them.
    void setPreferences(const Preferences &preferences) { m_preferences = preferences; }

    // The Ingest pane of the data open now: it offers `database` and the batch files in
    // `batches` as sinks, and asks what it asked last time (kept in the settings, passwords never).
    IngestPane *makePane(const DatabaseUrl &database, const QString &batches,
                         const std::optional<RedisUrl> &redis, bool readOnly);
    // Starts the receiver on the stream asked for, if one was and the pane is there.
    void startAsked();

    // What the receiver is started with for `request`: false, with the problem, when the
    // request cannot be followed (the database is read-only, a URL is wrong).
    bool config(const IngestRequest &request, IngestConfig *config, QString *problem) const;

private:
    void start(const IngestRequest &request);

    IngestService *m_service;
    Preferences m_preferences;
    QString m_askedKey;
    DatabaseUrl m_database;
    std::optional<RedisUrl> m_redis;
    bool m_readOnly = false;
    QPointer<IngestPane> m_pane;
};

} // namespace porthole
