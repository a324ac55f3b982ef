#include "commandrun.h"
#include "migrateddatabase.h"
#include "portmessagerepository.h"
#include "testservers.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr int stepTimeoutMs = 60000;
constexpr int total = 60;
constexpr double rate = 20; // messages a second: steps of 4 rows

// `porthole ARGS` run to its end, with PORTHOLE_FAULT_POINT set to `faultPoint` (if any).
test::CommandRun runCommand(const QStringList &arguments, const QString &faultPoint = {})
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"PORTHOLE_FAULT_POINT"_s);
    if (!faultPoint.isEmpty())
        environment.insert(u"PORTHOLE_FAULT_POINT"_s, faultPoint);
    return test::runPorthole(arguments, stepTimeoutMs, environment);
}

// A database of its own with `total` dead letters.
class Database
{
public:
    Database()
        : m_database(test::ScratchDatabase::Engine::SQLite)
    {
        if (!m_database.ok())
            return;
        QList<PortMessage> messages;
        const QDateTime base(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());
        for (int n = 0; n < total; ++n) {
            PortMessage m;
            m.portName = u"orders.in"_s;
            m.sourceComponent = u"splitter"_s;
            m.targetComponent = u"sink"_s;
            m.messageData = u"{\"order\": %1}"_s.arg(n).toUtf8();
            m.status = u"dead_letter"_s;
            m.retryCount = 3;
            m.maxRetries = 3;
            m.createdAt = base.addSecs(n);
            m.errorMessage = u"timeout after 30s talking to sink"_s;
            messages << m;
        }
        m_ok = PortMessageRepository(m_database.db).insert(messages).ok();
    }

    bool ok() const { return m_ok; }
    QString argument() const { return u"sqlite://"_s + m_database.scratch->url().filePath(); }
    qint64 number(const QString &sql) const
    {
        QSqlQuery query(m_database.db);
        return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
    }
    qint64 replayed() const
    {
        return number(u"SELECT count(*) FROM port_messages WHERE replay_count = 1"_s);
    }

private:
    test::MigratedDatabase m_database;
    bool m_ok = false;
};

} // namespace

// The pace of a replay (--rate) is kept with the action: whoever finishes it (a later run,
// `replay --finish` beside it, a window after a crash) keeps it too, and two runners at once
// keep it together.
class tst_ReplayRate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void finisherKeepsTheRate();
    void concurrentFinisherKeepsTheRate();
};

void tst_ReplayRate::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("PORTHOLE_BINARY"), "ctest sets PORTHOLE_BINARY");
}

void tst_ReplayRate::finisherKeepsTheRate()
{
    const Database database;
    QVERIFY(database.ok());
    const QString db = database.argument();
    const auto number = [&database](const QString &sql) {
        return database.number(sql);
    };

    // A paced replay, killed (SIGKILL) right after its first step.
    const test::CommandRun crashed =
        runCommand({u"replay"_s, u"--db"_s, db, u"--filter"_s, u"dead-letters"_s, u"--confirm"_s,
                    QString::number(total), u"--rate"_s, QString::number(rate)},
                   u"action-applied"_s);
    QVERIFY2(crashed.exitCode == -1, crashed.err.constData()); // killed at the fault point
    const qint64 doneFirst = number(u"SELECT count(*) FROM port_messages WHERE replay_count = 1"_s);
    QCOMPARE(doneFirst, qint64(std::ceil(rate / 5)));

    // Finished by another run that names no rate: at the action's pace, in steps of its size.
    // At full speed the rest is one step of a few milliseconds; at 20 a second the 56 rows
    // left take 14 steps, the last one due 52 / 20 = 2.6 s after the first.
    QElapsedTimer finishing;
    finishing.start();
    const test::CommandRun finisher = runCommand({u"replay"_s, u"--db"_s, db, u"--finish"_s});
    const qint64 tookMs = finishing.elapsed();
    QVERIFY2(finisher.exitCode == 0, finisher.err.constData());
    QVERIFY2(QString::fromUtf8(finisher.err).contains(u"that an earlier run left unfinished"_s),
             finisher.err.constData());
    QCOMPARE(number(u"SELECT count(*) FROM port_messages WHERE replay_count = 1"_s), total);
    QCOMPARE(number(u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s), 0);
    const qint64 leastMs = qint64(1000.0 * double(total - 2 * doneFirst) / rate);
    qInfo("the finisher took %lld ms for %lld rows at %g a second (at least %lld ms)",
          static_cast<long long>(tookMs), static_cast<long long>(total - doneFirst), rate,
          static_cast<long long>(leastMs));
    QVERIFY2(tookMs >= leastMs, qPrintable(u"%1 rows finished in %2 ms: faster than %3 a second"_s
                                               .arg(total - doneFirst)
                                               .arg(tookMs)
                                               .arg(rate)));
}

