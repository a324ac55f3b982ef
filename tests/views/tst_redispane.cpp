#include "auditlog.h"
#include "consumergroupmodel.h"
#include "migrateddatabase.h"
#include "redisactionbar.h"
#include "redisactionrunner.h"
#include "redisbrowser.h"
#include "redisclient.h"
#include "redislistings.h"
#include "redislistview.h"
#include "redispane.h"
#include "redisparts.h"
#include "redisstreamview.h"
#include "redisvaluemodels.h"
#include "redisvalueview.h"
#include "streamactiondialog.h"
#include "testservers.h"

#include <QAction>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr qint64 Base = 1764000000000; // the i-th entry (from 1) was added at Base + i ms

QByteArray idOf(qint64 i)
{
    return QByteArray::number(Base + i) + "-0";
}

// Every read asked for has been answered, and none is asked for in answer.
bool settled(RedisBrowser &browser)
{
    return QTest::qWaitFor(
        [&browser] {
            QCoreApplication::processEvents();
            return browser.pending() == 0;
        },
        20000);
}

} // namespace

// The Redis pane on the fixture's redis-server: the first view, a stream's entries, groups and
// pending entries with a dead consumer's poison entries, a list queue and its processing list.
class tst_RedisPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void withoutAServerSaysWhatToDo();
    void opensOnTheFirstStreamWithItsNewestEntry();
    void groupsAndADeadConsumersPoisonEntries();
    void jumpsToATimeAndSearchesWhatWasRead();
    void opensAtAnEntryAskedFor();
    void aListQueueAndItsProcessingList();
    void eachTypeHasItsView();
    void aKeySelectedInTheListShowsItsValue();
    void theKeyListTakesWhatItsKeysNeed_data();
    void theKeyListTakesWhatItsKeysNeed();
    void theKeyListMovedByHandStaysSo();
    void actionsAreLockedAndTakeTheSelection();
    void anActionPlannedAndAppliedIsAudited();
    void readOnlyRefusesAndChangesNothing();
    void theDryRunAsksForTheCountFrom100();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    // The keys of the values' tests, which the other tests' pattern leaves out.
    QByteArray valueKey(const char *name) const { return m_valuePrefix + name; }
    bool run(const QList<QList<QByteArray>> &commands);
    qint64 integer(const QList<QByteArray> &command);
    // A pane over keys of this test only, shown at 1400x800.
    void showPane(RedisPane &pane);

    RedisUrl m_url;
    RedisClient m_client;
    QByteArray m_prefix;
    QByteArray m_valuePrefix;
};

void tst_RedisPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_redispane"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY(m_client.connect(m_url).ok());
    const QByteArray uuid = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    m_prefix = "tst_redispane:" + uuid + ':';
    m_valuePrefix = "tst_redispane:" + uuid + "-values:";

    // orders: 300 entries, the last a JSON payload; group "workers" where alice read 250 and
    // died (an hour idle, three of hers delivered 9 times), bob read 50 and acknowledged them.
    QList<QList<QByteArray>> setUp{{"XGROUP", "CREATE", key("orders"), "workers", "0", "MKSTREAM"}};
    for (qint64 i = 1; i < 300; ++i)
        setUp.append({"XADD", key("orders"), idOf(i), "payload", "order " + QByteArray::number(i)});
    setUp.append({"XADD", key("orders"), idOf(300), "payload", R"({"order":300,"total":9.5})"});
    setUp.append(
        {"XREADGROUP", "GROUP", "workers", "alice", "COUNT", "250", "STREAMS", key("orders"), ">"});
    setUp.append({"XCLAIM", key("orders"), "workers", "alice", "0", idOf(7), idOf(8), idOf(9),
                  "IDLE", "3600000", "RETRYCOUNT", "9", "JUSTID"});
    setUp.append(
        {"XREADGROUP", "GROUP", "workers", "bob", "COUNT", "50", "STREAMS", key("orders"), ">"});
    QList<QByteArray> ack{"XACK", key("orders"), "workers"};
    for (qint64 i = 251; i <= 300; ++i)
        ack << idOf(i);
    setUp.append(ack);
    QList<QByteArray> push{"RPUSH", key("queue")};
    for (int i = 0; i < 450; ++i)
        push << "job " + QByteArray::number(i);
    setUp.append(push);
    setUp.append({"RPUSH", key("queue:processing:w1"), "job taken"});
    setUp.append({"HSET", key("settings"), "a", "1"});
    // A hash of 600 JSON values (more than Redis keeps as one small listpack, which HSCAN gives
    // whole), a set of 300 members, a sorted set of 250, a JSON string.
    QList<QByteArray> hash{"HSET", valueKey("hash")};
    QList<QByteArray> set{"SADD", valueKey("set")};
    QList<QByteArray> zset{"ZADD", valueKey("zset")};
    for (int i = 0; i < 600; ++i) {
        const QByteArray n = QByteArray::number(i);
        hash << "field:" + n << R"({"n":)" + n + '}';
        if (i < 300)
            set << "member:" + n;
        if (i < 250)
            zset << n << "m:" + n;
    }
    setUp << hash << set << zset;
    setUp.append({"SET", valueKey("string"), R"({"retries":5,"backoff":"2s"})"});
    QVERIFY(run(setUp));
}

