#include "connectionfactory.h"
#include "migrationrunner.h"
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
#include <QUuid>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr int stepTimeoutMs = 60000;
constexpr int total = 40;
constexpr double rate = 20; // messages a second: steps of 4 rows

// Runs `porthole ARGS` to its end; its standard error, and how it ended.
struct Run
{
    QString err;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
};

Run runPorthole(const QStringList &arguments, const QString &faultPoint = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"PORTHOLE_FAULT_POINT"_s);
    if (!faultPoint.isEmpty())
        environment.insert(u"PORTHOLE_FAULT_POINT"_s, faultPoint);
    process.setProcessEnvironment(environment);
    process.start(qEnvironmentVariable("PORTHOLE_BINARY"), arguments);
    Run run;
    if (!process.waitForFinished(stepTimeoutMs))
        process.kill();
    process.waitForFinished(stepTimeoutMs);
    run.err = QString::fromUtf8(process.readAllStandardError());
    run.status = process.exitStatus();
    run.exitCode = process.exitCode();
    return run;
}

} // namespace

// The pace of a replay (--rate) is kept with the action: whoever finishes it (a later run,
// `replay --finish` beside it, a window after a crash) keeps it too.
class tst_ReplayRate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finisherKeepsTheRate();
};

void tst_ReplayRate::finisherKeepsTheRate()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("PORTHOLE_BINARY"), "ctest sets PORTHOLE_BINARY");
    PORTHOLE_SCRATCH_DATABASE(scratch, test::ScratchDatabase::Engine::SQLite);
    ConnectionFactory factory(scratch->url());
    const QString purpose = u"replayrate-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        auto db = factory.open(purpose);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(
            MigrationRunner(*db, *MigrationRunner::builtin(DatabaseUrl::Engine::SQLite)).up().ok());
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
        auto stored = PortMessageRepository(*db).insert(messages);
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
    }
    const auto number = [&](const QString &sql) {
        QSqlQuery query(*factory.open(purpose));
        return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
    };
    const QString db = u"sqlite://"_s + scratch->url().filePath();

    // A paced replay, killed (SIGKILL) right after its first step.
    const Run crashed =
        runPorthole({u"replay"_s, u"--db"_s, db, u"--filter"_s, u"dead-letters"_s, u"--confirm"_s,
                     QString::number(total), u"--rate"_s, QString::number(rate)},
                    u"action-applied"_s);
    QVERIFY2(crashed.status == QProcess::CrashExit, qPrintable(crashed.err));
    const qint64 doneFirst = number(u"SELECT count(*) FROM port_messages WHERE replay_count = 1"_s);
    QCOMPARE(doneFirst, qint64(std::ceil(rate / 5)));

    // Finished by another run that names no rate: at the action's pace, in steps of its size.
    // At full speed the rest is one step of a few milliseconds; at 20 a second the 36 rows
    // left take 9 steps, the last one due 32 / 20 = 1.6 s after the first.
    QElapsedTimer finishing;
    finishing.start();
    const Run finisher = runPorthole({u"replay"_s, u"--db"_s, db, u"--finish"_s});
    const qint64 tookMs = finishing.elapsed();
    QVERIFY2(finisher.status == QProcess::NormalExit && finisher.exitCode == 0,
             qPrintable(finisher.err));
    QVERIFY2(finisher.err.contains(u"that an earlier run left unfinished"_s),
             qPrintable(finisher.err));
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
    factory.close(purpose);
}

QTEST_GUILESS_MAIN(tst_ReplayRate)
#include "tst_replayrate.moc"
