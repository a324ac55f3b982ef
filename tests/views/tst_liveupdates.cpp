#include "../models/messagetestsupport.h"
#include "../models/pagedtestsupport.h"
#include "changenotifier.h"
#include "messagemodel.h"
#include "messagespane.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

namespace {

// A pane that never polls in the time a test takes: only a change told can bring rows.
PagedTableModel::Options neverPolling()
{
    PagedTableModel::Options options;
    options.refreshIntervalMs = 3600000;
    return options;
}

qint64 newestNumber(const MessagesPane &pane)
{
    const QModelIndex index = pane.model()->index(0, MessageModel::NumberColumn);
    return index.data(PagedTableModel::RowLoadedRole).toBool() ? index.data().toLongLong() : -1;
}

bool waitUntilLive(const ChangeNotifier &notifier)
{
    QSignalSpy state(&notifier, &ChangeNotifier::stateChanged);
    QElapsedTimer waited;
    waited.start();
    while (!notifier.isLive() && waited.elapsed() < 10000)
        state.wait(500);
    return notifier.isLive();
}

// Messages first .. first + count - 1 as test::numberedReceived() makes them, one INSERT and
// so one commit each, in the dialect of `engine`'s command-line client.
QString insertScript(Engine engine, qint64 first, qint64 count)
{
    const bool sqlite = engine == Engine::SQLite;
    // The shell waits for a lock as Porthole does; NORMAL is what WAL needs to stay consistent.
    QString script = sqlite ? u".timeout 5000\nPRAGMA synchronous = NORMAL;\n"_s : QString();
    for (qint64 n = first; n < first + count; ++n) {
        const ReceivedMessage m = test::numberedReceived(n);
        const QString time = m.timestamp.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        script += u"INSERT INTO messages (message_number, content, timestamp, delivery_key, "
                  "source) VALUES (%1, '%2', '%3%4', '%5', '%6');\n"_s.arg(n)
                      .arg(QString::fromUtf8(m.content), time, sqlite ? QString() : u"+00"_s,
                           m.deliveryKey, m.source);
    }
    return script;
}

// Runs `script` in a second process, against the database as another program would: psql on
// PostgreSQL, the sqlite3 shell on SQLite. An empty string when it worked; `exited` is started
// the moment the process is known to have exited.
QString runElsewhere(const DatabaseUrl &url, const QString &script, QElapsedTimer *exited)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString program;
    QStringList arguments;
    if (url.isSqlite()) {
        program = u"sqlite3"_s;
        arguments << u"-bail"_s << url.filePath();
    } else {
        program = u"psql"_s;
        environment.insert(u"PGHOST"_s, url.host());
        environment.insert(u"PGPORT"_s, QString::number(url.port()));
        environment.insert(u"PGUSER"_s, url.userName());
        environment.insert(u"PGDATABASE"_s, url.databaseName());
        environment.insert(u"PGCLIENTENCODING"_s, u"UTF8"_s);
        if (!url.password().isEmpty())
            environment.insert(u"PGPASSWORD"_s, url.password());
        arguments << u"-X"_s << u"-q"_s << u"-v"_s << u"ON_ERROR_STOP=1"_s << u"-f"_s << u"-"_s;
    }
    const QString path = QStandardPaths::findExecutable(program);
    if (path.isEmpty())
        return program + u" is not installed (scripts/install-deps test installs it)"_s;
    QProcess process;
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(path, arguments);
    if (!process.waitForStarted(10000))
        return program + u" did not start: "_s + process.errorString();
    process.write(script.toUtf8());
    process.closeWriteChannel();
    if (!finished.wait(120000)) {
        process.kill();
        process.waitForFinished();
        return program + u" did not finish within two minutes"_s;
    }
    exited->start();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return u"%1 failed (exit code %2): %3"_s.arg(program)
            .arg(process.exitCode())
            .arg(QString::fromUtf8(process.readAllStandardError()));
    return {};
}

void showPane(MessagesPane &pane)
{
    pane.resize(1100, 700);
    pane.show();
    QApplication::setActiveWindow(&pane);
}

} // namespace

// An open Messages pane follows what another process writes into its database, told by the
// ChangeNotifier (NOTIFY on PostgreSQL, data_version on SQLite) and not by polling.
class tst_LiveUpdates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void secondProcessWriteAppears_data() { test::addEngineRows(); }
    void secondProcessWriteAppears();
    void floodMakesFewRefreshes_data() { test::addEngineRows(); }
    void floodMakesFewRefreshes();
};