qint64 tst_RedisPane::integer(const QList<QByteArray> &command)
{
    const auto reply = m_client.command(command);
    return reply && reply->type == RedisReply::Type::Integer ? reply->integer : -1;
}

bool tst_RedisPane::run(const QList<QList<QByteArray>> &commands)
{
    const auto replies = m_client.pipeline(commands);
    if (!replies)
        return false;
    for (const RedisReply &reply : *replies) {
        if (reply.isError()) {
            qWarning() << reply.text;
            return false;
        }
    }
    return true;
}

void tst_RedisPane::showPane(RedisPane &pane)
{
    pane.patternField()->setText(QString::fromUtf8(m_prefix) + u'*');
    pane.resize(1400, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
}

void tst_RedisPane::withoutAServerSaysWhatToDo()
{
    RedisPane pane(nullptr);
    QCOMPARE(pane.paneId(), u"redis"_s);
    QVERIFY2(pane.unavailableReason().contains(u"--redis"_s), qPrintable(pane.unavailableReason()));
    pane.refresh(); // nothing to read, nothing breaks
}

void tst_RedisPane::opensOnTheFirstStreamWithItsNewestEntry()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    QCOMPARE(pane.keys()->rowCount(), 0); // nothing read before it is shown
    showPane(pane);
    QVERIFY(settled(browser));
    QCOMPARE(pane.keys()->rowCount(), 4);
    QCOMPARE(pane.keyCountText(), u"4 keys found; the scan is complete"_s);
    QCOMPARE(pane.keyView()->model()->index(0, 0).data().toString(),
             QString::fromUtf8(key("orders")));
    // The key's name has the room the figures leave, enough for a usual one in bold.
    QFont bold = pane.keyView()->font();
    bold.setBold(true);
    QVERIFY2(pane.keyView()->columnWidth(RedisKeyModel::NameColumn) >
                 QFontMetrics(bold).horizontalAdvance(u"porthole:processing:worker-1"_s),
             qPrintable(QString::number(pane.keyView()->columnWidth(RedisKeyModel::NameColumn))));

    // The key the receiver reads from comes first, found again by a new scan.
    pane.setKnownKeys({{key("settings"), "hash"}});
    QVERIFY(settled(browser));
    QCOMPARE(pane.keyView()->model()->index(0, 0).data().toString(),
             QString::fromUtf8(key("settings")));
    QCOMPARE(pane.keys()->rowCount(), 4);
    QCOMPARE(pane.openKeyName(), key("orders")); // still shown

    // The first stream by name is open, its newest entry selected and its payload shown.
    QCOMPARE(pane.openKeyName(), key("orders"));
    RedisStreamView *stream = pane.streamView();
    QVERIFY(stream->isVisible());
    QVERIFY2(stream->infoText().contains(u"300 entries"_s), qPrintable(stream->infoText()));
    QVERIFY(stream->infoText().contains(u"1 consumer group"_s));
    QCOMPARE(stream->entries()->rowCount(), StreamEntryModel::pageSize);
    QCOMPARE(stream->entryView()->currentIndex().row(), 0);
    QCOMPARE(stream->entries()->entryAt(0).id, idOf(300));
    QCOMPARE(stream->payloadView()->shownAs(), u"json"_s);
    QCOMPARE(stream->payloadView()->heading(), u"Payload: JSON, 25 bytes"_s);
    QCOMPARE(stream->entryCountText(), u"200 entries read; scroll down for more"_s);

    // Ctrl+J: the journey of the entry, by the key the ingest worker stores it under.
    QSignalSpy open(&pane, &Pane::openRequested);
    pane.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&pane));
    stream->entryView()->setFocus();
    QTest::keyClick(stream->entryView(), Qt::Key_J, Qt::ControlModifier);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), u"journey"_s);
    QCOMPARE(open.at(0).at(1).value<PaneFocus>().search,
             QString::fromUtf8("stream:" + key("orders") + ':' + idOf(300)));

    // Scrolling to the end reads the rest.
    stream->entryView()->scrollToBottom();
    QVERIFY(QTest::qWaitFor([&] {
        QCoreApplication::processEvents();
        stream->entryView()->scrollToBottom();
        return stream->entries()->atEnd() && browser.pending() == 0;
    }));
    QCOMPARE(stream->entries()->rowCount(), 300);
    QCOMPARE(stream->entryCountText(), u"All 300 entries read"_s);
}

