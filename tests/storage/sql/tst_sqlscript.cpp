#include "sqlscript.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_SqlScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data();
    void split();
};

void tst_SqlScript::split_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("statements");

    QTest::newRow("two statements")
        << u"CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);"_s
        << QStringList{u"CREATE TABLE a (x INT)"_s, u"CREATE TABLE b (y INT)"_s};
    QTest::newRow("no final semicolon") << u"SELECT 1"_s << QStringList{u"SELECT 1"_s};
    QTest::newRow("semicolon in string")
        << u"INSERT INTO t VALUES ('a;b', 'it''s;');SELECT 2;"_s
        << QStringList{u"INSERT INTO t VALUES ('a;b', 'it''s;')"_s, u"SELECT 2"_s};
    QTest::newRow("semicolon in identifier")
        << u"SELECT 1 AS \"x;y\";"_s << QStringList{u"SELECT 1 AS \"x;y\""_s};
    QTest::newRow("comments only dropped")
        << u"-- a comment; still\n/* block; */\n;SELECT 3;\n-- end"_s << QStringList{u"SELECT 3"_s};
    QTest::newRow("semicolon in comments")
        << u"SELECT 4 -- not; here\n, 5 /* nor; here */;"_s
        << QStringList{u"SELECT 4 -- not; here\n, 5 /* nor; here */"_s};
    QTest::newRow("dollar quoting")
        << u"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;SELECT 5;"_s
        << QStringList{
               u"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql"_s,
               u"SELECT 5"_s};
    QTest::newRow("tagged dollar quoting")
        << u"DO $body$ BEGIN PERFORM 1; $$ inner $$; END $body$;"_s
        << QStringList{u"DO $body$ BEGIN PERFORM 1; $$ inner $$; END $body$"_s};
    QTest::newRow("positional parameter is not a tag")
        << u"SELECT $1;SELECT 6;"_s << QStringList{u"SELECT $1"_s, u"SELECT 6"_s};
    QTest::newRow("sqlite trigger body")
        << u"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM b; END;\nSELECT 7;"_s
        << QStringList{
               u"CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM b; END"_s,
               u"SELECT 7"_s};
    QTest::newRow("trigger with case")
        << u"create temp trigger t before delete on a begin select case when 1 then raise(abort, 'no;') end; end; select 8"_s
        << QStringList{
               u"create temp trigger t before delete on a begin select case when 1 then raise(abort, 'no;') end; end"_s,
               u"select 8"_s};
    QTest::newRow("pg trigger without body")
        << u"CREATE TRIGGER x BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();SELECT 9;"_s
        << QStringList{u"CREATE TRIGGER x BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()"_s,
                       u"SELECT 9"_s};
    QTest::newRow("empty") << QString() << QStringList{};
}

void tst_SqlScript::split()
{
    QFETCH(QString, script);
    QFETCH(QStringList, statements);
    QCOMPARE(porthole::splitSqlStatements(script), statements);
}

QTEST_GUILESS_MAIN(tst_SqlScript)
#include "tst_sqlscript.moc"
