#include "attention.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const QDateTime now(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);

HealthRecord component(const QString &name, const QString &status, bool stale)
{
    HealthRecord record;
    record.componentName = name;
    record.status = status;
    record.lastHeartbeat = now.addSecs(stale ? -300 : -2);
    record.stale = stale;
    return record;
}

QList<AttentionItem::Kind> kinds(const QList<AttentionItem> &items)
{
    QList<AttentionItem::Kind> found;
    for (const AttentionItem &item : items)
        found << item.kind;
    return found;
}

} // namespace

class tst_Attention : public QObject
{
    Q_OBJECT

private slots:
    void nothingWhenAllIsWell();
    void everyProblemOnceWorstFirst();
    void manyQuietComponentsAreOneLine();
    void backlogGrowsOnlyWhenItNeverDips();
};

void tst_Attention::nothingWhenAllIsWell()
{
    AttentionInputs inputs;
    inputs.now = now;
    inputs.components = {component(u"a"_s, u"healthy"_s, false),
                         component(u"b"_s, u"degraded"_s, false)};
    inputs.alerts = {{u"lag"_s, u"s/g"_s, AlertState::Pending, now, 5.0, now, false, {}},
                     {u"beat"_s, u"a"_s, AlertState::Resolved, now, 1.0, now, false, {}}};
    inputs.newDeadLetters = RowCount{0, RowCount::Precision::Exact};
    IngestStats running;
    running.state = IngestState::Running;
    inputs.receiver = running;
    QVERIFY(attentionItems(inputs).isEmpty());
}

void tst_Attention::everyProblemOnceWorstFirst()
{
    AttentionInputs inputs;
    inputs.now = now;
    inputs.components = {component(u"quiet"_s, u"healthy"_s, true),
                         component(u"sick"_s, u"unhealthy"_s, false),
                         component(u"fine"_s, u"healthy"_s, false)};
    inputs.alerts = {{u"lag"_s, u"orders/g"_s, AlertState::Firing, now, 9.0, now, false, {}},
                     {u"beat"_s, u"quiet"_s, AlertState::Firing, now, 300.0, now, false, {}},
                     {u"other"_s, {}, AlertState::Ok, now, 0.0, now, false, {}}};
    inputs.growingGroups = {{u"orders/g"_s, 10, 900, 120, std::nullopt}};
    inputs.growingPorts = {{u"pending"_s, 3, 40, 60, std::nullopt}};
    inputs.newDeadLetters = RowCount{7, RowCount::Precision::Exact};
    IngestStats stalled;
    stalled.state = IngestState::Stalled;
    stalled.lastError = u"the store is full"_s;
    inputs.receiver = stalled;

    const QList<AttentionItem> items = attentionItems(inputs);
    using K = AttentionItem::Kind;
    QCOMPARE(kinds(items),
             (QList<K>{K::AlertsFiring, K::ComponentUnhealthy, K::ComponentStale, K::Receiver,
                       K::GroupBacklogGrowing, K::PortBacklogGrowing, K::NewDeadLetters}));
    QCOMPARE(items.at(0).text, u"Alerts firing (2): lag (orders/g), beat (quiet)"_s);
    QCOMPARE(items.at(0).tone, StatusTone::Critical);
    QCOMPARE(items.at(1).subject, u"sick"_s);
    QCOMPARE(items.at(1).paneId, u"healthhistory"_s);
    QCOMPARE(items.at(2).text, u"quiet: no heartbeat for 5 min"_s);
    QCOMPARE(items.at(2).tone, StatusTone::Stale);
    QCOMPARE(items.at(3).text, u"The receiver is stalled: the store is full"_s);
    QCOMPARE(items.at(4).paneId, u"redis"_s);
    QCOMPARE(items.at(4).subject, u"orders/g"_s);
    QCOMPARE(items.at(5).text, u"Port messages pending: 3 → 40 in 1 min"_s);
    QCOMPARE(items.at(5).paneId, u"queues"_s);
    QCOMPARE(items.at(6).text, u"Dead letters new in the last hour: 7"_s);
    QCOMPARE(items.at(6).paneId, u"deadletters"_s);
}

void tst_Attention::manyQuietComponentsAreOneLine()
{
    AttentionInputs inputs;
    inputs.now = now;
    // Two quiet: a line each, to click through to each.
    inputs.components = {component(u"a"_s, u"healthy"_s, true),
                         component(u"b"_s, u"healthy"_s, true),
                         component(u"c"_s, u"healthy"_s, false)};
    QList<AttentionItem> items = attentionItems(inputs);
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(1).subject, u"b"_s);
    // Four quiet: the pipeline went quiet, one line for them all, to the whole history.
    inputs.components << component(u"d"_s, u"healthy"_s, true)
                      << component(u"e"_s, u"unhealthy"_s, true);
    items = attentionItems(inputs);
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0).kind, AttentionItem::Kind::ComponentStale);
    QCOMPARE(items.at(0).text, u"4 components without a heartbeat, up to 5 min: a, b and 2 more"_s);
    QCOMPARE(items.at(0).paneId, u"healthhistory"_s);
    QVERIFY(items.at(0).subject.isEmpty());
}

void tst_Attention::backlogGrowsOnlyWhenItNeverDips()
{
    BacklogWatch watch;
    const auto at = [](int seconds) {
        return now.addSecs(seconds);
    };
    // Rising for 90 s; draining after a dip; rising, but for 30 s only; flat.
    const QList<QHash<QString, qint64>> rounds{
        {{u"rising"_s, 10}, {u"dips"_s, 10}, {u"late"_s, 50}, {u"flat"_s, 5}},
        {{u"rising"_s, 20}, {u"dips"_s, 30}, {u"late"_s, 50}, {u"flat"_s, 5}},
        {{u"rising"_s, 20}, {u"dips"_s, 25}, {u"late"_s, 40}, {u"flat"_s, 5}},
        {{u"rising"_s, 90}, {u"dips"_s, 60}, {u"late"_s, 60}, {u"flat"_s, 5}},
    };
    const QList<int> times{0, 30, 60, 90};
    for (qsizetype i = 0; i < rounds.size(); ++i)
        watch.observe(rounds.at(i), at(times.at(i)));
    const QList<BacklogGrowth> growing = watch.growing();
    QCOMPARE(growing.size(), 1);
    QCOMPARE(growing.at(0).name, u"rising"_s);
    QCOMPARE(growing.at(0).from, 10);
    QCOMPARE(growing.at(0).to, 90);
    QCOMPARE(growing.at(0).seconds, 90);

    // "dips" has risen for 60 s since its dip; a name gone from a round is forgotten.
    watch.observe({{u"dips"_s, 61}}, at(120));
    QCOMPARE(watch.growing().size(), 1);
    QCOMPARE(watch.growing().at(0).name, u"dips"_s);
    QCOMPARE(watch.growing().at(0).from, 25);
    // Readings older than the window are forgotten: its rise is no longer seen whole.
    watch.observe({{u"dips"_s, 62}}, at(120 + BacklogWatch::window));
    watch.observe({{u"dips"_s, 63}}, at(121 + BacklogWatch::window));
    QVERIFY(watch.growing().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Attention)
#include "tst_attention.moc"