void tst_RedisPane::groupsAndADeadConsumersPoisonEntries()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    showPane(pane);
    QVERIFY(settled(browser));
    RedisStreamView *stream = pane.streamView();
    stream->tabs()->setCurrentIndex(1);
    QCOMPARE(stream->tabs()->tabText(1), u"&Groups and pending (250 pending)"_s);

    // The group is selected: every consumer's pending entries.
    const ConsumerGroupModel *groups = stream->groups();
    QCOMPARE(groups->rowCount(), 1);
    QCOMPARE(groups->groups().constFirst().lastDeliveredId, idOf(300));
    QCOMPARE(groups->index(0, ConsumerGroupModel::NameColumn).data(Qt::ToolTipRole).toString(),
             u"Last delivered to this group: entry "_s + QString::fromLatin1(idOf(300)));
    QCOMPARE(groups->rowCount(groups->index(0, 0)), 2);
    QCOMPARE(stream->pending()->rowCount(), 200);
    QVERIFY2(
        stream->pendingCountText().startsWith(u"200 pending read; scroll for more, 3 poison"_s),
        qPrintable(stream->pendingCountText()));

    // alice, the dead consumer: an hour idle, idle at least 30 minutes: the three poison ones.
    const QModelIndex alice = groups->index(0, 0, groups->index(0, 0));
    QCOMPARE(alice.data().toString(), u"alice"_s);
    stream->groupView()->setCurrentIndex(alice);
    auto *idle = stream->findChild<QSpinBox *>(u"idleField"_s);
    QVERIFY(idle);
    idle->setValue(1800);
    Q_EMIT idle->editingFinished();
    QVERIFY(settled(browser));
    QCOMPARE(stream->pending()->rowCount(), 3);
    QCOMPARE(stream->pendingCountText(), u"3 pending, 3 poison"_s);
    QCOMPARE(stream->pending()->index(0, PendingEntryModel::DeliveriesColumn).data().toString(),
             u"9 (poison)"_s);
    // The worker of this stream allows 10 deliveries: no poison.
    stream->setMaxDeliveries(10);
    QCOMPARE(stream->pendingCountText(), u"3 pending"_s);
}

void tst_RedisPane::jumpsToATimeAndSearchesWhatWasRead()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    showPane(pane);
    QVERIFY(settled(browser));
    RedisStreamView *stream = pane.streamView();
    stream->timeField()->setDateTime(QDateTime::fromMSecsSinceEpoch(Base + 120, Qt::UTC));
    stream->jumpToTime();
    QVERIFY(settled(browser));
    QCOMPARE(stream->orderBox()->currentIndex(), 2);
    QCOMPARE(stream->entries()->entryAt(0).id, idOf(120));
    QCOMPARE(stream->entryView()->currentIndex().row(), 0);
    QCOMPARE(stream->payloadView()->shownAs(), u"text"_s);

    stream->searchField()->setText(u"ORDER 13"_s);
    // 130..139 of the 181 read from 120 on.
    QCOMPARE(stream->entryCountText(), u"10 of the 181 entries read match"_s);
}

