#include "databaseurl.h"
#include "displayurl.h"
#include "fileingestsink.h"
#include "ingestsink.h"
#include "migrationrunner.h"
#include "sqlingestsink.h"
#include "walcheckpointer.h"

#include <QDir>
#include <QLoggingCategory>
#include <QUrl>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcIngestSink, "porthole.ingest", QtWarningMsg)

namespace porthole {

namespace {

const QString connectionPurpose = u"ingest"_s;

IngestSinkOpening failed(const QString &error, bool retry = false)
{
    return IngestSinkOpening{nullptr, error, retry, {}};
}

// A sink's database connection: opened, its schema made current, and checkpointed off the
// committing thread on SQLite. Destroyed after whatever uses the connection.
class SinkDatabase
{
public:
    static Result<std::unique_ptr<SinkDatabase>>
    open(const DatabaseUrl &url, const ConnectionSettings &connection, bool *retry)
    {
        auto made = std::unique_ptr<SinkDatabase>(new SinkDatabase(url, connection));
        *retry = true;
        auto db = made->m_factory.open(connectionPurpose);
        if (!db)
            return db.error();
        made->m_db = *db;
        auto migrations = MigrationRunner::builtin(url.engine());
        if (!migrations) {
            *retry = false;
            return migrations.error();
        }
        MigrationRunner runner(*db, *migrations);
        auto version = runner.currentVersion();
        if (!version)
            return version.error();
        if (*version == 0) { // a new database: the worker creates the schema
            if (auto created = runner.up(); !created)
                return created.error();
        } else if (Status current = runner.checkCurrent(); !current) {
            *retry = false;
            return current.error();
        }
        if (url.isSqlite()) {
            auto checkpointer = WalCheckpointer::attach(*db, url);
            if (checkpointer)
                made->m_checkpointer = std::move(checkpointer).value();
            else
                qCWarning(lcIngestSink).noquote() << checkpointer.errorMessage();
        }
        *retry = false;
        return made;
    }

    ~SinkDatabase()
    {
        m_checkpointer.reset();
        m_db = {}; // the last handle goes before the connection is removed
        m_factory.close(connectionPurpose);
    }

    QSqlDatabase db() const { return m_db; }

private:
    SinkDatabase(const DatabaseUrl &url, const ConnectionSettings &connection)
        : m_factory(url, connection)
    {}

    ConnectionFactory m_factory;
    QSqlDatabase m_db;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

Result<std::unique_ptr<SinkDatabase>> openDatabase(const IngestSinkSettings &settings, bool *retry)
{
    *retry = false;
    auto url = ingestSinkDatabase(settings);
    if (!url)
        return url.error();
    return SinkDatabase::open(*url, settings.connection, retry);
}

// A sink whose store writes through a database connection of its own. Members go in reverse
// order: the store before the connection it uses.
class OwningSink final : public IngestSink
{
public:
    OwningSink(std::unique_ptr<SinkDatabase> database, std::unique_ptr<IngestSink> store)
        : m_database(std::move(database))
        , m_store(std::move(store))
    {}

