#include "metricsdashboardbar.h"

#include <QComboBox>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

const MetricSeries cpu{MetricSource::Component, u"splitter"_s, u"cpu"_s};
const MetricSeries sent{MetricSource::Port, u"orders"_s, u"messages_sent"_s};
const MetricSeries lag{MetricSource::Check, u"consumer_lag"_s, QString()};

// What the settings hold of the saved dashboards, byte for byte.
QString savedText()
{
    return QSettings().value(u"metrics/dashboards"_s).toString();
}

QStringList boxTexts(const QComboBox *box)
{
    QStringList texts;
    for (int i = 0; i < box->count(); ++i)
        texts << box->itemText(i);
    return texts;
}

} // namespace

// The Metrics pane's dashboard box and menu, over a set shown that the test sets: saving under
// a name (a name taken is not overwritten unasked), deleting, export and import (a file that is
// not a dashboards document changes nothing), picking one.
class tst_MetricsDashboardBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void saveAskedBeforeReplacing();
    void deleteOne();
    void exportImportRoundTrip();
    void badImportChangesNothing_data();
    void badImportChangesNothing();
    void importAsksBeforeReplacing();
    void pickingOneAppliesIt();

private:
    MetricsDashboard m_shown{{}, {cpu, sent}, 86400, MetricAggregate::Maximum};
};

void tst_MetricsDashboardBar::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_metricsdashboardbar"_s);
}

void tst_MetricsDashboardBar::init()
{
    QSettings().clear();
    m_shown = {{}, {cpu, sent}, 86400, MetricAggregate::Maximum};
}

void tst_MetricsDashboardBar::saveAskedBeforeReplacing()
{
    MetricsDashboardBar bar([this] { return m_shown; });
    QCOMPARE(boxTexts(bar.box()), QStringList{u"Default"_s});
    QCOMPARE(bar.saveAs(u"  Ops "_s, false), MetricsDashboardBar::Saved::Saved);
    QCOMPARE(bar.box()->currentText(), u"Ops"_s);
    QCOMPARE(bar.inUse(), u"saved:Ops"_s);
    MetricsDashboard ops = m_shown;
    ops.name = u"Ops"_s;
    QCOMPARE(MetricsDashboards::find(u"Ops"_s), ops);

    // The name taken: nothing saved until the operator says to replace.
    m_shown = {{}, {lag}, 900, MetricAggregate::Average};
    const QString before = savedText();
    QCOMPARE(bar.saveAs(u"Ops"_s, false), MetricsDashboardBar::Saved::NameTaken);
    QCOMPARE(savedText(), before);
    QCOMPARE(bar.saveAs(u"Ops"_s, true), MetricsDashboardBar::Saved::Saved);
    QCOMPARE(MetricsDashboards::find(u"Ops"_s)->series, QList<MetricSeries>{lag});
    QCOMPARE(MetricsDashboards::load().size(), 1);

    QCOMPARE(bar.saveAs(u"   "_s, false), MetricsDashboardBar::Saved::NoName);
    QCOMPARE(MetricsDashboards::load().size(), 1);
    QCOMPARE(bar.saveAs(u"Another"_s, false), MetricsDashboardBar::Saved::Saved);
    QCOMPARE(boxTexts(bar.box()), (QStringList{u"Default"_s, u"Another"_s, u"Ops"_s}));
}

void tst_MetricsDashboardBar::deleteOne()
{
    MetricsDashboardBar bar([this] { return m_shown; });
    QCOMPARE(bar.saveAs(u"A"_s, false), MetricsDashboardBar::Saved::Saved);
    QCOMPARE(bar.saveAs(u"B"_s, false), MetricsDashboardBar::Saved::Saved);
    QVERIFY(bar.removeDashboard(u"B"_s));
    QCOMPARE(boxTexts(bar.box()), (QStringList{u"Default"_s, u"A"_s}));
    QCOMPARE(bar.inUse(), u"none"_s); // the one shown is gone: its series stay, unsaved
    QCOMPARE(bar.box()->currentIndex(), -1);
    QVERIFY(!MetricsDashboards::find(u"B"_s));
    QVERIFY(!bar.removeDashboard(u"B"_s));
    QVERIFY(MetricsDashboards::find(u"A"_s));
}

// Exported, deleted and imported back: the same dashboard.
void tst_MetricsDashboardBar::exportImportRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"ops.json"_s);
    MetricsDashboardBar bar([this] { return m_shown; });
    QCOMPARE(bar.saveAs(u"Ops"_s, false), MetricsDashboardBar::Saved::Saved);
    const MetricsDashboard saved = *MetricsDashboards::find(u"Ops"_s);
    QString error;
    QVERIFY2(bar.exportTo(path, &error), qPrintable(error));
    QVERIFY(bar.removeDashboard(u"Ops"_s));
    QVERIFY(MetricsDashboards::load().isEmpty());

    QSignalSpy chosen(&bar, &MetricsDashboardBar::dashboardChosen);
    QVERIFY2(bar.importFrom(path, &error), qPrintable(error));
    QCOMPARE(MetricsDashboards::find(u"Ops"_s), saved);
    QCOMPARE(MetricsDashboards::load().size(), 1);
    QCOMPARE(bar.box()->currentText(), u"Ops"_s);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.at(0).at(0).value<MetricsDashboard>(), saved);

    // The default, exported, is named so.
    bar.showDefault();
    QVERIFY2(bar.exportTo(path, &error), qPrintable(error));
    const auto read = readDashboardsFile(path, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->constFirst().name, u"Default"_s);
    QCOMPARE(read->constFirst().series, m_shown.series);
}

