#include "sourceprobeservice.h"
#include "testservers.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_SourceProbeService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportsEverySource();
    void dropsResultsForOldSources();
    void coalescesRefreshes();
};

void tst_SourceProbeService::reportsEverySource()
{
    const auto redis = porthole::test::fixtureRedis();
    QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
    QTemporaryDir dir;
    SourceProbeService service;
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"p.db"_s)), dir.path(), *redis);
    const auto unchecked = service.uncheckedStatuses();
    QCOMPARE(unchecked.size(), 3);
    QCOMPARE(unchecked.at(2).state, SourceStatus::State::Unknown);

    QSignalSpy ready(&service, &SourceProbeService::statusesReady);
    service.refresh();
    QVERIFY(service.isChecking());
    QVERIFY(ready.wait(10000));
    const auto statuses = ready.first().at(0).value<QList<SourceStatus>>();
    QCOMPARE(statuses.size(), 3);
    QCOMPARE(statuses.at(0).state, SourceStatus::State::Missing); // no database file yet
    QCOMPARE(statuses.at(1).state, SourceStatus::State::Ok);      // the folder exists
    QVERIFY2(statuses.at(2).state == SourceStatus::State::Ok, qPrintable(statuses.at(2).detail));
}

void tst_SourceProbeService::dropsResultsForOldSources()
{
    QTemporaryDir dir;
    SourceProbeService service;
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"old.db"_s)), dir.filePath(u"old"_s),
                       {});
    QSignalSpy ready(&service, &SourceProbeService::statusesReady);
    service.refresh();
    // The check above is under way; the sources change before its result arrives.
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"new.db"_s)), dir.filePath(u"new"_s),
                       {});
    QVERIFY(ready.wait(10000));
    QTRY_VERIFY(!service.isChecking());
    QCOMPARE(ready.size(), 1);
    const auto statuses = ready.first().at(0).value<QList<SourceStatus>>();
    QCOMPARE(statuses.at(1).location, dir.filePath(u"new"_s));
}

void tst_SourceProbeService::coalescesRefreshes()
{
    QTemporaryDir dir;
    SourceProbeService service;
    service.setSources(DatabaseUrl::sqliteFile(dir.filePath(u"p.db"_s)), dir.path(), {});
    QSignalSpy ready(&service, &SourceProbeService::statusesReady);
    service.refresh();
    service.refresh();
    service.refresh();
    // One check runs now and one more after it, for the refreshes asked for meanwhile.
    QTRY_COMPARE(ready.size(), 2);
    QTRY_VERIFY(!service.isChecking());
    QCOMPARE(ready.size(), 2);
}

QTEST_GUILESS_MAIN(tst_SourceProbeService)
#include "tst_sourceprobeservice.moc"
