#include "auditlog.h"
#include "batchteststore.h"
#include "commandrun.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QDir>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run retention(const test::MigratedDatabase &database, const QStringList &arguments)
{
    const DatabaseUrl &url = database.scratch->url();
    const QString db = url.engine() == DatabaseUrl::Engine::SQLite ? u"sqlite://"_s + url.filePath()
                                                                   : url.toDisplayString();
    const test::CommandRun run =
        test::runPorthole(QStringList{u"retention"_s, u"--db"_s, db} + arguments, 60000);
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

// `count` component metrics `days` old (and a few hours, clear of a cut-off measured later).
bool addMetrics(const QSqlDatabase &db, int count, int days)
{
    QSqlQuery query(db);
    if (!query.prepare(u"INSERT INTO component_metrics (id, component_name, metric_name, "
                       "metric_value, timestamp) VALUES (?, 'splitter', 'rate', 1, ?)"_s) ||
        !QSqlDatabase(db).transaction())
        return false;
    const QVariant at = timestampParam(
        QDateTime::currentDateTimeUtc().addDays(-days).addSecs(-3 * 3600), engineOf(db));
    for (int i = 0; i < count; ++i) {
        query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        query.addBindValue(at);
        if (!query.exec())
            return false;
    }
    return QSqlDatabase(db).commit();
}

qint64 metricsLeft(const QSqlDatabase &db)
{
    return test::scalar(db, u"SELECT count(*) FROM component_metrics"_s);
}

Run retentionOfFiles(const QStringList &arguments)
{
    const test::CommandRun run = test::runPorthole(QStringList{u"retention"_s} + arguments, 60000);
    return {run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

// `count` full batch files, all but the last `young` of them 40 days old.
bool fillCommandStore(const QString &dir, int count, int young)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (int i = 1; i <= count; ++i) {
        const QString path = dir + u'/' + batchFileName(i);
        if (!test::writeFile(path, test::seedLines((i - 1) * 10 + 1, 10)) ||
            !test::setModified(path, now - (i > count - young ? 1 : 40) * 24 * 3600))
            return false;
    }
    return true;
}

qsizetype batchFilesLeft(const QString &dir)
{
    return QDir(dir).entryList({u"messages_batch_*.txt"_s}, QDir::Files).size();
}

} // namespace

// `porthole retention` as an operator runs it: the preview, the confirmation, the run.
class tst_RetentionCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewsThenDeletes_data() { test::addEngineRows(); }
    void previewsThenDeletes();
    void refusesBadRules();
    void filesPreviewedThenArchived();
    void filesConfirmed();
    void refusesBadFileArguments();
};

void tst_RetentionCommand::previewsThenDeletes()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QVERIFY(addMetrics(database.db, 150, 40));
    QVERIFY(addMetrics(database.db, 20, 10));

    Run dry = retention(database, {u"--dry-run"_s});
    QCOMPARE(dry.exitCode, 0);
    QVERIFY2(dry.out.contains(u"component_metrics  older than 30 days"_s), qPrintable(dry.out));
    QVERIFY2(dry.out.contains(u"150 rows"_s), qPrintable(dry.out));
    QVERIFY2(dry.out.contains(u"Dry run: nothing deleted."_s), qPrintable(dry.out));
    QCOMPARE(metricsLeft(database.db), 170);

    // 150 rows want their number confirmed; a wrong number deletes nothing either.
    Run unconfirmed = retention(database, {});
    QCOMPARE(unconfirmed.exitCode, 2);
    QVERIFY2(unconfirmed.err.contains(u"150 rows: add --confirm 150"_s),
             qPrintable(unconfirmed.err));
    QCOMPARE(retention(database, {u"--confirm"_s, u"149"_s}).exitCode, 2);
    QCOMPARE(metricsLeft(database.db), 170);

    // The operator's own rule for one table: 5 days takes the 10-day-old rows too.
    Run done = retention(database, {u"--keep"_s, u"component_metrics=5d"_s, u"--confirm"_s,
                                    u"170"_s, u"--batch-size"_s, u"40"_s});
    QCOMPARE(done.exitCode, 0);
    QVERIFY2(done.out.contains(u"Deleted 170 of 170 rows (component_metrics 170,"_s),
             qPrintable(done.out));
    QCOMPARE(metricsLeft(database.db), 0);
    auto audit = AuditLog(database.db).page({}, {});
    QVERIFY(audit.ok());
    QCOMPARE(audit->rows.size(), 1);
    QCOMPARE(audit->rows.constFirst().action, u"retention"_s);
    QCOMPARE(audit->rows.constFirst().affectedCount, 170);
    QCOMPARE(audit->rows.constFirst().filter.value(u"component_metrics_days"_s), QJsonValue(5));

    Run nothing = retention(database, {});
    QCOMPARE(nothing.exitCode, 0);
    QVERIFY2(nothing.out.contains(u"Nothing to delete."_s), qPrintable(nothing.out));
}

