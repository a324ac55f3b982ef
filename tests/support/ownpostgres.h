#pragma once

#include "connectionfactory.h"
#include "databaseurl.h"
#include "migrationrunner.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVersionNumber>

#include <optional>
#include <unistd.h>

namespace porthole::test {

using namespace Qt::StringLiterals;

// A PostgreSQL cluster of one test's own (scripts/servers/postgres), for restarting the server
// or starting it with other settings: the fixture's cluster is shared by the tests that run
// beside this one.
class OwnPostgres
{
public:
    OwnPostgres() = default;
    ~OwnPostgres()
    {
        if (!m_script.isEmpty())
            run(m_script, {u"stop"_s, m_state.path()}, nullptr);
    }
    OwnPostgres(const OwnPostgres &) = delete;
    OwnPostgres &operator=(const OwnPostgres &) = delete;

    // `environment` is the script's: PORTHOLE_PG_TLS_DIR, say.
    bool start(const QString &script, QString *error,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        if (script.isEmpty()) {
            *error = u"scripts/servers/postgres not found"_s;
            return false;
        }
        m_script = script;
        if (!m_state.isValid()) {
            *error = m_state.errorString();
            return false;
        }
        if (!run(m_script, {u"start"_s, m_state.path()}, error, environment))
            return false;
        m_work = readState(u"postgres.work"_s);
        const auto url = DatabaseUrl::parse(readState(u"postgres.url"_s));
        if (m_work.isEmpty() || !url) {
            *error = u"scripts/servers/postgres wrote no address"_s;
            return false;
        }
        m_url = *url;
        return true;
    }

    const DatabaseUrl &url() const { return m_url; }

    // A new database in the cluster, with Porthole's schema.
    Result<DatabaseUrl> createDatabase(const QString &name) const
    {
        const QString purpose = u"own-postgres-"_s + name;
        const DatabaseUrl url = m_url.withDatabaseName(name);
        std::optional<StorageError> failed;
        const ConnectionFactory admin(m_url);
        {
            auto db = admin.open(purpose);
            QSqlQuery create(db ? *db : QSqlDatabase());
            if (!db)
                failed = db.error();
            else if (!create.exec(u"CREATE DATABASE %1"_s.arg(name)))
                failed = StorageError{StorageError::Kind::Protocol, create.lastError().text()};
        }
        admin.close(purpose);
        if (failed)
            return *failed;
        const ConnectionFactory factory(url);
        {
            auto db = factory.open(purpose);
            if (!db)
                failed = db.error();
            else if (auto migrated = MigrationRunner(*db, *MigrationRunner::builtin(
                                                              DatabaseUrl::Engine::PostgreSQL))
                                         .up();
                     !migrated)
                failed = migrated.error();
        }
        factory.close(purpose);
        if (failed)
            return *failed;
        return url;
    }

    // Stops the server at once, as a crash would (its backends get no time to finish), and
    // starts it again on the same port; returns once it accepts connections.
    bool restart(QString *error)
    {
        const QString pgCtl = serverBinary(u"pg_ctl"_s);
        if (pgCtl.isEmpty()) {
            *error = u"pg_ctl not found under /usr/lib/postgresql"_s;
            return false;
        }
        QString program = pgCtl;
        QStringList arguments{u"-D"_s,
                              m_work + u"/data"_s,
                              u"-m"_s,
                              u"immediate"_s,
                              u"-w"_s,
                              u"-t"_s,
                              u"60"_s,
                              u"-l"_s,
                              m_work + u"/postgres.log"_s,
                              u"restart"_s};
        if (::geteuid() == 0) { // as scripts/servers/postgres runs it: PostgreSQL refuses root
            arguments = QStringList{u"-u"_s, u"nobody"_s, u"--"_s, pgCtl} + arguments;
            program = u"runuser"_s;
        }
        return run(program, arguments, error);
    }

private:
    static QString serverBinary(const QString &name)
    {
        const QDir root(u"/usr/lib/postgresql"_s);
        QVersionNumber best;
        QString found;
        for (const QString &version : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QString path = root.filePath(version + u"/bin/"_s + name);
            const QVersionNumber number = QVersionNumber::fromString(version);
            if (QFile::exists(path) && (found.isEmpty() || number > best)) {
                best = number;
                found = path;
            }
        }
        return found;
    }

    QString readState(const QString &name) const
    {
        QFile file(m_state.filePath(name));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed()
                                              : QString();
    }

    static bool
    run(const QString &program, const QStringList &arguments, QString *error,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setStandardInputFile(QProcess::nullDevice());
        process.start(program, arguments);
        const bool done = process.waitForFinished(120000);
        if (done && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
            return true;
        if (error)
            *error = u"%1 %2 failed: %3"_s.arg(program, arguments.join(u' '),
                                               QString::fromUtf8(process.readAll()));
        return false;
    }

    QString m_script;
    QTemporaryDir m_state;
    QString m_work;
    DatabaseUrl m_url;
};

} // namespace porthole::test
