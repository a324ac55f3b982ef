#include "errorcomparisondialog.h"
#include "errorcomparisonmodel.h"
#include "metricscomparison.h"
#include "migrateddatabase.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime c0(QDate(2026, 11, 25), QTime(8, 0), QTimeZone::utc());
const MetricSeries cpu{MetricSource::Component, u"splitter"_s, u"cpu"_s};
const MetricSeries sent{MetricSource::Port, u"orders"_s, u"messages_sent"_s};

QList<MetricPoint> minutes(std::initializer_list<double> values)
{
    QList<MetricPoint> points;
    int i = 0;
    for (const double value : values) {
        points.append({c0.addSecs(60 * i), value, value, value, 1});
        ++i;
    }
    return points;
}

// The dialog's "now".
const QDateTime dialogNow(QDate(2026, 11, 26), QTime(15, 0), QTimeZone::utc());

// Dead letters of `error` created `secondsAgo` before the dialog's now, one a second.
bool addDeadLetters(const QSqlDatabase &db, const QString &error, int count, qint64 secondsAgo)
{
    QSqlQuery query(db);
    query.prepare(u"INSERT INTO port_messages (id, port_name, source_component, "
                  "target_component, message_data, status, created_at, error_message) "
                  "VALUES (?, 'orders', 's', 't', '{}', 'dead_letter', ?, ?)"_s);
    const QDateTime &now = dialogNow;
    for (int i = 0; i < count; ++i) {
        query.addBindValue(newUuid());
        query.addBindValue(timestampParam(now.addSecs(-secondsAgo + i), engineOf(db)));
        query.addBindValue(error.arg(i));
        if (!query.exec()) {
            qWarning() << query.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace

// The comparison with an earlier time in the window: Metrics' overlays dashed in their series'
// colour with the difference dotted, the box that picks the shift, and Dead letters' Compare
// with… listing two ranges' signatures side by side.
class tst_ComparisonViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void overlaysAreDashedInTheirSeriesColour();
    void theBoxPicksTheShift();
    void deadLettersComparedSideBySide();
};

void tst_ComparisonViews::overlaysAreDashedInTheirSeriesColour()
{
    const auto unit = [](const MetricSeries &) {
        return u"u"_s;
    };
    const QList<SeriesData> data{{cpu, minutes({5, 6, 7}), false, 0},
                                 {sent, minutes({1, 1, 1}), false, 0},
                                 {cpu, minutes({2, 2, 9}), false, 86400},
                                 {sent, minutes({0, 3, 1}), false, 86400}};
    const QList<ChartLine> lines =
        metricsChartLines(data, 0, MetricAggregate::Average, false, unit);
    QCOMPARE(lines.size(), 4);
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(lines.at(i).style, Qt::SolidLine);
        QCOMPARE(lines.at(i + 2).style, Qt::DashLine);
        QCOMPARE(lines.at(i + 2).color, lines.at(i).color);
        QCOMPARE(lines.at(i + 2).label, lines.at(i).label + u", a day before"_s);
    }
    QVERIFY(lines.at(0).color != lines.at(1).color);
    QCOMPARE(lines.at(2).segments.constFirst().constFirst().y(), 2.0);

    const QList<ChartLine> withDifference =
        metricsChartLines(data, 0, MetricAggregate::Average, true, unit);
    QCOMPARE(withDifference.size(), 6);
    const ChartLine &minus = withDifference.at(4);
    QCOMPARE(minus.label, lines.at(0).label + u", minus a day before"_s);
    QCOMPARE(minus.style, Qt::DotLine);
    QCOMPARE(minus.color, lines.at(0).color);
    QList<double> ys;
    for (const QPointF &p : minus.segments.constFirst())
        ys << p.y();
    QCOMPARE(ys, (QList<double>{3, 4, -2}));
    QCOMPARE(shiftText(7 * 86400), u"a week before"_s);
    QCOMPARE(shiftText(3 * 86400), u"3 days before"_s);
    QCOMPARE(shiftText(6 * 3600), u"6 h before"_s);
}

void tst_ComparisonViews::theBoxPicksTheShift()
{
    MetricsComparisonBox box;
    QSignalSpy changed(&box, &MetricsComparisonBox::changed);
    QCOMPARE(box.offsetSeconds(), 0);
    QVERIFY(!box.difference()->isEnabled());
    box.setComparison(86400, true);
    QCOMPARE(box.offsetSeconds(), 86400);
    QVERIFY(box.showsDifference());
    QCOMPARE(box.offsets()->currentText(), u"A day before"_s);
    // An offset no entry has: a chosen entry of its own, replaced by the next.
    box.setComparison(6 * 3600, false);
    QCOMPARE(box.offsetSeconds(), 6 * 3600);
    QCOMPARE(box.offsets()->currentText(), u"6 h before"_s);
    box.setComparison(9 * 3600, false);
    QCOMPARE(box.offsets()->count(), 5);
    box.setComparison(0, true);
    QVERIFY(!box.showsDifference());
    QCOMPARE(changed.count(), 4);
}

void tst_ComparisonViews::deadLettersComparedSideBySide()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    // The last day: 3 timeouts an hour ago; the day before: 1 timeout and 2 refusals.
    QVERIFY(addDeadLetters(database.db, u"timeout after %1s"_s, 3, 3600));
    QVERIFY(addDeadLetters(database.db, u"timeout after %1s"_s, 1, 25 * 3600));
    QVERIFY(addDeadLetters(database.db, u"refused by host %1"_s, 2, 26 * 3600));
    ErrorComparisonModel model(*database.factory);
    QAbstractItemModelTester tester(&model);
    ErrorComparisonDialog dialog(&model);
    dialog.setClock([] { return dialogNow; });
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() == 2 && model.comparison().request.to == dialogNow,
                             20000);
    QVERIFY2(dialog.stateText().startsWith(u"3 dead letters from"_s),
             qPrintable(dialog.stateText()));
    const QAbstractItemModel *shown = dialog.view()->model();
    // A change of 2 either way: grown before gone.
    QCOMPARE(shown->index(0, ErrorComparisonModel::SignatureColumn).data().toString(),
             u"timeout after <n>s"_s);
    QCOMPARE(shown->index(0, ErrorComparisonModel::EarlierColumn).data().toInt(), 1);
    QCOMPARE(shown->index(0, ErrorComparisonModel::CountColumn).data().toInt(), 3);
    QCOMPARE(shown->index(0, ErrorComparisonModel::ChangeColumn).data().toInt(), 2);
    QCOMPARE(shown->index(0, ErrorComparisonModel::KindColumn).data().toString(), u"grown"_s);
    QCOMPARE(shown->index(1, ErrorComparisonModel::KindColumn).data().toString(), u"gone"_s);
    QCOMPARE(
        shown->index(1, ErrorComparisonModel::SignatureColumn).data(Qt::ToolTipRole).toString(),
        u"refused by host 1"_s);

    // The last hour against the hour just before: only the new timeouts, the first of them at
    // the hour's very start.
    dialog.lengths()->setCurrentIndex(0);
    dialog.offsets()->setCurrentIndex(0);
    dialog.compare();
    QTRY_VERIFY_WITH_TIMEOUT(
        model.rowCount() == 1 && model.comparison().request.offsetSeconds == 3600, 20000);
    QCOMPARE(shown->index(0, ErrorComparisonModel::KindColumn).data().toString(), u"new"_s);
}

QTEST_MAIN(tst_ComparisonViews)
#include "tst_comparisonviews.moc"
