#include "batchline.h"
#include "gotobox.h"
#include "gotomodel.h"
#include "gotosources.h"

#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace porthole;

Q_DECLARE_METATYPE(porthole::GoToHit)

namespace {

// Ports found only when told: an answer that comes after the operator chose a row.
class HeldPorts : public GoToSource
{
public:
    QList<GoToKind> kinds() const override { return {GoToKind::Port}; }
    void search(const QString &text, int, GoToReply reply) override
    {
        m_text = text;
        m_reply = std::move(reply);
    }
    void answer()
    {
        m_reply(QList<GoToHit>{
            {.kind = GoToKind::Port, .value = u"port-"_s + m_text, .detail = {}, .table = {}}});
    }

private:
    QString m_text;
    GoToReply m_reply;
};

} // namespace

// The box over a real model: saved view names and the batch files of a temporary folder, read
// on the batch source's own thread.
class tst_GoToBox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void searchesOnceTypingSettles();
    void upDownAndEnterChoose();
    void enterBeforeTheAnswersOpensTheFirst();
    void escapeCloses();
    void aChosenRowStaysWhenMoreAnswer();
    void saysWhatItSearches();

private:
    void addSources(GoToModel &model) const;

    QTemporaryDir m_dir;
    QWidget m_window;
};

void tst_GoToBox::initTestCase()
{
    qRegisterMetaType<GoToHit>();
    QVERIFY(m_dir.isValid());
    for (const qint64 id : {5, 50, 51}) {
        QFile file(m_dir.filePath(batchFileName(id)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    m_window.resize(800, 600);
    m_window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&m_window));
}

void tst_GoToBox::addSources(GoToModel &model) const
{
    model.addSource(std::make_unique<SavedViewGoToSource>(
        u"messages"_s, QStringList{u"Batch 5 repairs"_s, u"Other"_s}));
    model.addSource(batchStoreGoToSource(m_dir.path()));
}

void tst_GoToBox::searchesOnceTypingSettles()
{
    GoToModel model;
    addSources(model);
    GoToBox box(&model, &m_window);
    box.popUp(&m_window);
    QVERIFY(box.isVisible());
    QCOMPARE(box.field()->text(), QString());
    QStringList searched;
    connect(&model, &GoToModel::updated, this, [&] {
        if (!searched.contains(model.text()))
            searched << model.text();
    });
    // Typed with the events of each key handled (1 ms apart): faster than the box waits.
    QTest::keyClicks(box.field(), u"50"_s, Qt::NoModifier, 1);
    QTRY_COMPARE(model.text(), u"50"_s);
    QTRY_VERIFY(!model.isSearching());
    QCOMPARE(searched, QStringList{u"50"_s}); // never "5" on the way
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(box.view()->currentIndex().row(), 0);
    QCOMPARE(box.statusText(), u"1 found in batch files and saved views."_s);
}

void tst_GoToBox::upDownAndEnterChoose()
{
    GoToModel model;
    addSources(model);
    GoToBox box(&model, &m_window);
    QSignalSpy chosen(&box, &GoToBox::chosen);
    box.popUp(&m_window);
    QTest::keyClicks(box.field(), u"5"_s);
    QTRY_COMPARE(model.text(), u"5"_s);
    QTRY_VERIFY(!model.isSearching());
    // Batch files 5, 50, 51, then the saved view.
    QCOMPARE(model.rowCount(), 4);
    QTest::keyClick(box.field(), Qt::Key_Down);
    QTest::keyClick(box.field(), Qt::Key_Down);
    QTest::keyClick(box.field(), Qt::Key_Down);
    QTest::keyClick(box.field(), Qt::Key_Down); // stays on the last
    QCOMPARE(box.view()->currentIndex().row(), 3);
    QTest::keyClick(box.field(), Qt::Key_Up);
    QCOMPARE(box.view()->currentIndex().row(), 2);
    QTest::keyClick(box.field(), Qt::Key_Return);
    QCOMPARE(chosen.size(), 1);
    const auto hit = chosen.at(0).at(0).value<GoToHit>();
    QCOMPARE(hit.kind, GoToKind::Batch);
    QCOMPARE(hit.value, u"51"_s);
    QVERIFY(!box.isVisible());
}

void tst_GoToBox::enterBeforeTheAnswersOpensTheFirst()
{
    GoToModel model;
    addSources(model);
    GoToBox box(&model, &m_window);
    QSignalSpy chosen(&box, &GoToBox::chosen);
    box.popUp(&m_window);
    QTest::keyClicks(box.field(), u"50"_s);
    QTest::keyClick(box.field(), Qt::Key_Enter); // at once, before the batch files are read
    QVERIFY(chosen.wait());
    QCOMPARE(chosen.at(0).at(0).value<GoToHit>().value, u"50"_s);
    QVERIFY(!box.isVisible());
}

void tst_GoToBox::aChosenRowStaysWhenMoreAnswer()
{
    for (const bool chooseFirst : {false, true}) { // the operator chose a row before, or not
        GoToModel model;
        model.addSource(std::make_unique<SavedViewGoToSource>(
            u"messages"_s, QStringList{u"Batch 5 repairs"_s, u"Batch 5 again"_s}));
        auto held = std::make_unique<HeldPorts>();
        HeldPorts *ports = held.get();
        model.addSource(std::move(held));
        GoToBox box(&model, &m_window);
        box.popUp(&m_window);
        QTest::keyClicks(box.field(), u"batch 5"_s);
        QTRY_COMPARE(model.rowCount(), 2); // the saved views; the ports not yet
        if (chooseFirst)
            QTest::keyClick(box.field(), Qt::Key_Down); // the second saved view
        const QString wanted = chooseFirst ? model.hits().at(box.view()->currentIndex().row()).value
                                           : u"port-batch 5"_s; // the best: the first row
        QCOMPARE(box.view()->currentIndex().row(), chooseFirst ? 1 : 0);
        ports->answer(); // listed first, above the saved views
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.hits().at(box.view()->currentIndex().row()).value, wanted);
    }
}

void tst_GoToBox::escapeCloses()
{
    GoToModel model;
    addSources(model);
    GoToBox box(&model, &m_window);
    QSignalSpy chosen(&box, &GoToBox::chosen);
    box.popUp(&m_window);
    QTest::keyClicks(box.field(), u"other"_s);
    QTRY_VERIFY(model.rowCount() > 0);
    QTest::keyClick(box.field(), Qt::Key_Escape);
    QVERIFY(!box.isVisible());
    QCOMPARE(chosen.size(), 0);
    // Opened again, it starts empty.
    box.popUp(&m_window);
    QCOMPARE(box.field()->text(), QString());
    QCOMPARE(model.rowCount(), 0);
}

void tst_GoToBox::saysWhatItSearches()
{
    GoToModel empty;
    GoToBox nothing(&empty, &m_window);
    QCOMPARE(nothing.statusText(),
             u"Nothing to search: open a database, a batch-file folder or a Redis server."_s);

    GoToModel model;
    addSources(model);
    GoToBox box(&model, &m_window);
    box.popUp(&m_window);
    QCOMPARE(box.statusText(), u"Searches batch files and saved views."_s);
    QTest::keyClicks(box.field(), u"xyz"_s);
    box.searchNow();
    QTRY_VERIFY(!model.isSearching());
    QCOMPARE(box.statusText(), u"Nothing matches 'xyz' in batch files and saved views."_s);
}

QTEST_MAIN(tst_GoToBox)
#include "tst_gotobox.moc"