// A journey's delivery: its stream opened at its entry, selected; an entry gone is said so.
void tst_RedisPane::opensAtAnEntryAskedFor()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    showPane(pane);
    QVERIFY(settled(browser));
    RedisStreamView *stream = pane.streamView();
    QSignalSpy said(stream, &RedisStreamView::statusMessage);
    PaneFocus focus;
    focus.stream = QString::fromUtf8(key("orders"));
    focus.entry = QString::fromLatin1(idOf(120));
    pane.focusOn(focus);
    QVERIFY(settled(browser));
    QCOMPARE(stream->orderBox()->currentIndex(), 2); // from a time: the entry's
    QCOMPARE(stream->timeField()->dateTime().toMSecsSinceEpoch() / 1000, (Base + 120) / 1000);
    QCOMPARE(stream->entryView()->currentIndex().row(), 0);
    QCOMPARE(stream->entryView()->currentIndex().data(StreamEntryModel::EntryIdRole).toByteArray(),
             idOf(120));
    QVERIFY(said.isEmpty());

    // Asked as the pane first opens, before its keys are listed (a journey's step opening it).
    RedisPane fresh(&browser);
    showPane(fresh);
    fresh.focusOn(focus);
    QVERIFY(settled(browser));
    QCOMPARE(fresh.streamView()->orderBox()->currentIndex(), 2);
    QCOMPARE(fresh.streamView()->entries()->entryAt(0).id, idOf(120));

    // Asked again on the stream shown, for an entry that is not there (trimmed, deleted).
    const QByteArray gone = QByteArray::number(Base + 150) + "-7";
    focus.entry = QString::fromLatin1(gone);
    pane.focusOn(focus);
    QVERIFY(settled(browser));
    QCOMPARE(stream->entries()->entryAt(0).id, idOf(151));
    QCOMPARE(said.size(), 1);
    QVERIFY2(said.at(0).at(0).toString().startsWith(
                 u"Entry %1 is no longer in"_s.arg(QString::fromLatin1(gone))),
             qPrintable(said.at(0).at(0).toString()));
}

void tst_RedisPane::aListQueueAndItsProcessingList()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    showPane(pane);
    QVERIFY(settled(browser));
    pane.openKey(key("queue"));
    QVERIFY(settled(browser));
    RedisListView *list = pane.listView();
    QVERIFY(list->isVisible());
    QVERIFY2(list->lengthText().contains(u"a list of 450 elements; 200 read"_s),
             qPrintable(list->lengthText()));
    QCOMPARE(list->elementView()->currentIndex().row(), 0);
    QCOMPARE(list->payloadView()->text()->toPlainText(), u"job 0"_s);

    list->endBox()->setCurrentIndex(1);
    Q_EMIT list->endBox()->activated(1);
    QVERIFY(settled(browser));
    QCOMPARE(list->elements()->index(0, 1).data().toString(), u"job 449"_s);
    QCOMPARE(list->elements()->index(0, 0).data().toString(), u"449"_s);

    // The worker's processing list beside it, and opened from there.
    QCOMPARE(list->processingLists()->rowCount(), 1);
    const QModelIndex processing = list->processingView()->model()->index(0, 0);
    QCOMPARE(processing.data().toString(), QString::fromUtf8(key("queue:processing:w1")));
    Q_EMIT list->processingView()->doubleClicked(processing);
    QVERIFY(settled(browser));
    QCOMPARE(pane.openKeyName(), key("queue:processing:w1"));
    QCOMPARE(list->elements()->rowCount(), 1);
    QCOMPARE(list->processingLists()->rowCount(), 0);
}

