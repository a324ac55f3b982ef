#include "auditlog.h"
#include "commandrun.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "sqlsupport.h"

#include <QSqlQuery>
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

} // namespace

// `porthole retention` as an operator runs it: the preview, the confirmation, the run.
class tst_RetentionCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewsThenDeletes_data() { test::addEngineRows(); }
    void previewsThenDeletes();
    void refusesBadRules();
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

QTEST_GUILESS_MAIN(tst_RetentionCommand)
#include "tst_retentioncommand.moc"
