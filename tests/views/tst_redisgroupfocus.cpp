#include "redisbrowser.h"
#include "redisclient.h"
#include "redispane.h"
#include "redisstreamview.h"
#include "redisvaluemodels.h"
#include "testservers.h"

#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

// The Redis pane opened on a consumer group from elsewhere (the pipeline map's group clicked):
// its stream's groups shown with that group selected and its pending entries read, whether the
// stream was open already or not.
class tst_RedisGroupFocus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void opensOnTheGroupAskedFor();

private:
    RedisUrl m_url;
    RedisClient m_client;
    QByteArray m_prefix;
};

namespace {

// Every read asked for has been answered, and none is asked for in answer.
bool answered(RedisBrowser &browser)
{
    return QTest::qWaitFor(
        [&browser] {
            QCoreApplication::processEvents();
            return browser.pending() == 0;
        },
        20000);
}

} // namespace

void tst_RedisGroupFocus::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTest"_s);
    QCoreApplication::setApplicationName(u"tst_redisgroupfocus"_s);
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    m_url = *url;
    QVERIFY(m_client.connect(m_url).ok());
    m_prefix = "tst_redisgroupfocus:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_RedisGroupFocus::opensOnTheGroupAskedFor()
{
    const QByteArray billing = m_prefix + "billing";
    const auto replies = m_client.pipeline(
        {{"XADD", billing, "*", "payload", "a"},
         {"XADD", billing, "*", "payload", "b"},
         {"XGROUP", "CREATE", billing, "auditors", "0"},
         {"XGROUP", "CREATE", billing, "payers", "0"},
         {"XREADGROUP", "GROUP", "payers", "p1", "COUNT", "1", "STREAMS", billing, ">"}});
    QVERIFY(replies.ok());
    for (const RedisReply &reply : *replies)
        QVERIFY2(!reply.isError(), reply.text.constData());
    RedisBrowser browser(m_url);
    RedisPane pane(&browser);
    pane.patternField()->setText(QString::fromUtf8(m_prefix) + u'*');
    pane.resize(1400, 800);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(answered(browser));
    RedisStreamView *stream = pane.streamView();
    // Opened on the stream, which shows its entries and would select its first group.
    QCOMPARE(stream->key(), billing);
    QCOMPARE(stream->tabs()->currentIndex(), 0);

    PaneFocus focus;
    focus.stream = QString::fromUtf8(billing);
    focus.group = u"payers"_s;
    pane.focusOn(focus);
    QVERIFY(answered(browser));
    QCOMPARE(stream->tabs()->currentIndex(), 1);
    QCOMPARE(stream->selectedGroup(), QByteArray("payers"));
    QCOMPARE(stream->pending()->rowCount(), 1); // its pending entry read

    focus.group = u"auditors"_s;
    pane.focusOn(focus);
    QVERIFY(answered(browser));
    QCOMPARE(stream->selectedGroup(), QByteArray("auditors"));
    QCOMPARE(stream->pending()->rowCount(), 0);

    // A pane that opens on it first.
    RedisPane fresh(&browser);
    fresh.patternField()->setText(u"no-such-key-*"_s);
    fresh.show();
    focus.group = u"payers"_s;
    fresh.focusOn(focus);
    QVERIFY(answered(browser));
    QCOMPARE(fresh.streamView()->key(), billing);
    QCOMPARE(fresh.streamView()->selectedGroup(), QByteArray("payers"));
    QCOMPARE(fresh.streamView()->pending()->rowCount(), 1);
}

QTEST_MAIN(tst_RedisGroupFocus)
#include "tst_redisgroupfocus.moc"
