// `porthole trace`: a message's journey from the command line, as text and as JSON, on a
// migrated SQLite database holding an order's three hops and another order beside them.

#include "commandrun.h"
#include "connectionfactory.h"
#include "flowwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_TraceCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsTheHopsInOrder();
    void writesTheJourneyAsJson();
    void saysWhatItCannotFind();

private:
    QTemporaryDir m_dir;
    QString m_url;
    QStringList m_ids; // the order's hops, first to last
};

void tst_TraceCommand::initTestCase()
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
        // Three hops, the last a dead letter; another order's beside them.
        const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-60);
        const QList<test::FlowHop> hops{
            {u"order-source"_s, u"splitter"_s, u"orders.in"_s, u"completed"_s, 0, 0},
            {u"splitter"_s, u"validator"_s, u"orders.split"_s, u"completed"_s, 0, 100},
            {u"validator"_s, u"payment-gateway"_s, u"payments.requests"_s, u"dead_letter"_s, 3,
             200}};
        QVERIFY(test::writeFlow(*db, hops, u"trace-other"_s, start).ok());
        auto ids = test::writeFlow(*db, hops, u"trace-7"_s, start.addMSecs(10));
        QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));
        m_ids = *ids;
    }
    factory.close(u"fill"_s);
}

void tst_TraceCommand::printsTheHopsInOrder()
{
    const auto run = test::runPorthole({u"trace"_s, m_ids.at(1), u"--db"_s, m_url});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.startsWith(u"Journey of %1: 3 hops, found by id\n"_s.arg(m_ids.at(1))),
             qPrintable(out));
    // Each hop in order, the last with its error and why nothing follows it.
    qsizetype at = 0;
    for (const QString &line :
         {u"order-source -> splitter on orders.in  completed"_s, m_ids.at(0),
          u"splitter -> validator on orders.split  completed (+"_s, m_ids.at(1),
          u"validator -> payment-gateway on payments.requests  dead_letter, 3 retries (+"_s,
          m_ids.at(2), u"error: Timeout after 5000 ms calling payment-gateway"_s,
          u"! dead end: Dead letter"_s}) {
        const qsizetype found = out.indexOf(line, at);
        QVERIFY2(found >= 0,
                 qPrintable(line + u"\nnot after "_s + QString::number(at) + u" in:\n"_s + out));
        at = found + line.size();
    }
    QVERIFY2(!out.contains(u"trace-other"_s), qPrintable(out));
}

void tst_TraceCommand::writesTheJourneyAsJson()
{
    const auto run = test::runPorthole({u"trace"_s, u"trace-7"_s, u"--db"_s, m_url, u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QJsonParseError error;
    const QJsonObject journey = QJsonDocument::fromJson(run.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(journey.value(u"query"_s).toString(), u"trace-7"_s);
    QCOMPARE(journey.value(u"matched_by"_s).toArray(), QJsonArray{u"metadata trace_id"_s});
    const QJsonArray hops = journey.value(u"hops"_s).toArray();
    QCOMPARE(hops.size(), 3);
    for (qsizetype i = 0; i < 3; ++i) {
        const QJsonObject hop = hops.at(i).toObject();
        QCOMPARE(hop.value(u"row"_s).toObject().value(u"id"_s).toString(), m_ids.at(i));
        QCOMPARE(hop.value(u"cause_id"_s).toString(), i == 0 ? QString() : m_ids.at(i - 1));
    }
    QCOMPARE(hops.at(2).toObject().value(u"trouble"_s).toString(), u"dead end"_s);
    QCOMPARE(hops.at(1).toObject().value(u"usual_wait_ms"_s).toInt(), 40);
}

void tst_TraceCommand::saysWhatItCannotFind()
{
    const auto missing = test::runPorthole({u"trace"_s, u"trace-none"_s, u"--db"_s, m_url});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("no port message is trace-none or holds it in trace_id"),
             missing.err.constData());
    QVERIFY(missing.out.isEmpty());

    // A key that is not one is a usage error, before the database is opened.
    const auto badKey = test::runPorthole(
        {u"trace"_s, u"trace-7"_s, u"--db"_s, m_url, u"--keys"_s, u"trace_id') OR (1"_s});
    QCOMPARE(badKey.exitCode, 2);
    QVERIFY2(badKey.err.contains("is not a metadata key"), badKey.err.constData());

    // With the shared key renamed, the trace id no longer names the message.
    const auto renamed =
        test::runPorthole({u"trace"_s, u"trace-7"_s, u"--db"_s, m_url, u"--keys"_s, u"flow_id"_s});
    QCOMPARE(renamed.exitCode, 1);
}

QTEST_GUILESS_MAIN(tst_TraceCommand)
#include "tst_tracecommand.moc"
