#include "panecatalog.h"

#include <QCoreApplication>
#include <QHash>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct Needs
{
    QStringList allOf;  // every one of these tables
    bool anyOf = false; // or, when set: one of them is enough
};

// The tables each pane reads, by pane id.
const QHash<QString, Needs> &needs()
{
    static const QHash<QString, Needs> table{
        {u"messages"_s, {{u"messages"_s}}},
        {u"checkpoints"_s, {{u"checkpoints"_s}}},
        {u"queues"_s, {{u"port_messages"_s}}},
        {u"deadletters"_s, {{u"port_messages"_s}}},
        {u"metrics"_s, {{u"component_metrics"_s, u"port_metrics"_s, u"metrics"_s}, true}},
        {u"audit"_s, {{u"audit_log"_s}}},
        {u"componentstate"_s, {{u"component_state"_s}}},
        {u"sinkstorage"_s, {{u"sink_storage"_s}}},
        {u"healthhistory"_s, {{u"system_health"_s}}},
        {u"sensorevents"_s, {{u"processed_events"_s, u"metrics"_s}}},
    };
    return table;
}

// Porthole's own tables, which only its migrations make (the rest are the pipeline's).
bool portholeOwn(const QString &table)
{
    return table == u"messages"_s || table == u"audit_log"_s;
}

} // namespace

QStringList paneIds()
{
    return {u"overview"_s,     u"batches"_s,        u"messages"_s,    u"checkpoints"_s,
            u"queues"_s,       u"deadletters"_s,    u"metrics"_s,     u"ingest"_s,
            u"audit"_s,        u"componentstate"_s, u"sinkstorage"_s, u"healthhistory"_s,
            u"sensorevents"_s, u"tables"_s};
}

QString missingTablesReason(const QString &paneId, const QStringList &tables)
{
    const auto found = needs().constFind(paneId);
    if (found == needs().constEnd())
        return {};
    const auto has = [&tables](const QString &table) {
        return tables.contains(table, Qt::CaseInsensitive);
    };
    QStringList missing;
    for (const QString &table : found->allOf) {
        if (!has(table))
            missing << table;
    }
    if (missing.isEmpty() || (found->anyOf && missing.size() < found->allOf.size()))
        return {};
    const QString names =
        missing.join(found->anyOf ? QCoreApplication::translate("PaneNeeds", " or ")
                                  : QCoreApplication::translate("PaneNeeds", " and "));
    if (portholeOwn(missing.constFirst()))
        return QCoreApplication::translate(
                   "PaneNeeds",
                   "This pane reads %1, a table of Porthole's own that this database does not "
                   "have: Porthole creates it when it migrates a database, and a database opened "
                   "read-only is never migrated. Open it without read-only to migrate it, or "
                   "browse the tables it has in the Tables pane.")
            .arg(names);
    return QCoreApplication::translate(
               "PaneNeeds",
               "This pane reads %1, which this database does not have: the pipeline that made it "
               "did not create %2. Its other tables are in the Tables pane.")
        .arg(names, missing.size() == 1 ? QCoreApplication::translate("PaneNeeds", "that table")
                                        : QCoreApplication::translate("PaneNeeds", "those tables"));
}

} // namespace porthole
