#include "attention.h"
#include "backloghistory.h"
#include "backlogtrends.h"
#include "consumergroupmodel.h"
#include "migrateddatabase.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());
const BacklogKey groupKey{BacklogKind::Group, u"orders"_s, u"workers"_s};
const BacklogKey portKey{BacklogKind::Port, u"payments"_s, u""_s};

// Five minutes every 15 s: the group drains 2 a second off 1,200 (600 left, empty in 300 s),
// the port grows 12 a second from 40.
QList<BacklogSample> sampled()
{
    QList<BacklogSample> samples;
    for (int s = 0; s <= 300; s += 15) {
        BacklogSample group;
        group.key = groupKey;
        group.slot = t0.addSecs(s);
        group.lag = 1200 - 2 * s;
        group.pending = 0;
        BacklogSample port;
        port.key = portKey;
        port.slot = group.slot;
        port.pending = 40 + 12 * s;
        port.processing = 0;
        samples << group << port;
    }
    return samples;
}

BacklogTrendSet trendsOf(const QList<BacklogSample> &samples)
{
    return BacklogTrendSet(backlogTrends(samples, t0.addSecs(300)));
}

StreamGroup streamGroup(const QString &stream, const QString &name)
{
    StreamGroup group;
    group.stream = stream;
    group.group = name;
    group.lag = 600;
    return group;
}

} // namespace

// The backlogs' trends as the window shows them: read on a thread of their own from the
// history, looked up by backlog, in words; the consumer groups' "Drains in" and the Overview's
// growing backlogs by them.
class tst_BacklogTrends : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void loaderReadsTheHistory_data() { test::addEngineRows(); }
    void loaderReadsTheHistory();
    void noHistoryTableNoTrends();
    void texts();
    void consumerGroupsSayWhenTheyDrain();
    void growingBacklogsByTheirTrend();
};

void tst_BacklogTrends::loaderReadsTheHistory()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    auto written = BacklogHistory(database.db).write(sampled());
    QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
    BacklogTrendLoader loader(*database.factory);
    loader.setClock([] { return t0.addSecs(301); });
    QSignalSpy loaded(&loader, &BacklogTrendLoader::loaded);
    QSignalSpy failed(&loader, &BacklogTrendLoader::failed);
    loader.load();
    QVERIFY2(loaded.wait(20000), qPrintable(failed.value(0).value(0).toString()));
    const BacklogTrend *group = loader.trends().group(u"orders"_s, u"workers"_s);
    QVERIFY(group);
    QCOMPARE(group->course, BacklogCourse::Draining);
    QVERIFY(std::abs(*group->drainSeconds - 300) < 30);
    const BacklogTrend *port = loader.trends().port(u"payments"_s);
    QVERIFY(port);
    QCOMPARE(port->course, BacklogCourse::Growing);
    QVERIFY(!loader.trends().port(u"orders"_s));
    QVERIFY(!loader.trends().list(u"payments"_s));

    // An hour later nothing was sampled: no trends.
    loader.setClock([] { return t0.addSecs(301 + 3600); });
    loader.load();
    QVERIFY(loaded.wait(20000));
    QVERIFY(loader.trends().isEmpty());
}

// A pipeline's own database attached read-only has no backlog_samples: no trends, no error.
void tst_BacklogTrends::noHistoryTableNoTrends()
{
    QString error;
    auto scratch = test::ScratchDatabase::create(test::ScratchDatabase::Engine::SQLite, &error);
    QVERIFY2(scratch, qPrintable(error));
    BacklogTrendLoader loader(ConnectionFactory(scratch->url(), {}));
    QSignalSpy loaded(&loader, &BacklogTrendLoader::loaded);
    QSignalSpy failed(&loader, &BacklogTrendLoader::failed);
    loader.start(std::chrono::hours(1));
    QVERIFY2(loaded.wait(20000), qPrintable(failed.value(0).value(0).toString()));
    QVERIFY(loader.trends().isEmpty());
    QCOMPARE(failed.size(), 0);

    // The window sampling "never" (0): the trends are read at the samplers' pace all the same
    // (a worker may sample), not as often as the event loop is idle.
    loader.start(std::chrono::seconds(0));
    QCOMPARE(loader.interval(), std::chrono::milliseconds(15000));
}

