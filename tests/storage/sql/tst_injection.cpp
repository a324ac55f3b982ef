#include "auditlog.h"
#include "checkpointrepository.h"
#include "metricsrepository.h"
#include "repositorytestsupport.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;
using Engine = porthole::test::ScratchDatabase::Engine;

// Text a person types where the checkpoint, audit and metrics readers take it: SQL injection
// and other hostile strings find nothing and change nothing, on both engines. (The message
// and port-message filters: tst_PortMessageRepository::injectionIsInert,
// tst_MessageModel::filtersAndSortsInSql.)
class tst_Injection : public QObject
{
    Q_OBJECT

private slots:
    void hostileTextIsInert_data();
    void hostileTextIsInert();
};

namespace {

// Each table with its row count: what must stay as it was.
QStringList fingerprint(const QSqlDatabase &db)
{
    QStringList tables = db.tables(QSql::Tables);
    tables.sort();
    QStringList out;
    for (const QString &table : std::as_const(tables)) {
        QSqlQuery query(db);
        out << table + u' ' +
                   (query.exec(u"SELECT count(*) FROM "_s + table) && query.next()
                        ? query.value(0).toString()
                        : u"unreadable"_s);
    }
    return out;
}

} // namespace

void tst_Injection::hostileTextIsInert_data()
{
    QTest::addColumn<Engine>("engine");
    QTest::addColumn<QString>("text");
    const QList<std::pair<const char *, QString>> texts{
        {"quote and drop", u"x'; DROP TABLE checkpoints; --"_s},
        {"or true", u"' OR '1'='1"_s},
        {"double quote", u"\" OR 1=1 --"_s},
        {"like wildcards", u"%_%"_s},
        {"backslash escape", u"\\'; DELETE FROM audit_log; --"_s},
        {"stacked statement", u"a); UPDATE checkpoints SET is_latest = false; --"_s},
        {"nul", QString(u"a\u0000b"_s)},
        {"path", u"../../etc/passwd"_s},
        {"very long", QString(5000, u'\'')},
    };
    for (const auto &[name, text] : texts) {
        QTest::newRow(qPrintable(u"sqlite, "_s + QLatin1StringView(name)))
            << Engine::SQLite << text;
        QTest::newRow(qPrintable(u"postgresql, "_s + QLatin1StringView(name)))
            << Engine::PostgreSQL << text;
    }
}

void tst_Injection::hostileTextIsInert()
{
    PORTHOLE_MIGRATED_DATABASE(database);
    QFETCH(QString, text);
    const QSqlDatabase &db = database.db;

    CheckpointRepository checkpoints(db);
    QVERIFY(checkpoints.save(u"offsets"_s, u"reader"_s, R"({"offset": 1})").ok());
    AuditEntry entry;
    entry.action = u"retention"_s;
    entry.targetTable = u"messages"_s;
    QVERIFY(AuditLog(db).append(entry).ok());
    MetricsRepository metrics(db);
    QVERIFY(metrics
                .insertComponentMetrics(
                    {{u"api"_s, u"latency"_s, 12.5, u"ms"_s, {}, QDateTime::currentDateTimeUtc()}})
                .ok());
    const QStringList before = fingerprint(db);

    // Checkpoints: the name filter, a name's versions, one version.
    const auto names = checkpoints.names(text);
    QVERIFY2(names.ok(), qPrintable(names.errorMessage()));
    QVERIFY(names->isEmpty());
    const auto versions = checkpoints.versions(text);
    QVERIFY(!versions.ok() || versions->isEmpty());
    QVERIFY(!checkpoints.get(text).ok());

    // The audit log by action.
    AuditFilter filter;
    filter.action = text;
    const auto page = AuditLog(db).page(filter, {});
    QVERIFY2(page.ok(), qPrintable(page.errorMessage()));
    QVERIFY(page->rows.isEmpty());

    // A metric series named by the text, as owner and as name.
    for (const MetricSeries &series : {MetricSeries{MetricSource::Component, text, u"latency"_s},
                                       MetricSeries{MetricSource::Component, u"api"_s, text},
                                       MetricSeries{MetricSource::Port, text, text}}) {
        SeriesRequest request;
        request.series = series;
        request.from = QDateTime::currentDateTimeUtc().addDays(-1);
        request.to = QDateTime::currentDateTimeUtc().addDays(1);
        const auto points = metrics.points(request);
        QVERIFY(!points.ok() || points->points.isEmpty());
        const auto unit = metrics.unitOf(series);
        QVERIFY(!unit.ok() || unit->isEmpty());
    }

    QCOMPARE(fingerprint(db), before);
    QVERIFY(checkpoints.get(u"offsets"_s).ok());
}

QTEST_GUILESS_MAIN(tst_Injection)
#include "tst_injection.moc"
