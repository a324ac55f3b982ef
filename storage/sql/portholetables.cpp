#include "portholetables.h"

#include "migrationrunner.h"
#include "sqlscript.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QSet<QString> readNames()
{
    static const QRegularExpression created(
        u"^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:MATERIALIZED\\s+)?(?:TABLE|VIEW)\\s+"
        "(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?([A-Za-z_][A-Za-z0-9_]*)"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression comment(u"--[^\n]*|/\\*.*?\\*/"_s,
                                            QRegularExpression::DotMatchesEverythingOption);
    QSet<QString> seeds;
    QSet<QString> later{u"schema_version"_s};
    for (const auto engine : {DatabaseUrl::Engine::SQLite, DatabaseUrl::Engine::PostgreSQL}) {
        const auto migrations = MigrationRunner::builtin(engine);
        if (!migrations)
            continue;
        for (const Migration &migration : *migrations)
            for (const QString &statement : splitSqlStatements(migration.up))
                if (const auto match = created.match(QString(statement).remove(comment));
                    match.hasMatch())
                    (migration.version <= seedMigrationCount ? seeds : later)
                        .insert(match.captured(1).toLower());
    }
    // A seed's view made again later (dead_letter_queue) stays the pipeline's.
    return later - seeds;
}

} // namespace

QString indexedTableOf(const QString &name)
{
    const QString search = u"port_messages_search"_s;
    const QString lower = name.toLower();
    return lower == search || lower.startsWith(search + u'_') ? u"port_messages"_s : QString();
}

const QSet<QString> &portholeTableNames()
{
    static const QSet<QString> names = readNames();
    return names;
}

} // namespace porthole
