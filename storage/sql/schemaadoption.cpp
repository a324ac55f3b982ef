#include "schemaadoption.h"

#include "sqlerror.h"
#include "sqlscript.h"

#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <functional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct CatalogColumn
{
    QString name;
    QString type; // PostgreSQL: format_type(); SQLite: the declared type
    bool notNull = false;
};

// The objects of the database's schema (PostgreSQL: the current schema), by name.
struct Catalog
{
    bool sqlite = false;
    QHash<QString, QString> relations; // name -> "table" or "view"
    QHash<QString, QList<CatalogColumn>> columns;
    QHash<QString, QString> indexes; // name -> table
    QSet<QString> triggers;          // "table.trigger"
    QSet<QString> functions;
};

Status readRows(const QSqlDatabase &db, const QString &sql,
                const std::function<void(const QSqlQuery &)> &row)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return sqlError(query.lastError(), u"Reading the database's schema"_s);
    while (query.next())
        row(query);
    return success();
}

Result<Catalog> readCatalog(const QSqlDatabase &db)
{
    Catalog catalog;
    catalog.sqlite = db.driverName() == u"QSQLITE"_s;
    const auto relation = [&](const QSqlQuery &q) {
        catalog.relations.insert(q.value(0).toString(), q.value(1).toString());
    };
    const auto column = [&](const QSqlQuery &q) {
        catalog.columns[q.value(0).toString()].append(
            {q.value(1).toString(), q.value(2).toString(), q.value(3).toBool()});
    };
    const auto index = [&](const QSqlQuery &q) {
        catalog.indexes.insert(q.value(0).toString(), q.value(1).toString());
    };
    const auto trigger = [&](const QSqlQuery &q) {
        catalog.triggers.insert(q.value(1).toString() + u'.' + q.value(0).toString());
    };
    const auto function = [&](const QSqlQuery &q) {
        catalog.functions.insert(q.value(0).toString());
    };
    Status read = success();
    if (catalog.sqlite) {
        read = readRows(db,
                        u"SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"_s,
                        relation);
        if (read)
            read = readRows(db,
                            u"SELECT m.name, p.name, p.type, p.\"notnull\" FROM sqlite_master m, "
                            "pragma_table_info(m.name) p WHERE m.type IN ('table', 'view') "
                            "ORDER BY m.name, p.cid"_s,
                            column);
        if (read)
            read = readRows(db, u"SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"_s,
                            index);
        if (read)
            read = readRows(
                db, u"SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"_s, trigger);
    } else {
        const QString here = u"current_schema()::regnamespace"_s;
        read = readRows(db,
                        u"SELECT relname, CASE WHEN relkind IN ('v', 'm') THEN 'view' "
                        "ELSE 'table' END FROM pg_class WHERE relnamespace = %1 "
                        "AND relkind IN ('r', 'p', 'f', 'v', 'm')"_s.arg(here),
                        relation);
        if (read)
            read =
                readRows(db,
                         u"SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
                         "a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                         "WHERE c.relnamespace = %1 AND c.relkind IN ('r', 'p', 'f', 'v', 'm') "
                         "AND a.attnum > 0 AND NOT a.attisdropped "
                         "ORDER BY c.relname, a.attnum"_s.arg(here),
                         column);
        if (read)
            read = readRows(db,
                            u"SELECT indexname, tablename FROM pg_indexes "
                            "WHERE schemaname = current_schema()"_s,
                            index);
        if (read)
            read = readRows(db,
                            u"SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c "
                            "ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
                            "AND c.relnamespace = %1"_s.arg(here),
                            trigger);
        if (read)
            read = readRows(db, u"SELECT proname FROM pg_proc WHERE pronamespace = %1"_s.arg(here),
                            function);
    }
    if (!read)
        return read.error();
    return catalog;
}

// What a statement of a migration makes or removes.
struct SchemaObject
{
    enum class Kind
    {
        Table,
        Index,
        Trigger,
        View,
        Function,
        Other,
    };
    Kind kind = Kind::Other;
    QString name;
    QString table; // indexes and triggers
    bool drops = false;
};

