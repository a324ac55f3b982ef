#include "connectionfactory.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QThread>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcConnection, "porthole.storage.connection", QtWarningMsg)

namespace porthole {

ConnectionFactory::ConnectionFactory(DatabaseUrl url, ConnectionSettings settings)
    : m_url(std::move(url))
    , m_settings(settings)
{}

void ConnectionFactory::boundSqliteMemory(qint64 bytes)
{
    sqlite3_soft_heap_limit64(bytes);
}

QString ConnectionFactory::connectionName(const QString &purpose) const
{
    // The URL's hash keeps two databases apart without putting a password in the name.
    const QByteArray key = m_url.toDisplayString().toUtf8() + '\n' + m_url.password().toUtf8();
    const QByteArray hash =
        QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(12);
    const auto thread = reinterpret_cast<quintptr>(QThread::currentThread());
    return u"porthole/%1/%2/%3"_s.arg(purpose, QString::fromLatin1(hash),
                                      QString::number(thread, 16));
}

Result<QSqlDatabase> ConnectionFactory::open(const QString &purpose) const
{
    const QString name = connectionName(purpose);
    const bool known = QSqlDatabase::contains(name);
    if (known) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
        // Lost: Qt's PostgreSQL driver is open only while libpq's connection is good, so one
        // the server dropped (restarted, backend terminated) shows here once a query found it
        // gone. What is left of it is freed, and it is opened again under the same name:
        // copies of it that others hold go on with the new connection.
        db.close();
        qCInfo(lcConnection) << "reopening" << name << m_url.toDisplayString();
    }

    if (!QSqlDatabase::isDriverAvailable(m_url.driverName()))
        return StorageError{StorageError::Kind::Internal,
                            u"The Qt SQL driver %1 is not installed (Debian package %2)."_s.arg(
                                m_url.driverName(),
                                m_url.isSqlite() ? u"libqt6sql6-sqlite"_s : u"libqt6sql6-psql"_s)};

    QSqlDatabase db = known ? QSqlDatabase::database(name, false)
                            : QSqlDatabase::addDatabase(m_url.driverName(), name);
    Status configured = m_url.isSqlite() ? configureSqlite(db) : configurePostgres(db);
    if (!configured) {
        // A connection opened before stays, closed, for those who hold it: the next open()
        // tries again.
        if (!known) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
        }
        return configured.error();
    }
    qCDebug(lcConnection) << "opened" << name << m_url.toDisplayString();
    return db;
}

void ConnectionFactory::close(const QString &purpose) const
{
    const QString name = connectionName(purpose);
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

Status ConnectionFactory::configureSqlite(QSqlDatabase &db) const
{
    const QString path = m_url.filePath();
    const QFileInfo dir(QFileInfo(path).absolutePath());
    if (!dir.isDir())
        return StorageError{
            StorageError::Kind::NotFound,
            u"Cannot open the SQLite database %1: the folder %2 does not exist."_s.arg(
                path, dir.absoluteFilePath())};

    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_settings.busyTimeoutMs) +
                         (m_settings.readOnly ? u";QSQLITE_OPEN_READONLY"_s : QString()));
    if (m_settings.readOnly && !QFileInfo::exists(path))
        return StorageError{StorageError::Kind::NotFound,
                            u"Cannot open the SQLite database %1 read-only: there is no such "
                            "file."_s.arg(path)};
    if (!db.open())
        return StorageError::io(
            u"Cannot open the SQLite database %1: %2"_s.arg(path, db.lastError().text()));
    if (m_settings.readOnly)
        return success(); // as the file is: no journal mode switched, nothing written

    // Switching a new file to WAL needs a moment alone with it; SQLite answers "busy" without
    // waiting when another connection is opening it too, so retry within the busy timeout.
    QSqlQuery query(db);
    QElapsedTimer waited;
    waited.start();
    QString why;
    for (;;) {
        if (query.exec(u"PRAGMA journal_mode=WAL"_s) && query.next()) {
            if (query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) == 0)
                break;
            why = u"the file system does not support it"_s;
        } else {
            why = query.lastError().text();
            if (why.contains(u"locked"_s) && waited.elapsed() < m_settings.busyTimeoutMs) {
                query.finish();
                QThread::msleep(10);
                continue;
            }
        }
        query = QSqlQuery();
        db.close();
        // SQLite says "unable to open database file" for a file it may read but not write.
        const QFileInfo file(path);
        if (!dir.isWritable() || (file.exists() && !file.isWritable()))
            why += u". The file or its folder cannot be written (a read-only disk, or "
                   "permissions): Porthole writes both, the file and its -wal and -shm files"_s;
        return StorageError{
            why.contains(u"locked"_s) ? StorageError::Kind::Locked : StorageError::Kind::Io,
            u"Cannot switch the SQLite database %1 to WAL mode: %2."_s.arg(path, why)};
    }
    // A 32 MiB page cache per connection (SQLite's default is 2 MiB): the indexes of a table
    // of millions of rows are read again and again while writing and paging.
    const QStringList pragmas{u"PRAGMA synchronous=FULL"_s, u"PRAGMA foreign_keys=ON"_s,
                              u"PRAGMA cache_size=-32768"_s,
                              u"PRAGMA busy_timeout=%1"_s.arg(m_settings.busyTimeoutMs)};
    for (const QString &pragma : pragmas) {
        if (!query.exec(pragma)) {
            const QString why = query.lastError().text();
            db.close();
            return StorageError::io(
                u"Cannot configure the SQLite database %1 (%2): %3"_s.arg(path, pragma, why));
        }
    }
    return success();
}

