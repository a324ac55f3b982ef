#include "auditlog.h"
#include "migrateddatabase.h"
#include "repositorytestsupport.h"
#include "retentioncontroller.h"
#include "sqlsupport.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QWidget>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// `count` component metrics and as many port metrics, from `days` old (and a few hours) back,
// ten seconds apart, as a pipeline writes them (the SQLite schema's rollups cost a delete of a
// bucket's minimum or maximum a scan of that bucket: rows all in one bucket would make a
// deletion quadratic, which no pipeline writes).
bool addOldRows(const QSqlDatabase &db, int count, int days)
{
    const QDateTime newest = QDateTime::currentDateTimeUtc().addDays(-days).addSecs(-3 * 3600);
    QSqlDatabase connection(db);
    if (!connection.transaction())
        return false;
    QSqlQuery metric(db);
    QSqlQuery port(db);
    if (!metric.prepare(u"INSERT INTO component_metrics (id, component_name, metric_name, "
                        "metric_value, timestamp) VALUES (?, 'splitter', 'rate', ?, ?)"_s) ||
        !port.prepare(u"INSERT INTO port_metrics (id, port_name, messages_sent, timestamp) "
                      "VALUES (?, 'orders', ?, ?)"_s))
        return false;
    for (int i = 0; i < count; ++i)
        for (QSqlQuery *query : {&metric, &port}) {
            query->addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            query->addBindValue(i % 97);
            query->addBindValue(timestampParam(newest.addSecs(-10 * i), engineOf(db)));
            if (!query->exec())
                return false;
        }
    return connection.commit();
}

qint64 rowsIn(const QSqlDatabase &db, const QString &table)
{
    return test::scalar(db, u"SELECT count(*) FROM %1"_s.arg(table));
}

} // namespace

// File > Delete Old Data on a real database: the dialog's rules, its preview from a pool thread,
// the typed count from 100 rows, the deletion with its progress, and the rules kept.
class tst_RetentionWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void previewsThenDeletesWhatItShowed();
    void ruleChangedAfterPreviewNeedsAnother();
    void stopsBetweenBatches();

private:
    QTemporaryDir m_settings;
};

void tst_RetentionWindow::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
}

void tst_RetentionWindow::previewsThenDeletesWhatItShowed()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addOldRows(database.db, 60, 40));
    QVERIFY(addOldRows(database.db, 5, 10));

    QWidget window;
    RetentionController controller(*database.factory, &window);
    QSignalSpy deleted(&controller, &RetentionController::dataDeleted);
    controller.ask();
    RetentionDialog *dialog = controller.dialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->ruleField(0)->value(), 30); // seed 001's rules to start with
    QCOMPARE(dialog->ruleField(3)->value(), 10);
    QVERIFY(!dialog->deleteButton()->isEnabled()); // nothing previewed yet

    dialog->previewButton()->click();
    QTRY_COMPARE(dialog->rowsLabel(0)->text(), u"60 rows"_s);
    QCOMPARE(dialog->rowsLabel(1)->text(), u"60 rows"_s);
    QCOMPARE(dialog->rowsLabel(2)->text(), u"0 rows"_s);
    // 120 rows: their count typed before Delete works.
    QVERIFY(dialog->confirmField()->isVisible());
    QVERIFY(!dialog->deleteButton()->isEnabled());
    dialog->confirmField()->setText(u"119"_s);
    QVERIFY(!dialog->deleteButton()->isEnabled());
    dialog->confirmField()->setText(u"120"_s);
    QVERIFY(dialog->deleteButton()->isEnabled());
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 65); // a preview deletes nothing

    dialog->deleteButton()->click();
    QVERIFY(deleted.wait(30000));
    QCOMPARE(rowsIn(database.db, u"component_metrics"_s), 5);
    QCOMPARE(rowsIn(database.db, u"port_metrics"_s), 5);
    QVERIFY2(dialog->statusText().contains(u"Deleted 120 rows"_s),
             qPrintable(dialog->statusText()));
    auto audit = AuditLog(database.db).page({}, {});
    QVERIFY(audit.ok());
    QCOMPARE(audit->rows.size(), 1);
    QCOMPARE(audit->rows.constFirst().affectedCount, 120);
}

void tst_RetentionWindow::ruleChangedAfterPreviewNeedsAnother()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addOldRows(database.db, 3, 40));
    QVERIFY(addOldRows(database.db, 4, 10));

    QWidget window;
    RetentionController controller(*database.factory, &window);
    controller.ask();
    RetentionDialog *dialog = controller.dialog();
    dialog->previewButton()->click();
    QTRY_VERIFY(dialog->deleteButton()->isEnabled()); // 6 rows: no count to type
    QVERIFY(!dialog->confirmField()->isVisible());

    // A rule changed: the preview no longer says what Delete would do.
    dialog->ruleField(0)->setValue(5);
    QVERIFY(!dialog->deleteButton()->isEnabled());
    QCOMPARE(dialog->rowsLabel(0)->text(), u"—"_s);
    dialog->previewButton()->click();
    QTRY_COMPARE(dialog->rowsLabel(0)->text(), u"7 rows"_s);
    QCOMPARE(dialog->rowsLabel(1)->text(), u"3 rows"_s);

    // The operator's rules are what the next dialog starts with.
    QCOMPARE(RetentionController::savedRules().componentMetricsDays, 5);
    dialog->ruleField(0)->setValue(30);
    dialog->previewButton()->click();
    QTRY_VERIFY(dialog->deleteButton()->isEnabled());
    QCOMPARE(RetentionController::savedRules().componentMetricsDays, 30);
}

// Stop between batches: what is deleted stays deleted, the dialog says how far it got.
void tst_RetentionWindow::stopsBetweenBatches()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    QVERIFY(addOldRows(database.db, 30000, 40));

    QWidget window;
    RetentionController controller(*database.factory, &window);
    QSignalSpy deleted(&controller, &RetentionController::dataDeleted);
    controller.ask();
    RetentionDialog *dialog = controller.dialog();
    dialog->previewButton()->click();
    QTRY_COMPARE(dialog->rowsLabel(0)->text(), QLocale().toString(30000) + u" rows"_s);
    dialog->confirmField()->setText(u"60000"_s);
    dialog->deleteButton()->click();
    QVERIFY(dialog->stopButton()->isVisible());
    QVERIFY(!dialog->previewButton()->isEnabled());
    // Stopped at once: the run ends after the batch under way (5,000 rows), long before the
    // twelve batches of the whole run.
    dialog->stopButton()->click();
    QVERIFY(deleted.wait(30000));
    QVERIFY2(dialog->statusText().startsWith(u"Stopped after "_s),
             qPrintable(dialog->statusText()));
    const qint64 left =
        rowsIn(database.db, u"component_metrics"_s) + rowsIn(database.db, u"port_metrics"_s);
    QVERIFY2(left >= 50000 && left < 60000, qPrintable(QString::number(left)));
    QVERIFY(!dialog->stopButton()->isVisible());
}

QTEST_MAIN(tst_RetentionWindow)
#include "tst_retentionwindow.moc"