void tst_LiveUpdates::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_liveupdates"_s);
}

void tst_LiveUpdates::init()
{
    QSettings().clear();
}

void tst_LiveUpdates::secondProcessWriteAppears()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 30);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    ChangeNotifier changes(*database.factory);
    MessageModel model(*database.factory, neverPolling());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.watchChanges(&changes);
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(pane.isFollowing());
    QTRY_COMPARE(model.rowCount(), 30);
    PORTHOLE_SETTLE(model);
    QCOMPARE(newestNumber(pane), 30);
    QVERIFY(waitUntilLive(changes));
    const quint64 refreshesBefore = model.refreshCount();

    QElapsedTimer exited;
    const QString ran = runElsewhere(database.scratch->url(), insertScript(engine, 31, 1), &exited);
    QVERIFY2(ran.isEmpty(), qPrintable(ran));
    QTRY_COMPARE_WITH_TIMEOUT(newestNumber(pane), 31, 1000);
    qInfo("message 31 shown %lld ms after the other process exited", exited.elapsed());
    QCOMPARE(model.rowCount(), 31);
    QCOMPARE(model.index(0, MessageModel::ContentColumn).data().toString(),
             u"Message N° 31 from the sensor"_s);
    QTRY_COMPARE_WITH_TIMEOUT(pane.countText(), u"31 rows"_s, 1000);
    QVERIFY(model.refreshCount() > refreshesBefore);

    // A pane out of sight reads nothing when told; shown again, it catches up.
    pane.hide();
    const quint64 hiddenAt = model.refreshCount();
    QSignalSpy changed(&changes, &ChangeNotifier::changed);
    QVERIFY2(runElsewhere(database.scratch->url(), insertScript(engine, 32, 1), &exited).isEmpty(),
             "the second insert failed");
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 2000);
    QCOMPARE(model.refreshCount(), hiddenAt);
    showPane(pane);
    QTRY_COMPARE_WITH_TIMEOUT(newestNumber(pane), 32, 1000);
}

void tst_LiveUpdates::floodMakesFewRefreshes()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QString stored = test::storeReceived(database.db, 1, 30);
    QVERIFY2(stored.isEmpty(), qPrintable(stored));

    ChangeNotifier changes(*database.factory);
    const PagedTableModel::Options options = neverPolling();
    MessageModel model(*database.factory, options);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.watchChanges(&changes);
    MessagesPane pane(&model);
    showPane(pane);
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QTRY_COMPARE(model.rowCount(), 30);
    PORTHOLE_SETTLE(model);
    QVERIFY(waitUntilLive(changes));
    QSignalSpy told(&changes, &ChangeNotifier::changed);
    const quint64 refreshesBefore = model.refreshCount();

    // 2,000 commits, one row each, from another process.
    constexpr qint64 flood = 2000;
    QElapsedTimer span;
    span.start();
    QElapsedTimer exited;
    const QString ran =
        runElsewhere(database.scratch->url(), insertScript(engine, 31, flood), &exited);
    QVERIFY2(ran.isEmpty(), qPrintable(ran));
    // The last of them is shown soon after: the refreshes that the gap held back are made.
    QTRY_COMPARE_WITH_TIMEOUT(newestNumber(pane), 30 + flood, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(model.totalCount().value, 30 + flood, 2000);
    const qint64 spanMs = span.elapsed();
    PORTHOLE_SETTLE(model);
    QCOMPARE(model.rowCount(), int(30 + flood));

    const quint64 refreshes = model.refreshCount() - refreshesBefore;
    // One at the first change, then at most one every changeGapMs while they keep coming.
    const quint64 most = static_cast<quint64>(spanMs / options.changeGapMs) + 2;
    qInfo("%lld commits in %lld ms: told %lld times, %llu refreshes (at most %llu)", flood, spanMs,
          static_cast<qint64>(told.size()), refreshes, most);
    QVERIFY(refreshes >= 1);
    QVERIFY2(refreshes <= most, qPrintable(u"%1 refreshes"_s.arg(refreshes)));
    QVERIFY2(refreshes < flood / 20, qPrintable(u"%1 refreshes"_s.arg(refreshes)));
}

QTEST_MAIN(tst_LiveUpdates)
#include "tst_liveupdates.moc"
