#include "pipelinesnapshot.h"

#include "connectionfactory.h"
#include "fallbacktable.h"
#include "portmessagerepository.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

Status readInto(PipelineSnapshot &snapshot, const QSqlDatabase &db, const QDateTime &now,
                std::chrono::milliseconds staleAfter, qint64 exactUpTo)
{
    for (const QString &table : {u"system_health"_s, u"port_messages"_s}) {
        if (!hasTable(db, table))
            snapshot.missingTables << table;
    }
    if (tableNames(db).isEmpty())
        return StorageError{StorageError::Kind::SchemaTooOld,
                            u"The database holds no tables yet: run porthole migrate --db URL up, "
                            "or open the pipeline's database."_s};
    if (!snapshot.missingTables.contains(u"system_health"_s)) {
        auto components = HealthRepository(db).latest(now, staleAfter);
        if (!components)
            return components.error();
        snapshot.components = std::move(components).value();
    }
    if (snapshot.missingTables.contains(u"port_messages"_s))
        return success();

    const PortMessageRepository messages(db);
    for (const QString &status : PortMessageRepository::statuses()) {
        PortMessageFilter filter;
        filter.statuses = {status};
        auto count = messages.count(filter, exactUpTo);
        if (!count)
            return count.error();
        snapshot.portMessages.append({status, *count});
    }
    PortMessageFilter deadLetters;
    deadLetters.deadLettersOnly = true;
    auto count = messages.count(deadLetters, exactUpTo);
    if (!count)
        return count.error();
    snapshot.deadLetters = *count;
    if (count->value > 0) {
        PortMessageFilter recent = deadLetters;
        recent.from = now.addSecs(-3600);
        auto fresh = messages.count(recent, exactUpTo);
        if (!fresh)
            return fresh.error();
        snapshot.newDeadLetters = *fresh;
        PageRequest oldest;
        oldest.limit = 1;
        oldest.sortColumn = u"created_at"_s;
        auto page = messages.page(deadLetters, oldest);
        if (!page)
            return page.error();
        if (!page->rows.isEmpty())
            snapshot.oldestDeadLetter = page->rows.constFirst().createdAt;
    }
    return success();
}

} // namespace

PipelineSnapshot readPipelineSnapshot(const DatabaseUrl &url, const QDateTime &now,
                                      std::chrono::milliseconds staleAfter, qint64 exactUpTo,
                                      const ConnectionSettings &settings)
{
    PipelineSnapshot snapshot;
    snapshot.readAt = now;
    if (url.isSqlite() && !QFileInfo::exists(url.filePath())) {
        snapshot.problem = u"No database file yet."_s;
        return snapshot;
    }
    const ConnectionFactory factory(url, settings);
    const QString purpose = u"overview"_s;
    {
        auto db = factory.open(purpose);
        if (!db)
            snapshot.problem = db.errorMessage();
        else
            snapshot = readPipelineSnapshot(*db, now, staleAfter, exactUpTo);
    }
    factory.close(purpose);
    return snapshot;
}

PipelineSnapshot readPipelineSnapshot(const QSqlDatabase &db, const QDateTime &now,
                                      std::chrono::milliseconds staleAfter, qint64 exactUpTo)
{
    PipelineSnapshot snapshot;
    snapshot.readAt = now;
    if (Status read = readInto(snapshot, db, now, staleAfter, exactUpTo); !read) {
        snapshot = PipelineSnapshot{}; // nothing half-read
        snapshot.readAt = now;
        snapshot.problem = read.errorMessage();
    }
    return snapshot;
}

} // namespace porthole