void tst_RedisPane::eachTypeHasItsView()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    showPane(pane);
    QVERIFY(settled(browser));
    RedisValueView *value = pane.valueView();

    // Each type its model, its size as Redis counts it, a page of it, the first value shown.
    struct Case
    {
        const char *name;
        QByteArray type;
        QByteArray sizeCommand;
        QString sizeText;
        int rows; // read at first
        QString shownAs;
    };
    for (const Case &c :
         {Case{"hash", "hash", "HLEN", u"a hash of 600 fields; "_s, -1, u"json"_s},
          Case{"set", "set", "SCARD", u"a set of 300 members; "_s, -1, u"text"_s},
          Case{"zset", "zset", "ZCARD",
               u"a sorted set of 250 members, lowest score first; 200 read"_s, 200, u"text"_s},
          Case{"string", "string", "STRLEN", u"a string of 28 bytes; read whole"_s, 1,
               u"json"_s}}) {
        pane.openKey(valueKey(c.name));
        QVERIFY(settled(browser));
        QVERIFY(value->isVisible());
        QCOMPARE(value->type(), c.type);
        QCOMPARE(value->model()->key(), valueKey(c.name));
        QCOMPARE(value->model()->size(), integer({c.sizeCommand, valueKey(c.name)}));
        QVERIFY2(value->sizeText().contains(c.sizeText), qPrintable(value->sizeText()));
        if (c.rows >= 0)
            QCOMPARE(value->model()->rowCount(), c.rows);
        else // a page: HSCAN's and SSCAN's COUNT
            QVERIFY(value->model()->rowCount() > 0 &&
                    value->model()->rowCount() < value->model()->size());
        QCOMPARE(value->elementView()->model(), value->model());
        QCOMPARE(value->elementView()->currentIndex().row(), 0);
        QCOMPARE(value->payloadView()->shownAs(), c.shownAs);
        QCOMPARE(value->orderBox()->parentWidget()->isVisible(), c.type == "zset");
    }
    QCOMPARE(value->payloadView()->heading(), u"Payload: JSON, 28 bytes"_s);
    // What was read of the others is let go.
    QCOMPARE(value->hashModel()->rowCount(), 0);
    QVERIFY(value->sortedSetModel()->key().isEmpty());

    // A sorted set by score: those from 10 to 20, 20 left out.
    pane.openKey(valueKey("zset"));
    QVERIFY(settled(browser));
    value->minField()->setText(u"10"_s);
    value->maxField()->setText(u"(20"_s);
    value->readScores();
    QVERIFY(settled(browser));
    QCOMPARE(value->sortedSetModel()->rowCount(), 10);
    QCOMPARE(value->sortedSetModel()->valueAt(0), QByteArray("m:10"));
    QVERIFY2(value->sizeText().contains(u"250 members, 10 of them with scores from 10 to (20; "
                                        "all 10 read"_s),
             qPrintable(value->sizeText()));
    // A bound that is no score reads nothing and says why.
    QSignalSpy status(&pane, &Pane::statusMessage);
    value->maxField()->setText(u"twenty"_s);
    value->readScores();
    QCOMPARE(status.size(), 1);
    QVERIFY(status.at(0).at(0).toString().contains(u"is not a score"_s));
    QCOMPARE(browser.pending(), 0);

    // F5 reads it again, as asked.
    value->maxField()->setText(u"(20"_s);
    value->readScores();
    QVERIFY(settled(browser));
    pane.refresh();
    QVERIFY(settled(browser));
    QCOMPARE(value->sortedSetModel()->rowCount(), 10);

    pane.openKey(key("never-there"));
    QVERIFY(settled(browser));
    QVERIFY2(pane.placeholderText().contains(u"There is no key"_s),
             qPrintable(pane.placeholderText()));
}

void tst_RedisPane::aKeySelectedInTheListShowsItsValue()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    pane.patternField()->setText(QString::fromUtf8(m_valuePrefix) + u'*');
    pane.resize(1400, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(settled(browser));
    QCOMPARE(pane.keys()->rowCount(), 4);
    QCOMPARE(pane.placeholderText(), u"Select a key on the left to see what it holds."_s);
    // Sorted by name: hash, set, string, zset.
    const QAbstractItemModel *keys = pane.keyView()->model();
    QCOMPARE(keys->index(3, RedisKeyModel::TypeColumn).data().toString(), u"zset"_s);
    QCOMPARE(keys->index(3, RedisKeyModel::LengthColumn).data().toString(), u"250"_s);
    pane.keyView()->setCurrentIndex(keys->index(3, 0));
    QVERIFY(settled(browser));
    QCOMPARE(pane.openKeyName(), valueKey("zset"));
    QVERIFY(pane.valueView()->isVisible());
    QCOMPARE(pane.valueView()->model(), pane.valueView()->sortedSetModel());
    QCOMPARE(pane.valueView()->model()->index(0, RedisValueModel::LabelColumn).data().toString(),
             u"0"_s);
    pane.keyView()->setCurrentIndex(keys->index(0, 0));
    QVERIFY(settled(browser));
    QCOMPARE(pane.valueView()->model(), pane.valueView()->hashModel());
    // A new scan finds it again: it stays as it was read.
    const int read = pane.valueView()->model()->rowCount();
    pane.scan();
    QVERIFY(settled(browser));
    QCOMPARE(pane.keyView()->currentIndex().data(RedisKeyModel::KeyRole).toByteArray(),
             valueKey("hash"));
    QCOMPARE(pane.valueView()->model()->rowCount(), read);
}

void tst_RedisPane::theKeyListTakesWhatItsKeysNeed_data()
{
    // The pane in the window of 1600x1000 and of 1280x800, beside the list of panes.
    QTest::addColumn<QSize>("size");
    QTest::newRow("1600x1000") << QSize(1420, 900);
    QTest::newRow("1280x800") << QSize(1100, 700);
}