// `replay --finish` started beside a paced replay that is still running: the two share the
// rows, and each counts the other's, so the action stays at its rate. From the start of the
// first, the 60 rows take (60 - 3 steps) / 20 = 2.4 s at least at 20 a second (each runner may
// be a step ahead, the second a step more as it joins); two runners pacing only their own rows
// take about 1.7 s, and a finisher at full speed little more than the first step.
void tst_ReplayRate::concurrentFinisherKeepsTheRate()
{
    const Database database;
    QVERIFY(database.ok());
    const QString db = database.argument();
    const auto start = [](QProcess &process, const QStringList &arguments) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"PORTHOLE_FAULT_POINT"_s);
        process.setProcessEnvironment(environment);
        process.start(qEnvironmentVariable("PORTHOLE_BINARY"), arguments);
        return process.waitForStarted(stepTimeoutMs);
    };
    QElapsedTimer finishing;
    finishing.start();
    QProcess first;
    QVERIFY(
        start(first, {u"replay"_s, u"--db"_s, db, u"--filter"_s, u"dead-letters"_s, u"--confirm"_s,
                      QString::number(total), u"--rate"_s, QString::number(rate)}));
    QTRY_VERIFY_WITH_TIMEOUT(database.replayed() >= 4 || first.state() == QProcess::NotRunning,
                             stepTimeoutMs);
    QVERIFY2(first.state() == QProcess::Running, first.readAllStandardError().constData());
    const qint64 doneAtStart = database.replayed();
    QProcess second;
    QVERIFY(start(second, {u"replay"_s, u"--db"_s, db, u"--finish"_s}));
    QVERIFY(second.waitForFinished(stepTimeoutMs));
    QVERIFY(first.waitForFinished(stepTimeoutMs));
    const qint64 tookMs = finishing.elapsed();
    QVERIFY2(first.exitStatus() == QProcess::NormalExit && first.exitCode() == 0,
             first.readAllStandardError().constData());
    QVERIFY2(second.exitStatus() == QProcess::NormalExit && second.exitCode() == 0,
             second.readAllStandardError().constData());
    QCOMPARE(database.replayed(), total);
    QCOMPARE(database.number(u"SELECT count(*) FROM action_outbox WHERE state = 'prepared'"_s), 0);

    const qint64 step = qint64(std::ceil(rate / 5));
    const qint64 leastMs = qint64(1000.0 * double(total - 3 * step) / rate);
    qInfo("%d rows took %lld ms at %g a second, the second runner joining after %lld "
          "(at least %lld ms)",
          total, static_cast<long long>(tookMs), rate, static_cast<long long>(doneAtStart),
          static_cast<long long>(leastMs));
    QVERIFY2(tookMs >= leastMs,
             qPrintable(
                 u"%1 rows finished in %2 ms: faster than %3 a second"_s.arg(total).arg(tookMs).arg(
                     rate)));
}

QTEST_GUILESS_MAIN(tst_ReplayRate)
#include "tst_replayrate.moc"
