#include "commandline.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Action = ParsedCommandLine::Action;

class tst_CommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void guiOptions();
    void defaultsAreEmpty();
    void textActions_data();
    void textActions();
    void failures_data();
    void failures();
    void subcommandGetsTheRest();

private:
    const QStringList m_panes{u"overview"_s, u"batches"_s};
};

void tst_CommandLine::guiOptions()
{
    const auto parsed = parseCommandLine(
        {u"porthole"_s, u"--data-dir"_s, u"/srv/p"_s, u"--db"_s, u"postgresql://ops@db/pipeline"_s,
         u"--files"_s, u"/srv/f"_s, u"--redis"_s, u"redis://127.0.0.1:7000"_s, u"--pane"_s,
         u"batches"_s, u"--view"_s, u" night shift "_s, u"--ingest"_s, u"orders"_s,
         u"--read-only"_s},
        {}, m_panes);
    QCOMPARE(parsed.action, Action::RunGui);
    QCOMPARE(parsed.gui.dataDirectory, u"/srv/p"_s);
    QVERIFY(parsed.gui.database.has_value());
    QCOMPARE(parsed.gui.database->databaseName(), u"pipeline"_s);
    QCOMPARE(parsed.gui.batchDirectory, u"/srv/f"_s);
    QVERIFY(parsed.gui.redis.has_value());
    QCOMPARE(parsed.gui.redis->port(), 7000);
    QCOMPARE(parsed.gui.pane, u"batches"_s);
    QCOMPARE(parsed.gui.view, u"night shift"_s);
    QCOMPARE(parsed.gui.ingestKey, u"orders"_s);
    QVERIFY(parsed.gui.readOnly);
}

void tst_CommandLine::defaultsAreEmpty()
{
    const auto parsed = parseCommandLine({u"porthole"_s}, {}, m_panes);
    QCOMPARE(parsed.action, Action::RunGui);
    QVERIFY(parsed.gui.dataDirectory.isEmpty());
    QVERIFY(!parsed.gui.database.has_value());
    QVERIFY(!parsed.gui.redis.has_value());
    QVERIFY(parsed.gui.pane.isEmpty());
    QVERIFY(parsed.gui.view.isEmpty());
    QVERIFY(!parsed.gui.readOnly);
}

void tst_CommandLine::textActions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("contains");
    QTest::newRow("--help") << QStringList{u"porthole"_s, u"--help"_s} << u"--data-dir <dir>"_s;
    QTest::newRow("-h") << QStringList{u"porthole"_s, u"-h"_s} << u"operator console"_s;
    QTest::newRow("--version") << QStringList{u"porthole"_s, u"--version"_s} << u"porthole 0."_s;
    QTest::newRow("help wins over bad values")
        << QStringList{u"porthole"_s, u"--db"_s, u"x"_s, u"--help"_s} << u"Usage:"_s;
}

void tst_CommandLine::textActions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, contains);
    const auto parsed = parseCommandLine(arguments, {}, m_panes);
    QCOMPARE(parsed.action, Action::ShowText);
    QCOMPARE(parsed.exitCode, 0);
    QVERIFY2(parsed.text.contains(contains), qPrintable(parsed.text));
}

void tst_CommandLine::failures_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("contains");
    QTest::newRow("unknown option")
        << QStringList{u"porthole"_s, u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("unknown command") << QStringList{u"porthole"_s, u"frobnicate"_s}
                                     << u"'frobnicate' is not a porthole command"_s;
    QTest::newRow("bad db url") << QStringList{u"porthole"_s, u"--db"_s, u"mysql://x/y"_s}
                                << u"Not a database URL"_s;
    QTest::newRow("bad redis url")
        << QStringList{u"porthole"_s, u"--redis"_s, u"localhost"_s} << u"Not a Redis URL"_s;
    QTest::newRow("unknown pane")
        << QStringList{u"porthole"_s, u"--pane"_s, u"charts"_s}
        << u"there is no pane 'charts'; choose one of overview, batches"_s;
    QTest::newRow("view without pane")
        << QStringList{u"porthole"_s, u"--view"_s, u"failing"_s} << u"--view needs --pane"_s;
    QTest::newRow("empty view") << QStringList{u"porthole"_s, u"--pane"_s, u"overview"_s,
                                               u"--view"_s, u" "_s}
                                << u"--view needs the name of a saved view"_s;
    QTest::newRow("missing value") << QStringList{u"porthole"_s, u"--db"_s} << u"Missing value"_s;
    QTest::newRow("ingest without redis")
        << QStringList{u"porthole"_s, u"--ingest"_s, u"orders"_s} << u"--ingest needs --redis"_s;
    QTest::newRow("stray argument")
        << QStringList{u"porthole"_s, u"--pane"_s, u"overview"_s, u"x"_s}
        << u"unexpected argument 'x'"_s;
}

void tst_CommandLine::failures()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, contains);
    const auto parsed = parseCommandLine(arguments, {}, m_panes);
    QCOMPARE(parsed.action, Action::Fail);
    QCOMPARE(parsed.exitCode, 2);
    QVERIFY2(parsed.text.contains(contains), qPrintable(parsed.text));
    QVERIFY(parsed.text.contains(u"Try 'porthole --help'"_s));
}

void tst_CommandLine::subcommandGetsTheRest()
{
    QStringList received;
    const QList<Subcommand> commands{
        {u"migrate"_s, u"Migrate a database"_s, [&received](const QStringList &args) {
             received = args;
             return 7;
         }}};
    const auto parsed = parseCommandLine(
        {u"porthole"_s, u"migrate"_s, u"--db"_s, u"sqlite:x.db"_s, u"up"_s}, commands, m_panes);
    QCOMPARE(parsed.action, Action::RunSubcommand);
    QVERIFY(parsed.subcommand);
    QCOMPARE(parsed.subcommand->run(parsed.subcommandArguments), 7);
    QCOMPARE(received, (QStringList{u"porthole migrate"_s, u"--db"_s, u"sqlite:x.db"_s, u"up"_s}));

    const auto help = parseCommandLine({u"porthole"_s, u"--help"_s}, commands, m_panes);
    QVERIFY2(help.text.contains(u"migrate"_s) && help.text.contains(u"Migrate a database"_s),
             qPrintable(help.text));
    QVERIFY2(help.text.startsWith(u"Usage: porthole [options] [command]\n"_s),
             qPrintable(help.text));
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
