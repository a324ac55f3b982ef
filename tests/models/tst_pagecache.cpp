#include "pagecache.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// Records what the cache tells the views, one line an event, and checks that every event
// comes in a begin/end pair and that the cache's rows are consistent at each end.
class Recorder final : public PageCache::RowEvents
{
public:
    QStringList events;
    const PageCache *cache = nullptr;

    void beginInsert(int first, int last) override { open(u"insert %1-%2"_s, first, last); }
    void endInsert() override { close(); }
    void beginRemove(int first, int last) override { open(u"remove %1-%2"_s, first, last); }
    void endRemove() override { close(); }
    void changed(int first, int last) override
    {
        QVERIFY(!m_open);
        events << u"changed %1-%2"_s.arg(first).arg(last);
    }

private:
    void open(const QString &what, int first, int last)
    {
        QVERIFY(!m_open);
        QVERIFY(first <= last);
        m_open = true;
        events << what.arg(first).arg(last);
    }
    void close()
    {
        QVERIFY(m_open);
        m_open = false;
        int rows = 0;
        for (int i = 0; i < cache->slotCount(); ++i) {
            QCOMPARE(cache->startOf(i), rows);
            rows += cache->slot(i).count;
        }
        QCOMPARE(cache->rowCount(), rows);
    }

    bool m_open = false;
};

QList<PagedRow> rows(const QStringList &ids)
{
    QList<PagedRow> result;
    for (const QString &id : ids)
        result << PagedRow{PageKey{id, id}, id};
    return result;
}

QStringList idsOf(const PageCache &cache)
{
    QStringList ids;
    for (int row = 0; row < cache.rowCount(); ++row) {
        const int slot = cache.slotOfRow(row);
        ids << (cache.slot(slot).resident ? cache.rowAt(slot, row).key.id : u"?"_s);
    }
    return ids;
}

} // namespace

class TestPageCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendAndPrepend();
    void reconcile_data();
    void reconcile();
    void reloadCountsNewRows();
    void emptiedPageIsDropped();
    void grownPageIsSplit();
    void evictsThePageLookedAtLongestAgo();
    void dropsPagesAtTheEndAwayFromTheView();
};

void TestPageCache::appendAndPrepend()
{
    Recorder recorder;
    PageCache cache(3, 3, recorder);
    recorder.cache = &cache;
    bool ranInside = false;
    cache.append(rows({u"c"_s, u"d"_s}), [&] {
        ranInside = true;
        QCOMPARE(cache.rowCount(), 2); // the page is there before the views hear of it
    });
    QVERIFY(ranInside);
    cache.append(rows({u"e"_s}), {});
    cache.prepend(rows({u"a"_s, u"b"_s}), {});
    QCOMPARE(recorder.events, (QStringList{u"insert 0-1"_s, u"insert 2-2"_s, u"insert 0-1"_s}));
    QCOMPARE(idsOf(cache), (QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}));
    QCOMPARE(cache.head().id, u"a"_s);
    QVERIFY(cache.slotFirst(1) == std::make_pair(PageKey{u"b"_s, u"b"_s}, false));
    QCOMPARE(cache.residentCount(), 3);
}

void TestPageCache::reconcile_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("fresh");
    QTest::addColumn<QStringList>("events");

    const auto list = [](const QString &text) {
        return text.split(u' ', Qt::SkipEmptyParts);
    };
    QTest::newRow("unchanged") << list(u"a b c"_s) << list(u"a b c"_s) << QStringList{};
    QTest::newRow("one gone") << list(u"a b c"_s) << list(u"a c"_s) << QStringList{u"remove 1-1"_s};
    QTest::newRow("runs gone, the last first")
        << list(u"a b c d e"_s) << list(u"a d"_s) << QStringList{u"remove 4-4"_s, u"remove 1-2"_s};
    QTest::newRow("runs new") << list(u"a d"_s) << list(u"a b c d e"_s)
                              << QStringList{u"insert 1-2"_s, u"insert 4-4"_s};
    QTest::newRow("gone and new") << list(u"a b c"_s) << list(u"a x c"_s)
                                  << QStringList{u"remove 1-1"_s, u"insert 1-1"_s};
    QTest::newRow("moved: the page out and back")
        << list(u"a b c"_s) << list(u"c a b"_s) << QStringList{u"remove 0-2"_s, u"insert 0-2"_s};
}

void TestPageCache::reconcile()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, fresh);
    QFETCH(QStringList, events);

    Recorder recorder;
    PageCache cache(10, 3, recorder);
    recorder.cache = &cache;
    cache.append(rows(before), {});
    recorder.events.clear();
    qint64 counted = -1;
    cache.reload(0, rows(fresh), [&](qint64 n) { counted = n; });
    QCOMPARE(recorder.events, events);
    QCOMPARE(idsOf(cache), fresh);
    qint64 inserted = 0;
    for (const QString &event : std::as_const(recorder.events)) {
        if (event.startsWith(u"insert"_s)) {
            const QStringList range = event.mid(7).split(u'-');
            inserted += range.at(1).toInt() - range.at(0).toInt() + 1;
        }
    }
    QCOMPARE(counted, inserted);
}

