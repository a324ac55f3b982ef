// `porthole timeline`: what changed in a range, from the command line, as text and as JSON,
// filtered, on a migrated SQLite database that it leaves byte for byte as it was.

#include "alerthistory.h"
#include "commandrun.h"
#include "connectionfactory.h"
#include "healthrepository.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_TimelineCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsTheChangesNewestFirst();
    void writesThemAsJson();
    void filtersByKindAndComponent();
    void refusesWhatItCannotRead_data();
    void refusesWhatItCannotRead();

private:
    QByteArray fileHash() const;

    QTemporaryDir m_dir;
    QString m_url;
};

namespace {

const QDateTime start(QDate(2026, 11, 20), QTime(12, 0), Qt::UTC);

QStringList rangeArguments()
{
    return {u"--from"_s, u"2026-11-20T12:00:00"_s, u"--to"_s, u"2026-11-20T12:59:00"_s};
}

} // namespace

QByteArray tst_TimelineCommand::fileHash() const
{
    QFile file(m_dir.filePath(u"porthole.db"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

void tst_TimelineCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_url = u"sqlite://"_s + m_dir.filePath(u"porthole.db"_s);
    const auto up = test::runPorthole({u"migrate"_s, u"--db"_s, m_url, u"up"_s});
    QVERIFY2(up.exitCode == 0, up.err.constData());
    const auto url = DatabaseUrl::parse(m_url);
    QVERIFY(url.ok());
    const ConnectionFactory factory(*url);
    {
        auto db = factory.open(u"fill"_s);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        // router beats every 10 s and turns degraded at 12:10; the sink beats until 12:20.
        HealthRepository health(*db);
        for (int s = 0; s < 3600; s += 10) {
            const QString status = s >= 600 ? u"degraded"_s : u"healthy"_s;
            QVERIFY(health.record({u"router"_s, status, {}, start.addSecs(s)}).ok());
            if (s <= 1200)
                QVERIFY(health.record({u"sink"_s, u"healthy"_s, {}, start.addSecs(s)}).ok());
        }
        const AlertEvent firing{u"stale"_s,
                                u"Component stale"_s,
                                AlertSeverity::Critical,
                                u"sink"_s,
                                AlertState::Pending,
                                AlertState::Firing,
                                95.0,
                                start.addSecs(1300),
                                false,
                                false,
                                {}};
        QVERIFY(AlertHistory(*db).append(firing).ok());
    }
    factory.close(u"fill"_s);
}

void tst_TimelineCommand::printsTheChangesNewestFirst()
{
    const QByteArray before = fileHash();
    const auto run =
        test::runPorthole(QStringList{u"timeline"_s, u"--db"_s, m_url} + rangeArguments());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QStringList lines = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines,
             (QStringList{
                 u"What changed from 2026-11-20 12:00:00.000 to 2026-11-20 12:59:00.000 (UTC): "
                 "3 changes"_s,
                 u"  2026-11-20 12:21:40.000  critical alert      “Component stale” firing on "
                 "sink (value 95)"_s,
                 u"  2026-11-20 12:20:00.000  critical gap        sink stopped beating: silent "
                 "for %1 so far (beats every 10.0 s)"_s.arg(
                     lines.value(2).section(u"for "_s, 1).section(u" so far"_s, 0, 0)),
                 u"  2026-11-20 12:10:00.000  warning  status     router: healthy → degraded"_s}));
    QCOMPARE(fileHash(), before);
}

void tst_TimelineCommand::writesThemAsJson()
{
    const auto run = test::runPorthole(QStringList{u"timeline"_s, u"--db"_s, m_url, u"--json"_s} +
                                       rangeArguments());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json.value("capped"_L1).toBool(true), false);
    const QJsonArray changes = json.value("changes"_L1).toArray();
    QCOMPARE(changes.size(), 3);
    const QJsonObject gap = changes.at(1).toObject();
    QCOMPARE(gap.value("kind"_L1).toString(), u"gap"_s);
    QCOMPARE(gap.value("at"_L1).toString(), u"2026-11-20T12:20:00.000Z"_s);
    QCOMPARE(gap.value("component"_L1).toString(), u"sink"_s);
    QVERIFY(gap.value("until"_L1).isNull());
    QCOMPARE(gap.value("details"_L1).toObject().value("expected_ms"_L1).toInteger(), 10000);
    const QJsonObject status = changes.at(2).toObject();
    QCOMPARE(status.value("details"_L1).toObject().value("to"_L1).toString(), u"degraded"_s);
    QCOMPARE(status.value("severity"_L1).toString(), u"warning"_s);
}

void tst_TimelineCommand::filtersByKindAndComponent()
{
    auto run = test::runPorthole(
        QStringList{u"timeline"_s, u"--db"_s, m_url, u"--kind"_s, u"status,alert"_s, u"--json"_s} +
        rangeArguments());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QStringList kinds;
    for (const QJsonValue &change : QJsonDocument::fromJson(run.out)["changes"_L1].toArray())
        kinds << change["kind"_L1].toString();
    QCOMPARE(kinds, (QStringList{u"alert"_s, u"status"_s}));

    run = test::runPorthole(
        QStringList{u"timeline"_s, u"--db"_s, m_url, u"--component"_s, u"router"_s, u"--json"_s} +
        rangeArguments());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray changes = QJsonDocument::fromJson(run.out)["changes"_L1].toArray();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0)["component"_L1].toString(), u"router"_s);

    run = test::runPorthole(QStringList{u"timeline"_s, u"--db"_s, m_url, u"--severity"_s,
                                        u"critical"_s, u"--max"_s, u"1"_s, u"--json"_s} +
                            rangeArguments());
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject capped = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(capped["changes"_L1].toArray().size(), 1);
    QCOMPARE(capped["changes"_L1].toArray().at(0)["kind"_L1].toString(), u"alert"_s);
    QVERIFY(capped["capped"_L1].toBool());
}

void tst_TimelineCommand::refusesWhatItCannotRead_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("no database") << QStringList{} << u"--db names the database"_s;
    QTest::newRow("a kind unknown")
        << QStringList{u"--kind"_s, u"heartbeat"_s} << u"no kind is named heartbeat"_s;
    QTest::newRow("a range backwards")
        << QStringList{u"--from"_s, u"2026-11-20T13:00:00"_s, u"--to"_s, u"2026-11-20T12:00:00"_s}
        << u"--from must be before --to"_s;
    QTest::newRow("not a time") << QStringList{u"--from"_s, u"yesterday"_s}
                                << u"--from and --to take a time"_s;
    QTest::newRow("a severity unknown")
        << QStringList{u"--severity"_s, u"fatal"_s} << u"--severity is info, warning or critical"_s;
}

void tst_TimelineCommand::refusesWhatItCannotRead()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    if (!arguments.isEmpty() || error.startsWith(u"--db"_s))
        arguments.prepend(u"timeline"_s);
    if (!error.startsWith(u"--db"_s))
        arguments << u"--db"_s << m_url;
    const auto run = test::runPorthole(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err).contains(error), run.err.constData());
}

QTEST_GUILESS_MAIN(tst_TimelineCommand)
#include "tst_timelinecommand.moc"
