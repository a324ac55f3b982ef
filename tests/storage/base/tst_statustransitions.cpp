#include "statustransitions.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_StatusTransitions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPairHasAnAnswer_data();
    void everyPairHasAnAnswer();
    void refusalsSayWhy_data();
    void refusalsSayWhy();
};

void tst_StatusTransitions::everyPairHasAnAnswer_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("allowed");
    // The whole table, allowed and refused: 5 x 5.
    const QSet<QPair<QString, QString>> allowed{
        {u"pending"_s, u"processing"_s},  {u"processing"_s, u"completed"_s},
        {u"processing"_s, u"failed"_s},   {u"processing"_s, u"pending"_s},
        {u"failed"_s, u"pending"_s},      {u"failed"_s, u"dead_letter"_s},
        {u"dead_letter"_s, u"pending"_s},
    };
    const QStringList statuses{u"pending"_s, u"processing"_s, u"completed"_s, u"failed"_s,
                               u"dead_letter"_s};
    QCOMPARE(StatusTransitions::statuses(), statuses);
    for (const QString &from : statuses)
        for (const QString &to : statuses)
            QTest::addRow("%s -> %s", qPrintable(from), qPrintable(to))
                << from << to << allowed.contains({from, to});
}

void tst_StatusTransitions::everyPairHasAnAnswer()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, allowed);
    QCOMPARE(StatusTransitions::allows(from, to), allowed);
    QCOMPARE(StatusTransitions::refusal(from, to).isEmpty(), allowed);
    QCOMPARE(StatusTransitions::targetsFrom(from).contains(to), allowed);
}

void tst_StatusTransitions::refusalsSayWhy_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("final") << u"completed"_s << u"pending"_s
                           << u"completed is final: it changes no more"_s;
    QTest::newRow("same") << u"pending"_s << u"pending"_s << u"it is pending already"_s;
    QTest::newRow("skips a step") << u"pending"_s << u"completed"_s
                                  << u"a pending message can become processing, not completed"_s;
    QTest::newRow("two ways") << u"failed"_s << u"completed"_s
                              << u"a failed message can become pending or dead_letter, not "
                                 u"completed"_s;
    QTest::newRow("unknown from") << u"lost"_s << u"pending"_s
                                  << u"\"lost\" is not a status a port message can have"_s;
    QTest::newRow("unknown to") << u"failed"_s << u"retrying"_s
                                << u"\"retrying\" is not a status a port message can have"_s;
}

void tst_StatusTransitions::refusalsSayWhy()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, refusal);
    QCOMPARE(StatusTransitions::refusal(from, to), refusal);
    QVERIFY(!StatusTransitions::allows(from, to));
}

QTEST_APPLESS_MAIN(tst_StatusTransitions)
#include "tst_statustransitions.moc"