void tst_RedisPane::theKeyListTakesWhatItsKeysNeed()
{
    QFETCH(QSize, size);
    // Two short keys: a stream of one entry, and a hash.
    const QByteArray prefix = 'r' + QUuid::createUuid().toByteArray(QUuid::Id128).left(5) + ':';
    const QByteArray payload =
        R"({"order":4711,"customer":"c-0042","total":129.95,"currency":"EUR"})";
    QVERIFY(run({{"XADD", prefix + "orders", "*", "payload", payload},
                 {"HSET", prefix + "totals", "eu", "3"}}));
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    pane.patternField()->setText(QString::fromUtf8(prefix) + u'*');
    pane.resize(size);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(settled(browser));
    QCOMPARE(pane.keys()->rowCount(), 2);

    // As wide as the keys need: narrow, their names whole.
    QTRY_COMPARE(pane.splitter()->sizes().constFirst(), pane.keyListWidth());
    const QList<int> sizes = pane.splitter()->sizes();
    const int width = sizes.at(0);
    QVERIFY2(width * 4 < sizes.at(0) + sizes.at(1),
             qPrintable(u"%1 of %2"_s.arg(width).arg(sizes.at(0) + sizes.at(1))));
    QTableView *keys = pane.keyView();
    QVERIFY(keys->columnWidth(RedisKeyModel::NameColumn) >=
            keys->fontMetrics().horizontalAdvance(QString::fromUtf8(prefix + "totals")));

    // The entries' payload column has the rest: the payload shows whole.
    RedisStreamView *stream = pane.streamView();
    QVERIFY(stream->isVisible());
    QCOMPARE(stream->entries()->rowCount(), 1);
    QTableView *entries = stream->entryView();
    const int shown = entries->columnWidth(StreamEntryModel::ContentColumn);
    const int needed = entries->fontMetrics().horizontalAdvance(QString::fromUtf8(payload));
    QVERIFY2(shown > needed, qPrintable(u"%1 < %2"_s.arg(shown).arg(needed)));
    for (const int column : {StreamEntryModel::IdColumn, StreamEntryModel::AddedColumn}) {
        const QString text = entries->model()->index(0, column).data().toString();
        QVERIFY2(entries->columnWidth(column) > entries->fontMetrics().horizontalAdvance(text),
                 qPrintable(text));
    }

    // Beside the names, the type and the length; the memory and the time to live are in the
    // name's tooltip, and columns when a key expires or when asked for.
    QVERIFY(keys->isColumnHidden(RedisKeyModel::MemoryColumn));
    QVERIFY(keys->isColumnHidden(RedisKeyModel::TtlColumn));
    QVERIFY2(keys->model()
                 ->index(1, 0)
                 .data(Qt::ToolTipRole)
                 .toString()
                 .endsWith(u" in memory, never expires"_s),
             qPrintable(keys->model()->index(1, 0).data(Qt::ToolTipRole).toString()));
    QVERIFY(run({{"PEXPIRE", prefix + "totals", "600000"}}));
    pane.scan();
    QVERIFY(settled(browser));
    QVERIFY(!keys->isColumnHidden(RedisKeyModel::TtlColumn));
    QTRY_COMPARE(pane.splitter()->sizes().constFirst(), pane.keyListWidth());
    QCOMPARE(pane.splitter()->sizes().constFirst(),
             width + keys->columnWidth(RedisKeyModel::TtlColumn));
    pane.setKeyColumnShown(RedisKeyModel::MemoryColumn, true);
    QTRY_COMPARE(pane.splitter()->sizes().constFirst(),
                 width + keys->columnWidth(RedisKeyModel::TtlColumn) +
                     keys->columnWidth(RedisKeyModel::MemoryColumn));

    // Long names widen it, never past two fifths of the pane.
    QList<QList<QByteArray>> longNames;
    for (int i = 0; i < 3; ++i)
        longNames.append({"SET", prefix + QByteArray(120, 'x') + QByteArray::number(i), "v"});
    QVERIFY(run(longNames));
    pane.scan();
    QVERIFY(settled(browser));
    QTRY_VERIFY(pane.splitter()->sizes().constFirst() > width);
    const QList<int> wide = pane.splitter()->sizes();
    QVERIFY2(wide.at(0) <= (wide.at(0) + wide.at(1)) * 2 / 5 + 1,
             qPrintable(u"%1 of %2"_s.arg(wide.at(0)).arg(wide.at(0) + wide.at(1))));
}