Status ConnectionFactory::configurePostgres(QSqlDatabase &db) const
{
    db.setHostName(m_url.host());
    db.setPort(m_url.port());
    db.setDatabaseName(m_url.databaseName());
    if (!m_url.userName().isEmpty())
        db.setUserName(m_url.userName());
    if (!m_url.password().isEmpty())
        db.setPassword(m_url.password());

    QMap<QString, QString> options = m_url.options();
    if (!options.contains(u"connect_timeout"_s))
        options.insert(u"connect_timeout"_s, QString::number(m_settings.connectTimeoutSeconds));
    if (!options.contains(u"application_name"_s))
        options.insert(u"application_name"_s, u"porthole"_s);
    // Qt hands the options to libpq as they are, ';' made a space: each value is quoted as
    // libpq reads it, so that a value with a space cannot add an option of its own (say,
    // "x sslmode=disable"). DatabaseUrl refuses values with ';'.
    QStringList connectOptions;
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        QString value = it.value();
        value.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
        connectOptions << it.key() + u"='"_s + value + u'\'';
    }
    db.setConnectOptions(connectOptions.join(u';'));

    if (!db.open()) {
        const QString why = db.lastError().text().trimmed();
        QString advice = u"Check that the server runs, that the address and port are right "
                         "and that the user may log in."_s;
        if (why.contains(u"certificate"_s, Qt::CaseInsensitive) ||
            why.contains(u"does not match host name"_s))
            advice = u"The server's TLS certificate was not accepted: sslrootcert must name the "
                     "certificate authority that signed it, and the host in the URL must be a "
                     "name the certificate is for (sslmode=verify-full checks both)."_s;
        else if (why.contains(u"password"_s))
            advice = u"The server wants the user's password: give it in PGPASSWORD, "
                     "~/.pgpass or pg_service.conf (docs/DEPLOYMENT.md, \"Secrets\")."_s;
        return StorageError::connectionLost(
            u"Cannot connect to the PostgreSQL database %1: %2 %3"_s.arg(m_url.toDisplayString(),
                                                                         why, advice));
    }

    QSqlQuery query(db);
    QStringList settings{
        u"SET statement_timeout = %1"_s.arg(m_settings.statementTimeoutMs),
        u"SET lock_timeout = %1"_s.arg(m_settings.lockTimeoutMs),
        u"SET idle_in_transaction_session_timeout = %1"_s.arg(
            m_settings.idleInTransactionTimeoutMs),
        u"SET TIME ZONE 'UTC'"_s,
        // Notices ("already exists, skipping") are for a psql session, not for an operator.
        u"SET client_min_messages TO warning"_s,
        // No JIT compilation (PostgreSQL 11 and later have it, on by default): it compiles
        // every statement the planner costs above jit_above_cost, on a big table nearly any
        // read that may go far; a server process loads LLVM for its first (65 to 100 ms), then
        // compiles for longer than a console's statements run (docs/BENCHMARKS.md, "JIT").
        u"SELECT set_config('jit', 'off', false) WHERE current_setting('jit', true) IS NOT NULL"_s,
    };
    if (m_settings.readOnly)
        settings.append(u"SET default_transaction_read_only = on"_s);
    for (const QString &statement : settings) {
        if (!query.exec(statement)) {
            const QString why = query.lastError().text();
            db.close();
            return StorageError{
                StorageError::Kind::Protocol,
                u"Cannot configure the PostgreSQL connection (%1): %2"_s.arg(statement, why)};
        }
    }
    return success();
}

} // namespace porthole
