#pragma once

#include "connectionfactory.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

namespace porthole {

class ChangeListener;

// Tells a window that rows of a table may have changed, whoever changed them: this process,
// another one, another machine. One per database a window shows; its connection lives on a
// thread of its own, so that neither connecting nor a server that does not answer ever holds
// up the GUI thread.
//
// - PostgreSQL: LISTEN on the channel that migration 15's statement triggers notify, with the
//   table's name as the payload. A notification arrives when the writer commits. The connection
//   is watched: a connection found closed (the server went away, the backend was terminated) or
//   failing a round trip (every checkIntervalMs) is opened again after a pause that doubles up
//   to mostRetryMs, and then every table is told changed, since notifications sent meanwhile
//   were lost.
// - SQLite: PRAGMA data_version on a connection of its own, every pollIntervalMs; it changes
//   when another connection (of this process or another) committed. It cannot say which table:
//   every table is told changed.
// - This process: announce() tells at once (the ingest worker stored rows).
//
// A model that listens refreshes when told, and polls meanwhile only as a slow safety net while
// isLive(); when the connection is lost it polls as before until it is back.
class ChangeNotifier : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Starting,  // opening its connection for the first time
        Listening, // PostgreSQL: LISTEN is in place
        Polling,   // SQLite: data_version is read a few times a second
        Retrying   // the connection failed or was lost; stateMessage() says why
    };
    Q_ENUM(State)

    struct Options
    {
        // SQLite: how often data_version is read. PostgreSQL: how often the connection's state
        // is looked at, as libpq last saw it (no round trip).
        int pollIntervalMs = 250;
        int checkIntervalMs = 15000;   // PostgreSQL: how often a round trip checks it
        int firstRetryMs = 500;        // pause before opening a lost connection again, doubling ...
        int mostRetryMs = 30000;       // ... up to this
        int sqliteBusyTimeoutMs = 500; // SQLite: how long one reading waits for a lock
    };

    // The channel migration 15's triggers notify.
    static QString channel();
    // Whether a change told as `table` (empty: any table) concerns a listing that reads
    // `tables` (empty: any table).
    static bool concerns(const QString &table, const QStringList &tables);

    explicit ChangeNotifier(const ConnectionFactory &factory, QObject *parent = nullptr);
    ChangeNotifier(const ConnectionFactory &factory, Options options, QObject *parent = nullptr);
    // Waits for its thread: a connection being opened finishes first (bounded by its timeout).
    ~ChangeNotifier() override;

    State state() const { return m_state; }
    QString stateMessage() const { return m_stateMessage; }
    // Whether changes are told as they happen (Listening or Polling).
    bool isLive() const { return m_state == State::Listening || m_state == State::Polling; }

public Q_SLOTS:
    // Rows of `table` (empty: of any table) were written by this process: tells at once.
    void announce(const QString &table = {});

Q_SIGNALS:
    // Rows of `table` may have changed; an empty name: of any table.
    void changed(const QString &table);
    void stateChanged(porthole::ChangeNotifier::State state, const QString &message);

private:
    void setState(State state, const QString &message);

    QThread m_thread;
    ChangeListener *m_listener = nullptr; // lives on m_thread, deleted when it finishes
    State m_state = State::Starting;
    QString m_stateMessage;
};

} // namespace porthole