QString withoutLeadingComments(const QString &statement)
{
    QString text = statement.trimmed();
    while (text.startsWith(u"--"_s)) {
        const qsizetype end = text.indexOf(u'\n');
        text = end < 0 ? QString() : text.mid(end + 1).trimmed();
    }
    return text;
}

SchemaObject classify(const QString &statement)
{
    using Kind = SchemaObject::Kind;
    static const QRegularExpression::PatternOptions options =
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption;
    static const QRegularExpression table(
        u"^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s*\\("_s, options);
    static const QRegularExpression index(
        u"^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s+ON\\s+(\\w+)"_s,
        options);
    static const QRegularExpression trigger(u"^CREATE\\s+TRIGGER\\s+(\\w+)\\s.*?\\sON\\s+(\\w+)"_s,
                                            options);
    static const QRegularExpression view(u"^CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(\\w+)"_s,
                                         options);
    static const QRegularExpression function(
        u"^CREATE\\s+(?:OR\\s+REPLACE\\s+)?FUNCTION\\s+(\\w+)\\s*\\("_s, options);
    static const QRegularExpression drop(
        u"^DROP\\s+(TABLE|VIEW|INDEX)\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)"_s, options);

    const QString text = withoutLeadingComments(statement);
    if (auto m = table.match(text); m.hasMatch())
        return {Kind::Table, m.captured(1), m.captured(1)};
    if (auto m = index.match(text); m.hasMatch())
        return {Kind::Index, m.captured(1), m.captured(2)};
    if (auto m = trigger.match(text); m.hasMatch())
        return {Kind::Trigger, m.captured(1), m.captured(2)};
    if (auto m = view.match(text); m.hasMatch())
        return {Kind::View, m.captured(1), {}};
    if (auto m = function.match(text); m.hasMatch())
        return {Kind::Function, m.captured(1), {}};
    if (auto m = drop.match(text); m.hasMatch()) {
        const QString what = m.captured(1).toLower();
        return {what == u"index"_s  ? Kind::Index
                : what == u"view"_s ? Kind::View
                                    : Kind::Table,
                m.captured(2),
                {},
                true};
    }
    return {};
}

// A column as a CREATE TABLE statement of Porthole's migrations defines it.
struct ColumnDefinition
{
    QString name;
    QString type;
    QString text; // the whole definition, as ALTER TABLE ... ADD COLUMN takes it
    bool notNull = false;
    bool hasDefault = false;
    bool primaryKey = false;
};

// The comma-separated parts of a CREATE TABLE's body, outside parentheses and quotes.
QStringList tableBodyParts(const QString &createTable)
{
    const QString statement = withoutLeadingComments(createTable);
    const qsizetype open = statement.indexOf(u'(');
    const qsizetype close = statement.lastIndexOf(u')');
    QStringList parts;
    if (open < 0 || close <= open)
        return parts;
    int depth = 0;
    QChar quote;
    QString part;
    for (qsizetype i = open + 1; i < close; ++i) {
        const QChar c = statement.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == u'-' && statement.mid(i, 2) == u"--"_s) {
            // A comment, to the end of its line: its words are not the table's.
            while (i + 1 < close && statement.at(i + 1) != u'\n')
                ++i;
            continue;
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'(') {
            ++depth;
        } else if (c == u')') {
            --depth;
        } else if (c == u',' && depth == 0) {
            parts.append(part.trimmed());
            part.clear();
            continue;
        }
        part.append(c);
    }
    parts.append(part.trimmed());
    return parts;
}

