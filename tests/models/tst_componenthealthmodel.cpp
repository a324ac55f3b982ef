#include "componenthealthmodel.h"
#include "statuscolours.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_ComponentHealthModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsAndFlags();
    void updatesInPlace();
    void ageText_data();
    void ageText();
};

namespace {

const QDateTime now = QDateTime(QDate(2026, 11, 20), QTime(12, 0), QTimeZone::utc());

HealthRecord record(const QString &name, const QString &status, int secondsAgo, bool stale)
{
    HealthRecord r;
    r.id = name + u"-id"_s;
    r.componentName = name;
    r.status = status;
    r.lastHeartbeat = now.addSecs(-secondsAgo);
    r.stale = stale;
    return r;
}

QStringList names(const QAbstractItemModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list << model.index(row, ComponentHealthModel::ComponentColumn).data().toString();
    return list;
}

} // namespace

void tst_ComponentHealthModel::showsAndFlags()
{
    ComponentHealthModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setComponents({record(u"writer"_s, u"degraded"_s, 600, true),
                         record(u"receiver"_s, u"healthy"_s, 12, false)},
                        now);
    QCOMPARE(names(model), (QStringList{u"receiver"_s, u"writer"_s})); // by name
    QCOMPARE(model.staleCount(), 1);
    const QModelIndex writerStatus = model.index(1, ComponentHealthModel::StatusColumn);
    // Stale is a state of its own, in its own colour; what it said last is in the tooltip.
    QCOMPARE(writerStatus.data().toString(), u"stale"_s);
    QVERIFY(writerStatus.data(ComponentHealthModel::StaleRole).toBool());
    QCOMPARE(writerStatus.data(Qt::ForegroundRole).value<QBrush>().color(),
             statusColour(StatusTone::Stale));
    QVERIFY2(writerStatus.data(Qt::ToolTipRole).toString().contains(u"said degraded"_s),
             qPrintable(writerStatus.data(Qt::ToolTipRole).toString()));
    QVERIFY(!model.index(0, ComponentHealthModel::StatusColumn).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.index(0, ComponentHealthModel::AgeColumn).data().toString(), u"12 s ago"_s);
    QCOMPARE(model.index(1, ComponentHealthModel::AgeColumn).data().toString(), u"10 min ago"_s);
    // Local time in the cell, UTC in the tooltip.
    QCOMPARE(model.index(0, ComponentHealthModel::HeartbeatColumn).data(Qt::ToolTipRole).toString(),
             u"2026-11-20T11:59:48.000Z"_s);
    QCOMPARE(model.index(0, ComponentHealthModel::HeartbeatColumn).data().toString(),
             QLocale().toString(now.addSecs(-12).toLocalTime(), QLocale::ShortFormat));
}

void tst_ComponentHealthModel::updatesInPlace()
{
    ComponentHealthModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setComponents({record(u"a"_s, u"healthy"_s, 1, false),
                         record(u"c"_s, u"healthy"_s, 1, false),
                         record(u"d"_s, u"healthy"_s, 1, false)},
                        now);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // b comes, d goes, c changes: one insert, one removal, and a persistent index on c stays.
    const QPersistentModelIndex c = model.index(1, 0);
    model.setComponents({record(u"a"_s, u"healthy"_s, 1, false),
                         record(u"b"_s, u"healthy"_s, 1, false),
                         record(u"c"_s, u"unhealthy"_s, 1, false)},
                        now);
    QCOMPARE(names(model), (QStringList{u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 1);
    QVERIFY(c.isValid());
    QCOMPARE(c.row(), 2);
    QCOMPARE(model.index(2, ComponentHealthModel::StatusColumn).data().toString(), u"unhealthy"_s);
    model.setComponents({}, now);
    QCOMPARE(model.rowCount(), 0);
}

void tst_ComponentHealthModel::ageText_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0LL << u"0 s"_s;
    QTest::newRow("59 s") << 59LL << u"59 s"_s;
    QTest::newRow("a minute") << 60LL << u"1 min"_s;
    QTest::newRow("just under an hour") << 3599LL << u"59 min"_s;
    QTest::newRow("an hour and five") << 3900LL << u"1 h 5 min"_s;
    QTest::newRow("two days") << 2 * 86400LL + 4 * 3600LL << u"2 d 4 h"_s;
}

void tst_ComponentHealthModel::ageText()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(ComponentHealthModel::ageText(seconds), text);
}

QTEST_MAIN(tst_ComponentHealthModel)
#include "tst_componenthealthmodel.moc"