void tst_RetentionCommand::refusesBadRules()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const struct
    {
        QStringList arguments;
        QString message;
    } cases[] = {
        {{u"--keep"_s, u"messages=7d"_s}, u"'messages' is not a table with a retention rule"_s},
        {{u"--keep"_s, u"port_metrics=soon"_s}, u"a number of days (30d) or off"_s},
        {{u"--keep"_s, u"checkpoints=-2"_s}, u"a number of versions per component, or off"_s},
        {{u"--batch-size"_s, u"0"_s}, u"--batch-size takes a number of rows from 1"_s},
        {{u"extra"_s}, u"unexpected argument 'extra'"_s},
    };
    for (const auto &wrong : cases) {
        const Run run = retention(database, wrong.arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(wrong.message), qPrintable(run.err));
        QVERIFY2(run.err.contains(u"porthole retention --help"_s), qPrintable(run.err));
    }
}

void tst_RetentionCommand::filesPreviewedThenArchived()
{
    QTemporaryDir store;
    QTemporaryDir archives;
    QVERIFY(store.isValid() && archives.isValid());
    QVERIFY(fillCommandStore(store.path(), 5, 1));

    const Run dry = retentionOfFiles({u"--files"_s, store.path(), u"--dry-run"_s});
    QCOMPARE(dry.exitCode, 0);
    QVERIFY2(dry.out.contains(u"Batch files in "_s + store.path()), qPrintable(dry.out));
    QVERIFY2(dry.out.contains(u"batch files        older than 30 days"_s), qPrintable(dry.out));
    QVERIFY2(dry.out.contains(u"4 files, 2,302 bytes"_s), qPrintable(dry.out));
    QVERIFY2(dry.out.contains(u"messages_batch_0001.txt to messages_batch_0004.txt: 40 messages, "
                              "numbers #1 to #40"_s),
             qPrintable(dry.out));
    QVERIFY2(dry.out.contains(u"Kept: 1 file, from messages_batch_0005.txt on"_s),
             qPrintable(dry.out));
    QVERIFY2(dry.out.contains(u"Dry run: nothing deleted."_s), qPrintable(dry.out));
    QCOMPARE(batchFilesLeft(store.path()), 5);

    const Run done =
        retentionOfFiles({u"--files"_s, store.path(), u"--archive"_s, archives.path()});
    QVERIFY2(done.exitCode == 0, qPrintable(done.out + done.err));
    QVERIFY2(
        done.out.contains(u"Archived in "_s + archives.path() + u"/messages_batch_0001-0004_"_s),
        qPrintable(done.out));
    QVERIFY2(done.out.contains(u"Deleted 4 of 4 batch files (2,302 bytes)."_s),
             qPrintable(done.out));
    QCOMPARE(batchFilesLeft(store.path()), 1);
    const QStringList written = QDir(archives.path()).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(written.size(), 1);
    QProcess tar;
    tar.start(u"tar"_s, {u"--list"_s, u"--gzip"_s, u"--file"_s,
                         archives.path() + u'/' + written.constFirst()});
    QVERIFY(tar.waitForFinished(60000));
    QCOMPARE(tar.readAllStandardOutput(),
             QByteArray("messages_batch_0001.txt\nmessages_batch_0002.txt\n"
                        "messages_batch_0003.txt\nmessages_batch_0004.txt\n"));

    const Run nothing = retentionOfFiles({u"--files"_s, store.path(), u"--keep"_s, u"files=off"_s});
    QCOMPARE(nothing.exitCode, 0);
    QVERIFY2(nothing.out.contains(u"batch files        kept whole"_s), qPrintable(nothing.out));
    QVERIFY2(nothing.out.contains(u"Nothing to delete."_s), qPrintable(nothing.out));
}

