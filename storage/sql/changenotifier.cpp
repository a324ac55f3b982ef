#include "changenotifier.h"

#include "sqlerror.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSet>
#include <QSocketNotifier>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcChanges, "porthole.storage.changes", QtWarningMsg)

namespace porthole {

namespace {

const QString connectionPurpose = u"change-notifier"_s;
// How the connection shows in pg_stat_activity, unless the URL names it otherwise.
const QString applicationName = u"porthole-changes"_s;

ConnectionFactory listenerFactory(const ConnectionFactory &factory,
                                  const ChangeNotifier::Options &options)
{
    // One reading of data_version never waits long for a lock: the next one comes soon.
    ConnectionSettings settings = factory.settings();
    settings.busyTimeoutMs = std::min(settings.busyTimeoutMs, options.sqliteBusyTimeoutMs);
    return ConnectionFactory(factory.url(), settings);
}

} // namespace

// The half of the notifier that lives on its thread: it owns that thread's connection, and
// QPSQL delivers the notifications of a connection through the event loop of its thread.
class ChangeListener : public QObject
{
    Q_OBJECT

public:
    ChangeListener(ConnectionFactory factory, ChangeNotifier::Options options)
        : m_factory(std::move(factory))
        , m_options(options)
        , m_timer(this)
        , m_retry(this)
        , m_flush(this)
        , m_nextRetryMs(std::max(1, options.firstRetryMs))
    {
        connect(&m_timer, &QTimer::timeout, this, &ChangeListener::tick);
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, &ChangeListener::open);
        // The notifications that one read of the socket brought are told together.
        m_flush.setSingleShot(true);
        m_flush.setInterval(0);
        connect(&m_flush, &QTimer::timeout, this, &ChangeListener::flush);
    }
    ~ChangeListener() override { m_factory.close(connectionPurpose); }

    void open()
    {
        Q_ASSERT(QThread::currentThread() == thread());
        if (QThread::currentThread()->isInterruptionRequested())
            return;
        if (const Status opened = tryOpen(); !opened) {
            lose(opened.errorMessage());
            return;
        }
        m_open = true;
        m_nextRetryMs = std::max(1, m_options.firstRetryMs);
        const bool sqlite = m_factory.url().isSqlite();
        m_timer.start(std::max(10, m_options.pollIntervalMs));
        m_sinceCheck.start();
        qCInfo(lcChanges) << (sqlite ? "polling" : "listening") << "for changes";
        Q_EMIT stateChanged(
            sqlite ? ChangeNotifier::State::Polling : ChangeNotifier::State::Listening, {});
        // What changed while there was no connection was not told: anything may have.
        if (m_wasOpen)
            tell(QString());
        m_wasOpen = true;
    }

Q_SIGNALS:
    // The tables told changed since the last time, each once; an empty name: any table.
    void changed(const QStringList &tables);
    void stateChanged(porthole::ChangeNotifier::State state, const QString &message);

private:
    Status tryOpen()
    {
        auto db = m_factory.open(connectionPurpose);
        if (!db)
            return db.error();
        if (m_factory.url().isSqlite()) {
            auto version = dataVersion(*db);
            if (!version)
                return version.error();
            m_dataVersion = *version;
            return success();
        }
        if (!m_factory.url().options().contains(u"application_name"_s)) {
            QSqlQuery query(*db);
            if (!query.exec(u"SET application_name TO '%1'"_s.arg(applicationName)))
                return sqlError(query.lastError(), u"Naming the connection for live updates"_s);
        }
        QSqlDriver *driver = db->driver();
        connect(driver, &QSqlDriver::notification, this, &ChangeListener::onNotification,
                Qt::UniqueConnection);
        if (!driver->subscribeToNotification(ChangeNotifier::channel()))
            return sqlError(driver->lastError(),
                            u"Listening for changes (LISTEN %1)"_s.arg(ChangeNotifier::channel()));
        // QPSQL reads the connection's socket when it has something, and finds the connection
        // closed there when the server went away: that is when to open it again. Where its
        // socket notifier is the driver's child, this runs right after its handler; where it
        // is not (Qt 6.4), the timer finds the connection closed a moment later.
        if (auto *socket = driver->findChild<QSocketNotifier *>())
            connect(socket, &QSocketNotifier::activated, this, &ChangeListener::onSocketActivity,
                    Qt::UniqueConnection);
        return success();
    }

    static Result<qint64> dataVersion(const QSqlDatabase &db)
    {
        // A statement of its own each time, finished at once: an open read transaction would
        // hold back the WAL's checkpoints.
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA data_version"_s) || !query.next())
            return sqlError(query.lastError(), u"Reading PRAGMA data_version"_s);
        return query.value(0).toLongLong();
    }

    // The timer: SQLite's poll; on PostgreSQL a look at the connection's state (libpq's, no
    // round trip), and now and then a round trip, for a connection that went quiet for good.
    void tick()
    {
        if (!m_open)
            return;
        if (const Status read = m_factory.url().isSqlite() ? poll() : check(); !read)
            lose(read.errorMessage());
    }