QList<ColumnDefinition> columnsOf(const QString &createTable)
{
    static const QRegularExpression constraint(
        u"^(CONSTRAINT|UNIQUE|PRIMARY|CHECK|FOREIGN|EXCLUDE)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression typeEnd(
        u"\\s(PRIMARY|NOT|NULL|DEFAULT|CHECK|UNIQUE|REFERENCES|CONSTRAINT|GENERATED|COLLATE)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    QList<ColumnDefinition> columns;
    for (QString part : tableBodyParts(createTable)) {
        // A comment after the comma belongs to the next part's first line.
        part = withoutLeadingComments(part);
        if (part.isEmpty() || constraint.match(part).hasMatch())
            continue;
        ColumnDefinition column;
        column.text = part;
        const qsizetype space = part.indexOf(QRegularExpression(u"\\s"_s));
        column.name = part.left(space);
        const QString rest = space < 0 ? QString() : part.mid(space);
        const auto end = typeEnd.match(rest);
        column.type = (end.hasMatch() ? rest.left(end.capturedStart()) : rest).simplified();
        const QString upper = rest.toUpper();
        column.primaryKey = upper.contains(u"PRIMARY KEY"_s);
        column.notNull = upper.contains(u"NOT NULL"_s) || column.primaryKey;
        column.hasDefault = upper.contains(u"DEFAULT"_s);
        columns.append(column);
    }
    return columns;
}

// The column definition without its DEFAULT clause: SQLite cannot add a column whose default
// is an expression.
QString withoutDefault(const QString &definition)
{
    static const QRegularExpression keyword(u"\\sDEFAULT\\s*"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    const auto match = keyword.match(definition);
    if (!match.hasMatch())
        return definition;
    qsizetype end = match.capturedEnd();
    if (end < definition.size() && definition.at(end) == u'(') {
        int depth = 0;
        for (; end < definition.size(); ++end) {
            depth += definition.at(end) == u'(' ? 1 : definition.at(end) == u')' ? -1 : 0;
            if (depth == 0) {
                ++end;
                break;
            }
        }
    } else {
        while (end < definition.size() && !definition.at(end).isSpace())
            ++end;
    }
    return QString(definition.left(match.capturedStart()) + definition.mid(end)).simplified();
}

bool expressionDefault(const QString &definition)
{
    static const QRegularExpression pattern(u"\\sDEFAULT\\s*\\("_s,
                                            QRegularExpression::CaseInsensitiveOption);
    return pattern.match(definition).hasMatch();
}

// SQLite's type affinity of a declared type (section 3.1 of its datatype documentation).
QString sqliteAffinity(const QString &declared)
{
    const QString type = declared.toUpper();
    if (type.contains(u"INT"_s))
        return u"INTEGER"_s;
    if (type.contains(u"CHAR"_s) || type.contains(u"CLOB"_s) || type.contains(u"TEXT"_s))
        return u"TEXT"_s;
    if (type.isEmpty() || type.contains(u"BLOB"_s))
        return u"BLOB"_s;
    if (type.contains(u"REAL"_s) || type.contains(u"FLOA"_s) || type.contains(u"DOUB"_s))
        return u"REAL"_s;
    return u"NUMERIC"_s;
}

// A PostgreSQL type as format_type() spells it.
QString postgresType(const QString &declared)
{
    QString type = declared.toLower().simplified();
    static const QHash<QString, QString> aliases{
        {u"bigserial"_s, u"bigint"_s}, {u"serial"_s, u"integer"_s},
        {u"int"_s, u"integer"_s},      {u"int4"_s, u"integer"_s},
        {u"int8"_s, u"bigint"_s},      {u"float8"_s, u"double precision"_s},
        {u"bool"_s, u"boolean"_s},     {u"timestamptz"_s, u"timestamp with time zone"_s},
    };
    if (type.startsWith(u"varchar"_s))
        type.replace(0, 7, u"character varying"_s);
    type.replace(u"varying ("_s, u"varying("_s);
    return aliases.value(type, type);
}

// Whether a column of type `have` holds what Porthole keeps in a column of type `need`.
bool typeFits(bool sqlite, const QString &have, const QString &need)
{
    if (sqlite)
        return sqliteAffinity(have) == sqliteAffinity(need);
    const QString wanted = postgresType(need);
    if (have == wanted)
        return true;
    static const QRegularExpression varchar(u"^character varying(?:\\((\\d+)\\))?$"_s);
    const auto haveVarchar = varchar.match(have);
    const auto needVarchar = varchar.match(wanted);
    if (needVarchar.hasMatch() && (have == u"text"_s || haveVarchar.hasMatch())) {
        // Longer, or unbounded, holds it too.
        return !haveVarchar.hasMatch() || haveVarchar.captured(1).isEmpty() ||
               haveVarchar.captured(1).toInt() >= needVarchar.captured(1).toInt();
    }
    return false;
}

class Planner
{
public:
    explicit Planner(Catalog catalog)
        : m_catalog(std::move(catalog))
    {
        for (auto it = m_catalog.relations.cbegin(); it != m_catalog.relations.cend(); ++it)
            m_names.insert(it.key());
        for (auto it = m_catalog.indexes.cbegin(); it != m_catalog.indexes.cend(); ++it)
            m_names.insert(it.key());
    }

    void adopt(const Migration &migration);
    void checkLater(const Migration &migration);
    AdoptionPlan finish(const QSet<QString> &portholeTables);

private:
    void adoptTable(const SchemaObject &object, const QString &statement, const QString &why);
    void run(const QString &statement, const QString &reason)
    {
        m_plan.steps.append({statement, reason});
    }

    // The pipeline's object `name` of `kind` (on `table`, or none) stays as it is.
    void keep(const QString &table, const QString &kind, const QString &name)
    {
        m_kept[table].append(u"%1 %2"_s.arg(kind, name));
    }

    Catalog m_catalog;
    QMap<QString, QStringList> m_kept; // by table ("" for functions and views)
    QSet<QString> m_names; // tables, views and indexes there before the run, or made by it
    QSet<QString> m_seedTables;
    AdoptionPlan m_plan;
};

void Planner::adopt(const Migration &migration)
{
    using Kind = SchemaObject::Kind;
    const QString why = u"migration %1 (%2)"_s.arg(migration.version).arg(migration.name);
    for (const QString &statement : splitSqlStatements(migration.up)) {
        const SchemaObject object = classify(statement);
        switch (object.kind) {
        case Kind::Table:
            m_seedTables.insert(object.name);
            adoptTable(object, statement, why);
            break;
        case Kind::Index:
            if (!m_catalog.indexes.contains(object.name)) {
                run(statement, u"%1: index %2 on %3"_s.arg(why, object.name, object.table));
            } else if (m_catalog.indexes.value(object.name) != object.table) {
                m_plan.refusals.append(
                    u"index %1 is on table %2 here; Porthole needs an index "
                    "of that name on %3."_s.arg(object.name, m_catalog.indexes.value(object.name),
                                                object.table));
            } else {
                keep(object.table, u"index"_s, object.name);
            }
            break;
        case Kind::Trigger:
            if (m_catalog.triggers.contains(object.table + u'.' + object.name))
                keep(object.table, u"trigger"_s, object.name);
            else
                run(statement, u"%1: trigger %2 on %3"_s.arg(why, object.name, object.table));
            break;
        case Kind::Function:
            if (m_catalog.functions.contains(object.name))
                keep({}, u"function"_s, object.name);
            else
                run(statement, u"%1: function %2"_s.arg(why, object.name));
            break;
        case Kind::View:
            if (m_catalog.relations.contains(object.name))
                keep({}, u"view"_s, object.name);
            else
                run(statement, u"%1: view %2"_s.arg(why, object.name));
            break;
        case Kind::Other:
            run(statement, u"%1: set-up that finds what is there already"_s.arg(why));
            break;
        }
        if (!object.name.isEmpty() && object.kind != Kind::Trigger && object.kind != Kind::Function)
            m_names.insert(object.name);
    }
}

void Planner::adoptTable(const SchemaObject &object, const QString &statement, const QString &why)
{
    const QString &table = object.name;
    if (!m_catalog.relations.contains(table)) {
        run(statement, u"%1: table %2, which this database does not have"_s.arg(why, table));
        return;
    }
    if (m_catalog.relations.value(table) != u"table"_s) {
        m_plan.refusals.append(
            u"%1 is a view here; Porthole needs a table of that name."_s.arg(table));
        return;
    }
    const QList<CatalogColumn> &have = m_catalog.columns.value(table);
    QHash<QString, CatalogColumn> byName;
    for (const CatalogColumn &column : have)
        byName.insert(column.name.toLower(), column);
    QStringList added;
    for (const ColumnDefinition &need : columnsOf(statement)) {
        const auto found = byName.constFind(need.name.toLower());
        if (found != byName.cend()) {
            if (!typeFits(m_catalog.sqlite, found->type, need.type))
                m_plan.refusals.append(
                    u"table %1, column %2: it is %3 here; Porthole needs %4."_s.arg(
                        table, need.name, found->type.isEmpty() ? u"untyped"_s : found->type,
                        m_catalog.sqlite ? sqliteAffinity(need.type) : postgresType(need.type)));
            continue;
        }
        if (need.primaryKey || (need.notNull && !need.hasDefault)) {
            m_plan.refusals.append(
                u"table %1, column %2: missing; Porthole needs it (%3, NOT NULL without a "
                "default), and cannot fill it for the rows there."_s.arg(table, need.name,
                                                                         need.type));
            continue;
        }
        QString definition = need.text;
        QString note;
        if (m_catalog.sqlite && expressionDefault(definition)) {
            if (need.notNull) {
                m_plan.refusals.append(
                    u"table %1, column %2: missing; SQLite cannot add it (NOT NULL with a "
                    "computed default)."_s.arg(table, need.name));
                continue;
            }
            definition = withoutDefault(definition);
            note = u"; without its computed default, which SQLite cannot add"_s;
        }
        run(u"ALTER TABLE %1 ADD COLUMN %2"_s.arg(table, definition),
            u"%1: table %2 lacks column %3%4"_s.arg(why, table, need.name, note));
        added.append(need.name);
    }
    m_plan.tables.append(table);
    m_plan.found.append(
        added.isEmpty() ? u"%1: %2 columns, as Porthole needs them"_s.arg(table).arg(have.size())
                        : u"%1: %2 columns; %3 added (%4)"_s.arg(table)
                              .arg(have.size())
                              .arg(added.size())
                              .arg(added.join(u", "_s)));
}

void Planner::checkLater(const Migration &migration)
{
    using Kind = SchemaObject::Kind;
    for (const QString &statement : splitSqlStatements(migration.up)) {
        const SchemaObject object = classify(statement);
        if (object.kind != Kind::Table && object.kind != Kind::View && object.kind != Kind::Index)
            continue;
        if (object.drops) {
            m_names.remove(object.name);
            continue;
        }
        if (m_names.contains(object.name) && !m_seedTables.contains(object.name))
            m_plan.refusals.append(
                u"%1 %2 is already there; Porthole's migration %3 (%4) makes one of that name."_s
                    .arg(m_catalog.relations.value(object.name, u"index"_s), object.name)
                    .arg(migration.version)
                    .arg(migration.name));
        m_names.insert(object.name);
    }
}

AdoptionPlan Planner::finish(const QSet<QString> &portholeTables)
{
    QStringList others;
    QStringList otherNames;
    for (auto it = m_catalog.relations.cbegin(); it != m_catalog.relations.cend(); ++it) {
        if (!m_seedTables.contains(it.key()) && !portholeTables.contains(it.key()) &&
            it.key() != u"schema_version"_s) {
            others.append(u"%1 %2"_s.arg(it.value(), it.key()));
            otherNames.append(it.key());
        }
    }
    others.sort();
    otherNames.sort();
    m_plan.others = others;
    for (auto it = m_kept.cbegin(); it != m_kept.cend(); ++it)
        m_plan.kept.append(it.key().isEmpty() ? it->join(u", "_s)
                                              : u"on %1: %2"_s.arg(it.key(), it->join(u", "_s)));
    m_plan.found.sort();
    m_plan.tables.sort();
    m_plan.tables += otherNames;
    return m_plan;
}

} // namespace

Result<AdoptionPlan> planAdoption(const QSqlDatabase &db, const QList<Migration> &migrations,
                                  int goal)
{
    auto catalog = readCatalog(db);
    if (!catalog)
        return catalog.error();
    Planner planner(*catalog);
    QSet<QString> portholeTables;
    for (const Migration &migration : migrations) {
        if (migration.version <= std::min(goal, seedMigrationCount))
            planner.adopt(migration);
        else if (migration.version <= goal)
            planner.checkLater(migration);
        for (const QString &statement : splitSqlStatements(migration.up)) {
            if (const SchemaObject object = classify(statement);
                object.kind == SchemaObject::Kind::Table || object.kind == SchemaObject::Kind::View)
                portholeTables.insert(object.name);
        }
    }
    return planner.finish(portholeTables);
}

} // namespace porthole