// From 100 files the number must be confirmed, for the files as for the rows.
void tst_RetentionCommand::filesConfirmed()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addMetrics(database.db, 150, 40));
    QTemporaryDir store;
    QVERIFY(store.isValid());
    QVERIFY(fillCommandStore(store.path(), 121, 0));

    const QStringList files{u"--files"_s, store.path()};
    Run unconfirmed = retention(database, files + QStringList{u"--confirm"_s, u"150"_s});
    QCOMPARE(unconfirmed.exitCode, 2);
    QVERIFY2(unconfirmed.err.contains(u"120 batch files: add --confirm 120 to delete them. "
                                      "Nothing was deleted."_s),
             qPrintable(unconfirmed.err));
    QVERIFY2(!unconfirmed.err.contains(u"rows"_s), qPrintable(unconfirmed.err));
    QCOMPARE(batchFilesLeft(store.path()), 121);
    QCOMPARE(metricsLeft(database.db), 150);

    const Run done = retention(
        database, files + QStringList{u"--confirm"_s, u"150"_s, u"--confirm"_s, u"120"_s});
    QVERIFY2(done.exitCode == 0, qPrintable(done.out + done.err));
    QVERIFY2(done.out.contains(u"Deleted 150 of 150 rows"_s), qPrintable(done.out));
    QVERIFY2(done.out.contains(u"Deleted 120 of 120 batch files"_s), qPrintable(done.out));
    QCOMPARE(batchFilesLeft(store.path()), 1);
    QCOMPARE(metricsLeft(database.db), 0);
}

void tst_RetentionCommand::refusesBadFileArguments()
{
    QTemporaryDir store;
    QVERIFY(store.isValid());
    QVERIFY(fillCommandStore(store.path(), 3, 0));
    const struct
    {
        QStringList arguments;
        int exitCode;
        QString message;
    } cases[] = {
        {{}, 2, u"--db URL or --files DIR (or both) is required"_s},
        {{u"--files"_s, store.path(), u"--keep"_s, u"files=soon"_s},
         2,
         u"files keeps a number of days (30d) or off"_s},
        {{u"--files"_s, store.path(), u"--keep"_s, u"port_metrics=3d"_s},
         2,
         u"--keep port_metrics=3d goes with --db URL"_s},
        {{u"--db"_s, u"sqlite:///nowhere.db"_s, u"--keep"_s, u"files=3d"_s},
         2,
         u"--keep files=3d goes with --files DIR"_s},
        {{u"--db"_s, u"sqlite:///nowhere.db"_s, u"--archive"_s, store.path()},
         2,
         u"--archive DIR goes with --files DIR"_s},
        {{u"--files"_s, store.path() + u"/missing"_s}, 1, u"does not exist"_s},
        {{u"--files"_s, store.path(), u"--archive"_s, store.path(), u"--dry-run"_s},
         1,
         u"is inside the batch store"_s},
        {{u"--files"_s, store.path(), u"--archive"_s, store.path() + u"/missing"_s},
         1,
         u"does not exist. Create it first."_s},
    };
    for (const auto &wrong : cases) {
        const Run run = retentionOfFiles(wrong.arguments);
        QCOMPARE(run.exitCode, wrong.exitCode);
        QVERIFY2(run.err.contains(wrong.message), qPrintable(run.err));
        QCOMPARE(batchFilesLeft(store.path()), 3);
    }
}

QTEST_GUILESS_MAIN(tst_RetentionCommand)
#include "tst_retentioncommand.moc"
