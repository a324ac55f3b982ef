#include "migrateddatabase.h"
#include "pagedtestsupport.h"
#include "pipelinesnapshot.h"
#include "portmessagemodel.h"
#include "portmessagerepository.h"
#include "reportdata.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// "Dead letters" is one set everywhere, the dead_letter_queue view's: the Overview, the Dead
// letters pane and the report give the same figure at one moment, on both engines.
class tst_DeadLetterFigures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneFigureEverywhere_data() { test::addEngineRows(); }
    void oneFigureEverywhere();
};

void tst_DeadLetterFigures::oneFigureEverywhere()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<PortMessage> messages;
    // status, retries spent: two marked dead letters, three failed for good, two failed that
    // will be retried, four pending.
    const QList<std::tuple<QString, int, int>> kinds{
        {u"dead_letter"_s, 3, 2}, {u"failed"_s, 3, 3}, {u"failed"_s, 1, 2}, {u"pending"_s, 0, 4}};
    for (const auto &[status, retries, count] : kinds) {
        for (int i = 0; i < count; ++i) {
            PortMessage message;
            message.portName = u"orders"_s;
            message.sourceComponent = u"a"_s;
            message.targetComponent = u"b"_s;
            message.messageData = R"({"n": 1})";
            message.status = status;
            message.retryCount = retries;
            message.createdAt = now.addSecs(-60 * (i + 1));
            messages << message;
        }
    }
    QVERIFY(PortMessageRepository(database.db).insert(messages).ok());
    const qint64 expected = 5;

    // The Overview's figure.
    const PipelineSnapshot snapshot =
        readPipelineSnapshot(database.db, now, std::chrono::minutes(1));
    QVERIFY2(snapshot.problem.isEmpty(), qPrintable(snapshot.problem));
    QCOMPARE(snapshot.deadLetters.value, expected);

    // The Dead letters pane's listing.
    PagedTableModel::Options options;
    options.refreshIntervalMs = 3600000;
    PortMessageModel deadLetters(*database.factory, options);
    QAbstractItemModelTester tester(&deadLetters,
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    deadLetters.setDeadLettersOnly(true);
    PORTHOLE_LOAD_ALL(deadLetters);
    QCOMPARE(deadLetters.rowCount(), expected);
    QCOMPARE(deadLetters.totalCount().value, expected);

    // The report's.
    ReportRequest request;
    request.from = now.addDays(-1);
    request.to = now.addSecs(1);
    const auto report = gatherReport(database.db, request);
    QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
    QCOMPARE(report->deadLettersOpen, expected);
    QCOMPARE(report->deadLettersCreated, expected);
}

QTEST_GUILESS_MAIN(tst_DeadLetterFigures)
#include "tst_deadletterfigures.moc"