void TestPageCache::reloadCountsNewRows()
{
    // A page not held: its count is set right at its end, and every row of it changed.
    Recorder recorder;
    PageCache cache(2, 3, recorder);
    recorder.cache = &cache;
    cache.append(rows({u"a"_s, u"b"_s}), {});
    cache.append(rows({u"c"_s, u"cc"_s}), {});
    cache.append(rows({u"e"_s, u"ee"_s}), {});
    for (int i = 0; i < 3; ++i)
        cache.slot(i).lastUsed = quint64(i + 1);
    cache.append(rows({u"g"_s, u"gg"_s}), {});
    QVERIFY(!cache.slot(0).resident);
    QCOMPARE(idsOf(cache).mid(0, 2), (QStringList{u"?"_s, u"?"_s}));
    recorder.events.clear();
    qint64 counted = 0;
    cache.reload(0, rows({u"a"_s, u"ab"_s, u"b"_s}), [&](qint64 n) { counted += n; });
    QCOMPARE(counted, 1);
    QCOMPARE(recorder.events.mid(recorder.events.indexOf(u"insert 2-2"_s)),
             (QStringList{u"insert 2-2"_s, u"changed 0-2"_s}));
    QCOMPARE(idsOf(cache).mid(0, 3), (QStringList{u"a"_s, u"ab"_s, u"b"_s}));
    QCOMPARE(cache.residentCount(), 3);
}

void TestPageCache::emptiedPageIsDropped()
{
    Recorder recorder;
    PageCache cache(2, 3, recorder);
    recorder.cache = &cache;
    cache.append(rows({u"a"_s, u"b"_s}), {});
    cache.append(rows({u"c"_s, u"d"_s}), {});
    cache.reload(0, {}, {});
    QCOMPARE(cache.slotCount(), 1);
    QCOMPARE(idsOf(cache), (QStringList{u"c"_s, u"d"_s}));
    QCOMPARE(cache.residentCount(), 1);
}

void TestPageCache::grownPageIsSplit()
{
    Recorder recorder;
    PageCache cache(2, 10, recorder);
    recorder.cache = &cache;
    cache.append(rows({u"a"_s, u"e"_s}), {});
    cache.reload(0, rows({u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}), {});
    QCOMPARE(cache.slotCount(), 3);
    QCOMPARE(cache.slot(0).count, 2);
    QCOMPARE(cache.slot(2).count, 1);
    QCOMPARE(cache.slot(2).last.id, u"e"_s);
    QCOMPARE(idsOf(cache), (QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}));
    QCOMPARE(cache.residentCount(), 3);
}

void TestPageCache::evictsThePageLookedAtLongestAgo()
{
    Recorder recorder;
    PageCache cache(1, 3, recorder);
    recorder.cache = &cache;
    for (const QString &id : {u"a"_s, u"b"_s, u"c"_s})
        cache.append(rows({id}), {});
    cache.slot(0).lastUsed = 3;
    cache.slot(1).lastUsed = 1;
    cache.slot(2).lastUsed = 2;
    recorder.events.clear();
    cache.append(rows({u"d"_s}), {});
    QVERIFY(!cache.slot(1).resident);
    QCOMPARE(recorder.events, (QStringList{u"changed 1-1"_s, u"insert 3-3"_s}));
    QCOMPARE(idsOf(cache), (QStringList{u"a"_s, u"?"_s, u"c"_s, u"d"_s}));
    // Of pages never looked at, the one farthest from the page looked at last goes first.
    cache.slot(0).lastUsed = 0;
    cache.slot(2).lastUsed = 0;
    cache.slot(3).lastUsed = 5;
    cache.append(rows({u"e"_s}), {});
    QVERIFY(!cache.slot(0).resident);
    QVERIFY(cache.slot(2).resident);
}

void TestPageCache::dropsPagesAtTheEndAwayFromTheView()
{
    Recorder recorder;
    PageCache cache(2, 3, recorder);
    recorder.cache = &cache;
    for (const QStringList &ids : {QStringList{u"a"_s, u"b"_s}, QStringList{u"c"_s, u"d"_s},
                                   QStringList{u"e"_s, u"f"_s}, QStringList{u"g"_s, u"h"_s}})
        cache.append(rows(ids), {});
    const quint64 last = cache.back().id;
    QCOMPARE(idsOf(cache),
             (QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"?"_s, u"?"_s, u"g"_s, u"h"_s}));

    // Nothing looked at yet: the page just read stands for the view.
    recorder.events.clear();
    PageCache::Dropped dropped = cache.dropFarPages(6, last);
    QVERIFY(dropped.head && !dropped.tail);
    QCOMPARE(recorder.events, (QStringList{u"remove 0-1"_s}));
    QCOMPARE(idsOf(cache), (QStringList{u"c"_s, u"d"_s, u"?"_s, u"?"_s, u"g"_s, u"h"_s}));
    QCOMPARE(cache.residentCount(), 2);
    // The head is the next page's first row, itself included: the rows before it are read
    // again as rows before the first.
    QVERIFY(cache.slotFirst(0) == std::make_pair(PageKey{u"c"_s, u"c"_s}, true));

    // The page looked at last decides, wherever the page just read is (here: evicted, as
    // pages scrolled past are).
    cache.slot(0).lastUsed = 1;
    cache.slot(1).lastUsed = 2;
    recorder.events.clear();
    dropped = cache.dropFarPages(4, last);
    QVERIFY(dropped.tail && !dropped.head);
    QCOMPARE(recorder.events, (QStringList{u"remove 4-5"_s}));
    QCOMPARE(idsOf(cache), (QStringList{u"c"_s, u"d"_s, u"?"_s, u"?"_s}));
    QCOMPARE(cache.residentCount(), 1);

    // Never the page looked at, however few rows are asked for.
    cache.slot(0).lastUsed = 3;
    dropped = cache.dropFarPages(0, last);
    QVERIFY(dropped.tail && !dropped.head);
    QCOMPARE(idsOf(cache), (QStringList{u"c"_s, u"d"_s}));
    QCOMPARE(cache.residentCount(), 1);
    QCOMPARE(cache.back().last.id, u"d"_s);
}

QTEST_GUILESS_MAIN(TestPageCache)
#include "tst_pagecache.moc"