void tst_MetricsDashboardBar::badImportChangesNothing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("says");
    QTest::newRow("garbage") << QByteArray("\x00\x01\xff garbage", 12) << u"It is not JSON"_s;
    QTest::newRow("cut short") << dashboardsToJson({{u"New"_s, {cpu}, 60, {}}}).left(80)
                               << u"It is not JSON"_s;
    QTest::newRow("another program's")
        << QByteArray(R"({"dashboard": {"title": "Ops", "panels": []}})")
        << u"not a file of Porthole's metrics dashboards"_s;
    QTest::newRow("a bad series")
        << QByteArray(R"({"format": "porthole-metrics-dashboards", "version": 1, "dashboards": [
             {"name": "New", "range_seconds": 60, "aggregate": "average", "series": []},
             {"name": "Ops", "range_seconds": 60, "aggregate": "average", "series": [
               {"source": "component", "owner": ""}]}]})")
        << u"Dashboard 2 (Ops), series 1 has no owner"_s;
    QTest::newRow("no dashboard")
        << QByteArray(
               R"({"format": "porthole-metrics-dashboards", "version": 1, "dashboards": []})")
        << u"holds no dashboard"_s;
    QTest::newRow("no file") << QByteArray() << u"Could not read"_s;
}

void tst_MetricsDashboardBar::badImportChangesNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, says);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"import.json"_s);
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    MetricsDashboardBar bar([this] { return m_shown; });
    QCOMPARE(bar.saveAs(u"Ops"_s, false), MetricsDashboardBar::Saved::Saved);
    const QString before = savedText();
    QSignalSpy chosen(&bar, &MetricsDashboardBar::dashboardChosen);
    QString error;
    bool asked = false;
    QVERIFY(!bar.importFrom(path, &error, [&asked](const QStringList &) {
        asked = true;
        return true;
    }));
    QVERIFY2(error.contains(says), qPrintable(error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY(!asked);
    QCOMPARE(savedText(), before);
    QCOMPARE(boxTexts(bar.box()), (QStringList{u"Default"_s, u"Ops"_s}));
    QCOMPARE(bar.inUse(), u"saved:Ops"_s);
    QCOMPARE(chosen.size(), 0);
}

void tst_MetricsDashboardBar::importAsksBeforeReplacing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"import.json"_s);
    QString error;
    QVERIFY(writeDashboardsFile(path,
                                {{u"Ops"_s, {lag}, 60, MetricAggregate::Count},
                                 {u"New"_s, {cpu}, 0, MetricAggregate::Average}},
                                &error));
    MetricsDashboardBar bar([this] { return m_shown; });
    QCOMPARE(bar.saveAs(u"Ops"_s, false), MetricsDashboardBar::Saved::Saved);
    const QString before = savedText();
    QStringList taken;
    QVERIFY(!bar.importFrom(path, &error, [&taken](const QStringList &names) {
        taken = names;
        return false;
    }));
    QCOMPARE(taken, QStringList{u"Ops"_s});
    QVERIFY(error.isEmpty()); // declined: nothing to say
    QCOMPARE(savedText(), before);

    QVERIFY2(bar.importFrom(path, &error, [](const QStringList &) { return true; }),
             qPrintable(error));
    QCOMPARE(MetricsDashboards::find(u"Ops"_s)->series, QList<MetricSeries>{lag});
    QCOMPARE(MetricsDashboards::find(u"New"_s)->series, QList<MetricSeries>{cpu});
    QCOMPARE(boxTexts(bar.box()), (QStringList{u"Default"_s, u"New"_s, u"Ops"_s}));
}

void tst_MetricsDashboardBar::pickingOneAppliesIt()
{
    MetricsDashboardBar bar([this] { return m_shown; });
    QCOMPARE(bar.saveAs(u"Ops"_s, false), MetricsDashboardBar::Saved::Saved);
    bar.showUnsaved();
    QCOMPARE(bar.box()->currentIndex(), -1);
    QSignalSpy chosen(&bar, &MetricsDashboardBar::dashboardChosen);
    QSignalSpy defaulted(&bar, &MetricsDashboardBar::defaultChosen);
    bar.box()->setCurrentIndex(1);
    Q_EMIT bar.box()->activated(1);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.at(0).at(0).value<MetricsDashboard>().name, u"Ops"_s);
    bar.box()->setCurrentIndex(0);
    Q_EMIT bar.box()->activated(0);
    QCOMPARE(defaulted.size(), 1);
    QVERIFY(bar.defaultShown());

    // What the settings say is in use is shown again.
    bar.showInUse(u"saved:Ops"_s);
    QCOMPARE(bar.box()->currentText(), u"Ops"_s);
    bar.showInUse(u"saved:Gone"_s);
    QCOMPARE(bar.inUse(), u"none"_s);
}

QTEST_MAIN(tst_MetricsDashboardBar)
#include "tst_metricsdashboardbar.moc"