void tst_RedisPane::theKeyListMovedByHandStaysSo()
{
    RedisBrowser browser(m_url);
    auto pane = std::make_unique<RedisPane>(&browser);
    pane->patternField()->setText(QString::fromUtf8(m_valuePrefix) + u'*');
    pane->resize(1400, 800);
    pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(pane.get()));
    QVERIFY(settled(browser));
    QTRY_COMPARE(pane->splitter()->sizes().constFirst(), pane->keyListWidth());
    const int fitted = pane->splitter()->sizes().constFirst();

    // Dragged 150 pixels narrower by its handle.
    QWidget *handle = pane->splitter()->handle(1);
    const QPoint grip(handle->width() / 2, handle->height() / 2);
    QTest::mousePress(handle, Qt::LeftButton, {}, grip);
    QTest::mouseMove(handle, grip - QPoint(150, 0));
    QTest::mouseRelease(handle, Qt::LeftButton, {}, grip - QPoint(150, 0));
    QTRY_VERIFY(pane->splitter()->sizes().constFirst() < fitted - 100);
    const int dragged = pane->splitter()->sizes().constFirst();

    // Neither a new scan nor a larger window takes it back.
    pane->scan();
    QVERIFY(settled(browser));
    pane->resize(1500, 800);
    QTRY_COMPARE(pane->splitter()->sizes().constFirst(), dragged);
    QCoreApplication::processEvents();
    QCOMPARE(pane->splitter()->sizes().constFirst(), dragged);

    // Nor the next start: a new pane has it where it was left.
    pane.reset();
    pane = std::make_unique<RedisPane>(&browser);
    pane->patternField()->setText(QString::fromUtf8(m_valuePrefix) + u'*');
    pane->resize(1500, 800);
    pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(pane.get()));
    QVERIFY(settled(browser));
    QTRY_COMPARE(pane->splitter()->sizes().constFirst(), dragged);
    QCoreApplication::processEvents();
    QCOMPARE(pane->splitter()->sizes().constFirst(), dragged);
}

void tst_RedisPane::actionsAreLockedAndTakeTheSelection()
{
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    showPane(pane);
    QVERIFY(settled(browser));
    RedisActionBar *bar = pane.actionBar();
    QAction *claim = bar->action(StreamActionKind::Claim);
    QVERIFY(!bar->isUnlocked());
    QVERIFY(!claim->isEnabled());

    RedisStreamView *stream = pane.streamView();
    stream->tabs()->setCurrentIndex(1);
    QVERIFY(settled(browser));
    stream->pendingView()->selectRow(6);
    QVERIFY(!claim->isEnabled()); // still locked
    bar->setUnlocked(true);
    QVERIFY(claim->isEnabled());
    QVERIFY(bar->action(StreamActionKind::DeadLetter)->isEnabled());
    QVERIFY(bar->action(StreamActionKind::GroupDelete)->isEnabled());
    QVERIFY(!bar->action(StreamActionKind::ConsumerDelete)->isEnabled()); // a group selected
    QVERIFY(!bar->action(StreamActionKind::Requeue)->isEnabled());        // not a list

    QList<StreamAction> asked;
    connect(bar, &RedisActionBar::actionRequested, this,
            [&asked](const StreamAction &action) { asked << action; });
    claim->trigger();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.at(0).kind, StreamActionKind::Claim);
    QCOMPARE(asked.at(0).key, key("orders"));
    QCOMPARE(asked.at(0).group, QByteArray("workers"));
    QCOMPARE(asked.at(0).ids, QList<QByteArray>{idOf(7)});

    // A read-only connection locks them again, for good.
    bar->setReadOnly(true);
    QVERIFY(!bar->isUnlocked());
    QVERIFY(!bar->unlockAction()->isEnabled());
    QVERIFY(!claim->isEnabled());
    claim->trigger();
    QCOMPARE(asked.size(), 1);
}