void tst_BacklogTrends::texts()
{
    QCOMPARE(BacklogTrendText::rateText(12), u"+12/s"_s);
    QCOMPARE(BacklogTrendText::rateText(-2.5), QString(QChar(0x2212)) + u"2.5/s"_s);
    QCOMPARE(BacklogTrendText::rateText(-0.5), QString(QChar(0x2212)) + u"30/min"_s);
    QCOMPARE(BacklogTrendText::rateText(0.001), u"+3.6/h"_s);
    QCOMPARE(BacklogTrendText::rateText(0), u"+0/s"_s);

    const BacklogTrendSet trends = trendsOf(sampled());
    const BacklogTrend &group = *trends.group(u"orders"_s, u"workers"_s);
    QCOMPARE(BacklogTrendText::summary(group), u"draining, empty in about 5 min (5 min – 5 min)"_s);
    QCOMPARE(BacklogTrendText::brief(group), u"about 5 min"_s);
    QCOMPARE(BacklogTrendText::label(group), u"draining, empty in ~5 min"_s);
    const BacklogTrend &port = *trends.port(u"payments"_s);
    QCOMPARE(BacklogTrendText::summary(port), u"growing +12/s"_s);
    QCOMPARE(BacklogTrendText::ratesText(port), u"5 min +12/s · 15 min +12/s · 60 min +12/s"_s);

    BacklogTrend unknown;
    QCOMPARE(BacklogTrendText::brief(unknown), u"–"_s);
    QCOMPARE(BacklogTrendText::label(unknown), QString());
    QCOMPARE(BacklogTrendText::summary(unknown), u"no trend yet: too few samples"_s);
}

void tst_BacklogTrends::consumerGroupsSayWhenTheyDrain()
{
    ConsumerGroupModel model;
    QAbstractItemModelTester tester(&model);
    model.setGroups({streamGroup(u"orders"_s, u"workers"_s), streamGroup(u"mail"_s, u"sender"_s)});
    const auto cell = [&model](int row, int role = Qt::DisplayRole) {
        return model.index(row, ConsumerGroupModel::TrendColumn).data(role).toString();
    };
    QCOMPARE(model.headerData(ConsumerGroupModel::TrendColumn, Qt::Horizontal).toString(),
             u"Drains in"_s);
    QCOMPARE(cell(0), QString());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setTrends(trendsOf(sampled()));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cell(0), u"about 5 min"_s);
    QVERIFY2(cell(0, Qt::ToolTipRole).contains(u"draining, empty in about 5 min"_s),
             qPrintable(cell(0, Qt::ToolTipRole)));
    QVERIFY(cell(0, Qt::ToolTipRole).contains(u"15 min"_s));
    // A group without history: nothing said, and the tooltip says why.
    QCOMPARE(cell(1), QString());
    QVERIFY(cell(1, Qt::ToolTipRole).contains(u"No backlog history"_s));
}

// The Overview's strip: a backlog with a trend is growing by it, one without by what the
// Overview watched; the ports' pending rows in all stand in only while no port has a trend.
void tst_BacklogTrends::growingBacklogsByTheirTrend()
{
    const BacklogTrendSet trends = trendsOf(sampled());
    const QList<BacklogGrowth> watchedGroups{
        {u"orders/workers"_s, 100, 200, 120, std::nullopt}, // draining by its trend
        {u"mail/sender"_s, 5, 9, 90, std::nullopt},         // no trend: as watched
    };
    const auto groups = growingBacklogs(trends, BacklogKind::Group, watchedGroups);
    QCOMPARE(groups.size(), 1);
    QCOMPARE(groups.at(0).name, u"mail/sender"_s);

    const QList<BacklogGrowth> watchedPorts{{u"pending"_s, 10, 20, 60, std::nullopt}};
    const auto ports = growingBacklogs(trends, BacklogKind::Port, watchedPorts);
    QCOMPARE(ports.size(), 1);
    QCOMPARE(ports.at(0).name, u"payments"_s);
    QVERIFY(std::abs(*ports.at(0).perSecond - 12) < 1e-6);
    QCOMPARE(ports.at(0).to, 40 + 12 * 300);
    // Without trends the watched ones stand.
    QCOMPARE(growingBacklogs({}, BacklogKind::Port, watchedPorts).size(), 1);

    AttentionInputs inputs;
    inputs.now = t0;
    inputs.growingPorts = ports;
    const auto items = attentionItems(inputs);
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0).text, u"Port payments: 3,640 waiting, growing +12/s"_s);
    QCOMPARE(items.at(0).paneId, u"queues"_s);
    QCOMPARE(items.at(0).subject, u"payments"_s);
}

QTEST_MAIN(tst_BacklogTrends)
#include "tst_backlogtrends.moc"
