#include "batchline.h"
#include "gotomodel.h"
#include "gotosources.h"
#include "migrateddatabase.h"
#include "repositorysupport.h"
#include "sqlsupport.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

QStringList shownValues(const GoToModel &model)
{
    QStringList values;
    for (const GoToHit &hit : model.hits())
        values << hit.value;
    return values;
}

// A source that answers only when told, for what no real source does on demand: an answer that
// comes after the text changed.
class HeldSource : public GoToSource
{
public:
    explicit HeldSource(GoToKind kind = GoToKind::Port)
        : m_kind(kind)
    {}
    QList<GoToKind> kinds() const override { return {m_kind}; }
    void search(const QString &text, int, GoToReply reply) override
    {
        held.append({text, std::move(reply)});
    }
    void answer(int which)
    {
        const auto &[text, reply] = held.at(which);
        reply(QList<GoToHit>{{.kind = m_kind, .value = text, .detail = {}, .table = {}}});
    }
    QList<std::pair<QString, GoToReply>> held;

private:
    GoToKind m_kind;
};

} // namespace

// The model over real sources: an SQLite store, batch files in a temporary folder, names.
class tst_GoToModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mergesKindsInOrderAndRanksNames();
    void capsEachKind();
    void dropsAnswersToOlderText();
    void offersTheKindsOfItsSources();
    void clearedSourcesNeverAnswer();
    void theChosenRowStaysWhenMoreAnswer();

private:
    void addSources(GoToModel &model) const;

    QTemporaryDir m_dir;
    std::unique_ptr<test::MigratedDatabase> m_database;
};