void tst_RedisPane::anActionPlannedAndAppliedIsAudited()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QByteArray stream = key("acked");
    QVERIFY(run({{"XGROUP", "CREATE", stream, "g", "0", "MKSTREAM"},
                 {"XADD", stream, "1-1", "payload", "a"},
                 {"XADD", stream, "1-2", "payload", "b"},
                 {"XADD", stream, "1-3", "payload", "c"},
                 {"XREADGROUP", "GROUP", "g", "c1", "STREAMS", stream, ">"}}));
    RedisBrowser browser(m_url);
    RedisActionRunner runner(&browser, *database.factory, false);
    QSignalSpy planned(&runner, &RedisActionRunner::planned);
    QSignalSpy applied(&runner, &RedisActionRunner::applied);
    QSignalSpy failed(&runner, &RedisActionRunner::failed);
    StreamAction ack;
    ack.kind = StreamActionKind::Ack;
    ack.key = stream;
    ack.group = "g";
    ack.ids = {"1-1", "1-3", "1-9"};
    runner.plan(ack);
    QVERIFY(planned.wait(10000));
    const auto plan = planned.at(0).at(0).value<StreamActionPlan>();
    QCOMPARE(plan.ids, (QList<QByteArray>{"1-1", "1-3"})); // 1-9 is not pending
    // The dialog shows exactly those, and what is left alone.
    StreamActionDialog dialog(plan);
    QCOMPARE(dialog.items()->topLevelItemCount(), 3);
    QCOMPARE(dialog.items()->topLevelItem(0)->text(0), u"1-1"_s);
    QCOMPARE(dialog.items()->topLevelItem(0)->text(1), u"c1"_s);
    QVERIFY(dialog.items()->topLevelItem(2)->text(4).startsWith(u"left alone"_s));
    QVERIFY(dialog.applyButton()->isEnabled());

    runner.apply(plan);
    QVERIFY(applied.wait(10000));
    QCOMPARE(failed.size(), 0);
    const auto outcome = applied.at(0).at(0).value<StreamActionOutcome>();
    QCOMPARE(outcome.changed, plan.ids);
    QVERIFY(outcome.auditId > 0);
    const auto pending = m_client.command({"XPENDING", stream, "g", "-", "+", "10"});
    QVERIFY(pending.ok());
    QCOMPARE(pending->elements.size(), 1);
    QCOMPARE(pending->elements.at(0).elements.at(0).text, QByteArray("1-2"));
    AuditFilter filter;
    filter.action = u"stream-ack"_s;
    const auto audited = AuditLog(database.db).count(filter);
    QVERIFY2(audited.ok(), qPrintable(audited.errorMessage()));
    QCOMPARE(audited->value, 1);
}

void tst_RedisPane::readOnlyRefusesAndChangesNothing()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QByteArray stream = key("kept");
    QVERIFY(run({{"XADD", stream, "1-1", "payload", "a"}}));
    RedisBrowser browser(m_url);
    RedisActionRunner runner(&browser, *database.factory, true);
    QSignalSpy planned(&runner, &RedisActionRunner::planned);
    QSignalSpy failed(&runner, &RedisActionRunner::failed);
    StreamAction deletion;
    deletion.kind = StreamActionKind::Delete;
    deletion.key = stream;
    deletion.ids = {"1-1"};
    runner.plan(deletion); // the dry run reads only: allowed
    QVERIFY(planned.wait(10000));
    runner.apply(planned.at(0).at(0).value<StreamActionPlan>());
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(u"read-only"_s),
             qPrintable(failed.at(0).at(0).toString()));
    const auto length = m_client.command({"XLEN", stream});
    QVERIFY(length.ok());
    QCOMPARE(length->integer, 1);
    AuditFilter filter;
    filter.action = u"stream-delete"_s;
    QCOMPARE(AuditLog(database.db).count(filter)->value, 0);
}

void tst_RedisPane::theDryRunAsksForTheCountFrom100()
{
    StreamActionPlan plan;
    plan.action.kind = StreamActionKind::Delete;
    for (int i = 1; i <= 120; ++i)
        plan.ids << "1-" + QByteArray::number(i);
    plan.summary = u"Deletes 120 entries."_s;
    StreamActionDialog dialog(plan);
    QCOMPARE(dialog.windowTitle(), u"Delete entries"_s);
    QCOMPARE(dialog.items()->topLevelItemCount(), 120);
    QVERIFY(!dialog.applyButton()->isEnabled());
    dialog.confirmField()->setText(u"119"_s);
    QVERIFY(!dialog.applyButton()->isEnabled());
    dialog.confirmField()->setText(u"120"_s);
    QVERIFY(dialog.applyButton()->isEnabled());

    StreamActionPlan nothing;
    nothing.action.kind = StreamActionKind::Ack;
    StreamActionDialog closeOnly(nothing);
    QVERIFY(!closeOnly.applyButton());
}

QTEST_MAIN(tst_RedisPane)
#include "tst_redispane.moc"