    Result<IngestOutcome> write(const QList<Delivery> &group) override
    {
        return m_store->write(group);
    }
    Status recordHeartbeat(const Heartbeat &beat) override
    {
        return m_store->recordHeartbeat(beat);
    }

private:
    std::unique_ptr<SinkDatabase> m_database;
    std::unique_ptr<IngestSink> m_store;
};

// sqlite: and postgresql:, the rows in the database itself.
IngestSinkOpening openDatabaseSink(const IngestSinkSettings &settings)
{
    bool retry = false;
    auto database = openDatabase(settings, &retry);
    if (!database)
        return failed(database.error().message, retry);
    auto store = std::make_unique<SqlIngestSink>((*database)->db(), settings.maxPayloadBytes);
    return IngestSinkOpening{
        std::make_unique<OwningSink>(std::move(database).value(), std::move(store)), {}, false, {}};
}

// A database's URL: as it is, if DatabaseUrl takes it.
Result<QString> checkDatabaseUrl(const QString &url)
{
    if (auto parsed = DatabaseUrl::parse(url); !parsed)
        return parsed.error();
    return url;
}

// file:///DIR: the folder, absolute; the URL made again from it, so that one folder has one URL.
Result<QString> checkBatchFolderUrl(const QString &url)
{
    const QString directory = QUrl(url).toLocalFile();
    if (directory.isEmpty() || !QDir::isAbsolutePath(directory))
        return StorageError{StorageError::Kind::InvalidArgument,
                            u"The batch-file sink %1 names no absolute folder; write it as "
                            "file:///path/to/folder."_s.arg(displayUrl(url))};
    return QUrl::fromLocalFile(directory).toString();
}

QString batchFolderOf(const QString &url)
{
    return QUrl(url).toLocalFile();
}

// file:///DIR: batch files, with their books in the database.
IngestSinkOpening openBatchFileSink(const IngestSinkSettings &settings)
{
    if (auto checked = checkBatchFolderUrl(settings.url); !checked)
        return failed(checked.error().message);
    const QString directory = batchFolderOf(settings.url);
    bool retry = false;
    auto database = openDatabase(settings, &retry);
    if (!database)
        return failed(database.error().message, retry);
    auto file = FileIngestSink::open(directory, (*database)->db(), settings.maxPayloadBytes);
    if (!file)
        return failed(file.error().message, file.error().kind == StorageError::Kind::Locked ||
                                                file.error().kind == StorageError::Kind::Io);
    const QString notice = (*file)->recovery().message;
    return IngestSinkOpening{
        std::make_unique<OwningSink>(std::move(database).value(), std::move(file).value()),
        {},
        false,
        notice};
}

// The part of a URL before its first ':', as DatabaseUrl reads it: trimmed, any case.
QString schemeOf(const QString &url)
{
    return url.trimmed().section(u':', 0, 0).toLower();
}

} // namespace

namespace {

QList<IngestSinkKind> &registeredKinds()
{
    static QList<IngestSinkKind> kinds{
        {{u"sqlite"_s},
         u"sqlite:PATH"_s,
         u"a SQLite database"_s,
         false,
         checkDatabaseUrl,
         {},
         openDatabaseSink},
        {{u"postgresql"_s, u"postgres"_s},
         u"postgresql://user@host:port/db"_s,
         u"a PostgreSQL database"_s,
         false,
         checkDatabaseUrl,
         {},
         openDatabaseSink},
        {{u"file"_s},
         u"file:///absolute/folder"_s,
         u"batch files"_s,
         true,
         checkBatchFolderUrl,
         batchFolderOf,
         openBatchFileSink},
    };
    return kinds;
}

} // namespace

const QList<IngestSinkKind> &ingestSinkKinds()
{
    return registeredKinds();
}

bool addIngestSinkKind(IngestSinkKind kind)
{
    if (kind.schemes.isEmpty() || !kind.check || !kind.open)
        return false;
    for (const QString &scheme : std::as_const(kind.schemes)) {
        if (scheme != scheme.toLower() || ingestSinkKindOf(scheme + u':'))
            return false;
    }
    registeredKinds().append(std::move(kind));
    return true;
}

const IngestSinkKind *ingestSinkKindOf(const QString &url)
{
    const QString scheme = schemeOf(url);
    for (const IngestSinkKind &kind : ingestSinkKinds()) {
        if (kind.schemes.contains(scheme))
            return &kind;
    }
    return nullptr;
}

Result<QString> checkIngestSinkUrl(const QString &url)
{
    if (const IngestSinkKind *kind = ingestSinkKindOf(url))
        return kind->check(url);
    // What the database URL's parser says of it names the schemes it takes.
    auto parsed = DatabaseUrl::parse(url);
    return StorageError{
        StorageError::Kind::InvalidArgument,
        parsed ? u"There is no sink for %1; sinks are %2."_s.arg(displayUrl(url), ingestSinkForms())
               : parsed.error().message};
}

QString ingestSinkForms(bool booksElsewhereOnly)
{
    QStringList forms;
    for (const IngestSinkKind &kind : ingestSinkKinds()) {
        if (!booksElsewhereOnly || kind.booksElsewhere)
            forms << u"%1 (%2)"_s.arg(kind.form, kind.what);
    }
    if (forms.size() < 2)
        return forms.join(QString());
    const QString last = forms.takeLast();
    return forms.join(u", "_s) + (forms.size() > 1 ? u", or "_s : u" or "_s) + last;
}

bool ingestSinkKeepsBooksElsewhere(const QString &url)
{
    const IngestSinkKind *kind = ingestSinkKindOf(url);
    return kind && kind->booksElsewhere;
}

QString ingestSinkBatchFolder(const QString &url)
{
    const IngestSinkKind *kind = ingestSinkKindOf(url);
    return kind && kind->batchFolder ? kind->batchFolder(url) : QString();
}

IngestSinkOpening openIngestSink(const IngestSinkSettings &settings)
{
    if (const IngestSinkKind *kind = ingestSinkKindOf(settings.url))
        return kind->open(settings);
    return failed(checkIngestSinkUrl(settings.url).error().message);
}

Result<DatabaseUrl> ingestSinkDatabase(const IngestSinkSettings &settings)
{
    return DatabaseUrl::parse(ingestSinkKeepsBooksElsewhere(settings.url) ? settings.databaseUrl
                                                                          : settings.url);
}

QString ingestSinkDisplayName(const QString &url)
{
    if (const auto database = DatabaseUrl::parse(url))
        return database->toDisplayString();
    return displayUrl(url);
}

} // namespace porthole