    Status poll()
    {
        auto db = m_factory.open(connectionPurpose);
        if (!db)
            return db.error();
        auto version = dataVersion(*db);
        if (!version)
            return version.error();
        if (*version != m_dataVersion) {
            m_dataVersion = *version;
            tell(QString()); // SQLite does not say which table
        }
        return success();
    }

    Status check()
    {
        const QSqlDatabase db =
            QSqlDatabase::database(m_factory.connectionName(connectionPurpose), false);
        if (!db.isOpen())
            return StorageError::connectionLost(u"The server closed the connection."_s);
        if (m_sinceCheck.elapsed() < m_options.checkIntervalMs)
            return success();
        m_sinceCheck.start();
        QSqlQuery query(db);
        if (!query.exec(u"SELECT 1"_s))
            return sqlError(query.lastError(), u"Checking the connection"_s);
        return success();
    }

    void onNotification(const QString &name, QSqlDriver::NotificationSource /*source*/,
                        const QVariant &payload)
    {
        if (name == ChangeNotifier::channel())
            tell(payload.toString());
    }

    void onSocketActivity()
    {
        bool open = false;
        {
            const QSqlDatabase db =
                QSqlDatabase::database(m_factory.connectionName(connectionPurpose), false);
            open = db.isOpen(); // libpq's status, after QPSQL read what came
        }
        if (open || !m_open)
            return;
        // Not here: closing the connection deletes the socket notifier that called.
        if (auto *socket = qobject_cast<QSocketNotifier *>(sender()))
            socket->setEnabled(false);
        QTimer::singleShot(0, this, [this] {
            if (m_open)
                lose(u"The server closed the connection."_s);
        });
    }

    void lose(const QString &why)
    {
        m_open = false;
        m_timer.stop();
        m_factory.close(connectionPurpose);
        if (QThread::currentThread()->isInterruptionRequested())
            return;
        const int delay = m_nextRetryMs;
        m_nextRetryMs = std::max(1, std::min(m_options.mostRetryMs, delay * 2));
        qCInfo(lcChanges) << "no live updates, trying again in" << delay << "ms:" << why;
        m_retry.start(delay);
        Q_EMIT stateChanged(ChangeNotifier::State::Retrying,
                            u"%1 Trying again in %2 s."_s.arg(why.trimmed()).arg(delay / 1000.0));
    }

    void tell(const QString &table)
    {
        m_pending.insert(table);
        if (!m_flush.isActive())
            m_flush.start();
    }

    void flush()
    {
        if (m_pending.isEmpty())
            return;
        // "Any table" says it all.
        const QStringList tables =
            m_pending.contains(QString()) ? QStringList{QString()} : m_pending.values();
        m_pending.clear();
        Q_EMIT changed(tables);
    }

    ConnectionFactory m_factory;
    ChangeNotifier::Options m_options;
    QTimer m_timer;
    QTimer m_retry;
    QTimer m_flush;
    QElapsedTimer m_sinceCheck; // PostgreSQL: since the last round trip
    QSet<QString> m_pending;
    qint64 m_dataVersion = -1;
    int m_nextRetryMs;
    bool m_open = false;
    bool m_wasOpen = false;
};

QString ChangeNotifier::channel()
{
    return u"porthole_changes"_s;
}

bool ChangeNotifier::concerns(const QString &table, const QStringList &tables)
{
    return table.isEmpty() || tables.isEmpty() || tables.contains(table);
}

ChangeNotifier::ChangeNotifier(const ConnectionFactory &factory, QObject *parent)
    : ChangeNotifier(factory, Options{}, parent)
{}

ChangeNotifier::ChangeNotifier(const ConnectionFactory &factory, Options options, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<porthole::ChangeNotifier::State>();
    m_listener = new ChangeListener(listenerFactory(factory, options), options);
    m_listener->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_listener, &QObject::deleteLater);
    connect(m_listener, &ChangeListener::changed, this, [this](const QStringList &tables) {
        for (const QString &table : tables)
            Q_EMIT changed(table);
    });
    connect(m_listener, &ChangeListener::stateChanged, this, &ChangeNotifier::setState);
    m_thread.setObjectName(u"change-notifier"_s);
    m_thread.start();
    QMetaObject::invokeMethod(m_listener, &ChangeListener::open, Qt::QueuedConnection);
}

ChangeNotifier::~ChangeNotifier()
{
    m_thread.requestInterruption();
    m_thread.quit();
    m_thread.wait();
}

void ChangeNotifier::announce(const QString &table)
{
    Q_ASSERT(QThread::currentThread() == thread());
    Q_EMIT changed(table);
}

void ChangeNotifier::setState(State state, const QString &message)
{
    if (state == m_state && message == m_stateMessage)
        return;
    m_state = state;
    m_stateMessage = message;
    Q_EMIT stateChanged(state, message);
}

} // namespace porthole

#include "changenotifier.moc"
