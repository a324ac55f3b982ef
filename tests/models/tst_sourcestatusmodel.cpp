#include "sourcestatusmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_SourceStatusModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsRows();
    void updatesInPlace();
    void resetsWhenSourcesChange();
    void unchangedEmitsNothing();

private:
    static QList<SourceStatus> twoSources(SourceStatus::State state)
    {
        return {{SourceStatus::Kind::Database, u"sqlite:///d.db"_s, state, u"SQLite 3.40"_s},
                {SourceStatus::Kind::BatchFiles, u"/data/messages"_s, state, u"3 batch files"_s}};
    }
};

void tst_SourceStatusModel::showsRows()
{
    SourceStatusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setStatuses(twoSources(SourceStatus::State::Ok));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(SourceStatusModel::ColumnCount));
    QCOMPARE(model.index(0, SourceStatusModel::SourceColumn).data().toString(), u"Database"_s);
    QCOMPARE(model.index(1, SourceStatusModel::SourceColumn).data().toString(), u"Batch files"_s);
    QCOMPARE(model.index(0, SourceStatusModel::StateColumn).data().toString(), u"Available"_s);
    QCOMPARE(model.index(1, SourceStatusModel::LocationColumn).data().toString(),
             u"/data/messages"_s);
    QCOMPARE(model.index(0, SourceStatusModel::DetailColumn).data(Qt::ToolTipRole).toString(),
             u"SQLite 3.40"_s);
    QCOMPARE(model.index(0, 0).data(SourceStatusModel::StateRole).toInt(),
             int(SourceStatus::State::Ok));
    QCOMPARE(model.headerData(SourceStatusModel::DetailColumn, Qt::Horizontal).toString(),
             u"Details"_s);
}

void tst_SourceStatusModel::updatesInPlace()
{
    SourceStatusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStatuses(twoSources(SourceStatus::State::Unknown));

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto next = twoSources(SourceStatus::State::Unknown);
    next[1].state = SourceStatus::State::Error;
    next[1].detail = u"Not a readable folder"_s;
    model.setStatuses(next);

    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(1, 0));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(),
             model.index(1, SourceStatusModel::ColumnCount - 1));
    QCOMPARE(model.index(1, SourceStatusModel::StateColumn).data().toString(), u"Error"_s);
    QVERIFY(model.index(1, SourceStatusModel::StateColumn).data(Qt::ForegroundRole).isValid());
}

void tst_SourceStatusModel::resetsWhenSourcesChange()
{
    SourceStatusModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStatuses(twoSources(SourceStatus::State::Ok));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    auto three = twoSources(SourceStatus::State::Ok);
    three.append(
        {SourceStatus::Kind::Redis, u"redis://127.0.0.1:6379"_s, SourceStatus::State::Ok, {}});
    model.setStatuses(three);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, 0).data().toString(), u"Redis"_s);

    model.setStatuses({});
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 0);
}

void tst_SourceStatusModel::unchangedEmitsNothing()
{
    SourceStatusModel model;
    model.setStatuses(twoSources(SourceStatus::State::Ok));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setStatuses(twoSources(SourceStatus::State::Ok));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(reset.size(), 0);
}

QTEST_GUILESS_MAIN(tst_SourceStatusModel)
#include "tst_sourcestatusmodel.moc"
