#include "redisalertsignals.h"
#include "redisclient.h"
#include "testservers.h"

#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

AlertRule groupRule(AlertKind kind, const QString &stream, const QString &group = {})
{
    return {.id = u"r"_s,
            .kind = kind,
            .threshold = 1,
            .clearThreshold = 1,
            .stream = stream,
            .group = group};
}

} // namespace

// The group rules' readings from a real redis-server: each rule's own stream, each group of it
// or the one it names, lag and the idle time of the oldest deliveries.
class tst_RedisAlertSignals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void lagPerGroupOfTheRulesStream();
    void pendingAgeOfTheOldestDeliveries();
    void aNamedGroupThatIsGoneHasNoValue();
    void noStreamAndAnotherTypeAreClearErrors();

private:
    QByteArray key(const char *name) const { return m_prefix + name; }
    QString keyText(const char *name) const { return QString::fromUtf8(key(name)); }
    RedisClient m_client;
    QByteArray m_prefix;
};

void tst_RedisAlertSignals::initTestCase()
{
    const auto url = test::fixtureRedis();
    QVERIFY2(url.ok(), qPrintable(url.errorMessage()));
    const Status connected = m_client.connect(*url);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));
    m_prefix =
        "tst_redisalertsignals:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + ':';
}

void tst_RedisAlertSignals::lagPerGroupOfTheRulesStream()
{
    const QByteArray orders = key("orders");
    const QByteArray invoices = key("invoices");
    for (int i = 0; i < 5; ++i)
        QVERIFY(m_client.command({"XADD", orders, "*", "n", QByteArray::number(i)}).ok());
    QVERIFY(m_client.command({"XADD", invoices, "*", "n", "1"}).ok());
    QVERIFY(m_client.command({"XGROUP", "CREATE", orders, "billing", "0"}).ok());
    QVERIFY(m_client.command({"XGROUP", "CREATE", orders, "shipping", "0"}).ok());
    QVERIFY(m_client.command({"XGROUP", "CREATE", invoices, "billing", "0"}).ok());
    // shipping reads three of the five entries.
    QVERIFY(
        m_client
            .command({"XREADGROUP", "GROUP", "shipping", "w", "COUNT", "3", "STREAMS", orders, ">"})
            .ok());

    const RedisAlertSignals signals_(m_client);
    auto every = signals_.read(groupRule(AlertKind::GroupLag, keyText("orders")), {});
    QVERIFY2(every.ok(), qPrintable(every.errorMessage()));
    QCOMPARE(*every, (QList<AlertReading>{{.subject = u"billing"_s, .value = 5},
                                          {.subject = u"shipping"_s, .value = 2}}));

    auto one = signals_.read(groupRule(AlertKind::GroupLag, keyText("orders"), u"shipping"_s), {});
    QVERIFY(one.ok());
    QCOMPARE(*one, (QList<AlertReading>{{.subject = u"shipping"_s, .value = 2}}));

    // No stream of its own: the receiver's; the other stream's group is not this rule's.
    auto byDefault = signals_.read(groupRule(AlertKind::GroupLag, {}), keyText("invoices"));
    QVERIFY(byDefault.ok());
    QCOMPARE(*byDefault, (QList<AlertReading>{{.subject = u"billing"_s, .value = 1}}));
}

void tst_RedisAlertSignals::pendingAgeOfTheOldestDeliveries()
{
    const QByteArray stream = key("pending");
    QList<QByteArray> ids;
    for (int i = 0; i < 3; ++i) {
        auto added = m_client.command({"XADD", stream, "*", "n", QByteArray::number(i)});
        QVERIFY(added.ok());
        ids << added->text;
    }
    QVERIFY(m_client.command({"XGROUP", "CREATE", stream, "g", "0"}).ok());
    QVERIFY(m_client.command({"XGROUP", "CREATE", stream, "idle", "$"}).ok());
    QVERIFY(m_client.command({"XREADGROUP", "GROUP", "g", "w", "STREAMS", stream, ">"}).ok());
    // The second delivery has waited ten minutes, the others a moment.
    QVERIFY(m_client.command({"XCLAIM", stream, "g", "w", "0", ids.at(1), "IDLE", "600000"}).ok());

    auto readings =
        RedisAlertSignals(m_client).read(groupRule(AlertKind::PendingAge, keyText("pending")), {});
    QVERIFY2(readings.ok(), qPrintable(readings.errorMessage()));
    QCOMPARE(readings->size(), 2);
    QCOMPARE(readings->at(0).subject, u"g"_s);
    QVERIFY2(readings->at(0).value >= 600 && readings->at(0).value < 660,
             qPrintable(QString::number(readings->at(0).value.value_or(-1))));
    QCOMPARE(readings->at(1), (AlertReading{.subject = u"idle"_s, .value = 0}));
}

void tst_RedisAlertSignals::aNamedGroupThatIsGoneHasNoValue()
{
    const QByteArray stream = key("gone");
    QVERIFY(m_client.command({"XADD", stream, "*", "n", "1"}).ok());
    QVERIFY(m_client.command({"XGROUP", "CREATE", stream, "other", "0"}).ok());
    const RedisAlertSignals signals_(m_client);
    for (AlertKind kind : {AlertKind::GroupLag, AlertKind::PendingAge}) {
        auto named = signals_.read(groupRule(kind, keyText("gone"), u"workers"_s), {});
        QVERIFY(named.ok());
        QCOMPARE(*named, (QList<AlertReading>{{.subject = u"workers"_s, .value = std::nullopt}}));
        auto noStream = signals_.read(groupRule(kind, keyText("never-made"), u"workers"_s), {});
        QVERIFY(noStream.ok());
        QCOMPARE(*noStream,
                 (QList<AlertReading>{{.subject = u"workers"_s, .value = std::nullopt}}));
    }
}

void tst_RedisAlertSignals::noStreamAndAnotherTypeAreClearErrors()
{
    const RedisAlertSignals signals_(m_client);
    auto unnamed = signals_.read(groupRule(AlertKind::GroupLag, {}), {});
    QVERIFY(!unnamed.ok());
    QVERIFY2(unnamed.errorMessage().contains(u"names no stream"_s),
             qPrintable(unnamed.errorMessage()));

    QVERIFY(m_client.command({"RPUSH", key("list"), "x"}).ok());
    auto list = signals_.read(groupRule(AlertKind::GroupLag, keyText("list")), {});
    QVERIFY(!list.ok());
    QVERIFY2(list.errorMessage().contains(u"which is a list, not a stream"_s),
             qPrintable(list.errorMessage()));

    auto notRedis = signals_.read(groupRule(AlertKind::HeartbeatAge, keyText("list")), {});
    QVERIFY(!notRedis.ok());
}

QTEST_GUILESS_MAIN(tst_RedisAlertSignals)
#include "tst_redisalertsignals.moc"