void tst_GoToModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const qint64 id : {1, 12, 120, 3}) {
        QFile file(m_dir.filePath(batchFileName(id)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    m_database = std::make_unique<test::MigratedDatabase>(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(m_database->ok(), qPrintable(m_database->error));
    for (const QString &port : {u"failed-orders"_s, u"orders"_s, u"orders-out"_s}) {
        auto inserted = execQuery(m_database->db,
                                  u"INSERT INTO port_messages (id, port_name, source_component, "
                                  "target_component, message_data) VALUES (?, ?, 'a', 'b', '{}')"_s,
                                  {newUuid(), port}, u"test"_s);
        QVERIFY2(inserted.ok(), qPrintable(inserted.errorMessage()));
    }
}

void tst_GoToModel::addSources(GoToModel &model) const
{
    model.addSource(std::make_unique<SavedViewGoToSource>(
        u"queues"_s, QStringList{u"Old orders"_s, u"Orders"_s, u"Billing"_s}));
    model.addSource(batchStoreGoToSource(m_dir.path()));
    model.addSource(databaseGoToSource(*m_database->factory, {GoToKind::Port}));
}

void tst_GoToModel::mergesKindsInOrderAndRanksNames()
{
    GoToModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    addSources(model);
    model.setText(u"orders"_s);
    QVERIFY(model.isSearching());
    QTRY_VERIFY(!model.isSearching());
    // Ports before saved views, whichever answered first; the name itself, then those starting
    // with it, then the rest.
    QCOMPARE(shownValues(model), (QStringList{u"orders"_s, u"orders-out"_s, u"failed-orders"_s,
                                              u"Orders"_s, u"Old orders"_s}));
    QCOMPARE(model.index(0, GoToModel::KindColumn).data().toString(), u"Port"_s);
    QCOMPARE(model.index(3, GoToModel::KindColumn).data().toString(), u"Saved view"_s);
    QCOMPARE(model.index(0, 0).data(GoToModel::PaneRole).toString(), u"queues"_s);
    QCOMPARE(model.index(3, 0).data(GoToModel::PaneRole).toString(), u"queues"_s);

    model.setText(u"12"_s);
    QTRY_VERIFY(!model.isSearching());
    QCOMPARE(shownValues(model), (QStringList{u"12"_s, u"120"_s}));
    QCOMPARE(model.index(0, GoToModel::NameColumn).data().toString(), u"Batch 12"_s);
    QCOMPARE(model.index(0, 0).data(GoToModel::PaneRole).toString(), u"batches"_s);

    model.setText({});
    QVERIFY(!model.isSearching());
    QCOMPARE(model.rowCount(), 0);
}

void tst_GoToModel::capsEachKind()
{
    GoToModel model;
    addSources(model);
    model.setLimit(1);
    model.setText(u"orders"_s);
    QTRY_VERIFY(!model.isSearching());
    QCOMPARE(shownValues(model), (QStringList{u"orders"_s, u"Orders"_s}));
}

void tst_GoToModel::dropsAnswersToOlderText()
{
    GoToModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    addSources(model);
    QStringList everShown;
    connect(&model, &GoToModel::updated, this, [&] { everShown += shownValues(model); });
    // Typed on before the first answers came: they are never shown.
    model.setText(u"12"_s);
    model.setText(u"3"_s);
    QTRY_VERIFY(!model.isSearching());
    QCOMPARE(shownValues(model), QStringList{u"3"_s});
    QVERIFY2(!everShown.contains(u"12"_s), qPrintable(everShown.join(u", "_s)));

    // An answer that comes after the text changed is dropped, whenever it comes.
    GoToModel late;
    auto held = std::make_unique<HeldSource>();
    HeldSource *source = held.get();
    late.addSource(std::move(held));
    late.setText(u"first"_s);
    late.setText(u"second"_s);
    QCOMPARE(source->held.size(), 2);
    source->answer(0);
    QCOMPARE(late.rowCount(), 0);
    QVERIFY(late.isSearching());
    source->answer(1);
    QCOMPARE(shownValues(late), QStringList{u"second"_s});
    QVERIFY(!late.isSearching());
}

void tst_GoToModel::theChosenRowStaysWhenMoreAnswer()
{
    // The checkpoints answer first and one is chosen; the ports, listed above them, come later:
    // the row chosen is still the checkpoint, one row further down.
    GoToModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto ports = std::make_unique<HeldSource>(GoToKind::Port);
    auto checkpoints = std::make_unique<HeldSource>(GoToKind::Checkpoint);
    HeldSource *portSource = ports.get();
    HeldSource *checkpointSource = checkpoints.get();
    model.addSource(std::move(ports));
    model.addSource(std::move(checkpoints));
    model.setText(u"orders"_s);
    checkpointSource->answer(0);
    QCOMPARE(model.rowCount(), 1);
    const QPersistentModelIndex chosen = model.index(0, GoToModel::NameColumn);
    portSource->answer(0);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(chosen.isValid());
    QCOMPARE(chosen.row(), 1);
    QCOMPARE(model.hits().at(chosen.row()).kind, GoToKind::Checkpoint);
    QCOMPARE(model.hits().at(0).kind, GoToKind::Port);
}

void tst_GoToModel::offersTheKindsOfItsSources()
{
    GoToModel model;
    QCOMPARE(model.searchedText(), QString());
    model.addSource(std::make_unique<SavedViewGoToSource>(u"queues"_s, QStringList{}));
    QVERIFY(model.kinds().isEmpty()); // no saved view yet: not offered
    addSources(model);
    QCOMPARE(model.kinds(), (QList{GoToKind::Port, GoToKind::Batch, GoToKind::SavedView}));
    QCOMPARE(model.searchedText(), u"ports, batch files and saved views"_s);
}

void tst_GoToModel::clearedSourcesNeverAnswer()
{
    GoToModel model;
    addSources(model);
    QSignalSpy updated(&model, &GoToModel::updated);
    model.setText(u"orders"_s);
    model.clearSources(); // other data opened while the lookups ran
    QVERIFY(!model.isSearching());
    QCOMPARE(model.rowCount(), 0);
    const qsizetype before = updated.size();
    // The sources are gone with their threads; nothing they read arrives.
    model.setText(u"zzz"_s);
    QCoreApplication::processEvents();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(updated.size(), before + 1);
}

QTEST_GUILESS_MAIN(tst_GoToModel)
#include "tst_gotomodel.moc"
