#include "repositorysupport.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_RepositorySupport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timeOrderedIds();
    void idsSortByTime();
    void names_data();
    void names();
    void json_data();
    void json();
};

void tst_RepositorySupport::timeOrderedIds()
{
    static const QRegularExpression form(
        u"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i) {
        const QString id = newUuid();
        QVERIFY2(form.match(id).hasMatch(), qPrintable(id));
        QVERIFY(!QUuid::fromString(id).isNull());
        seen.insert(id);
        // The first 48 bits are the time of writing.
        const qint64 ms = QStringView(id).left(8).toLongLong(nullptr, 16) << 16 |
                          QStringView(id).mid(9, 4).toLongLong(nullptr, 16);
        QVERIFY(ms >= before && ms <= QDateTime::currentMSecsSinceEpoch());
    }
    QCOMPARE(seen.size(), 1000);

    // From given parts: the time comes first, the random bits after it.
    QCOMPARE(timeOrderedUuid(0x0123456789ab, 0, 0), u"01234567-89ab-7000-8000-000000000000"_s);
    QCOMPARE(timeOrderedUuid(0x0123456789ab, ~0ULL, ~0ULL),
             u"01234567-89ab-7fff-bfff-ffffffffffff"_s);
}

void tst_RepositorySupport::idsSortByTime()
{
    // Ids of rows written a millisecond or more apart sort in the order they were written.
    QStringList ids;
    for (qint64 ms = 1700000000000; ms < 1700000000000 + 50; ++ms)
        ids << timeOrderedUuid(ms, quint64(ms * 7919), quint64(ms * 104729));
    QStringList sorted = ids;
    sorted.sort();
    QCOMPARE(sorted, ids);
}

void tst_RepositorySupport::names_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("ok");
    QTest::newRow("plain") << u"orders.in"_s << true;
    QTest::newRow("255") << QString(255, u'x') << true;
    QTest::newRow("256") << QString(256, u'x') << false;
    QTest::newRow("255 emoji") << QString(u"📦"_s).repeated(255) << true; // 510 UTF-16 units
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("nul") << u"a\0b"_s << false;
}

void tst_RepositorySupport::names()
{
    QFETCH(QString, value);
    QFETCH(bool, ok);
    const Status checked = checkName(value, u"port name"_s);
    QCOMPARE(checked.ok(), ok);
    if (!ok) {
        QCOMPARE(checked.error().kind, StorageError::Kind::InvalidArgument);
        QVERIFY2(checked.errorMessage().contains(u"port name"_s),
                 qPrintable(checked.errorMessage()));
    }
}

void tst_RepositorySupport::json_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("optional");
    QTest::addColumn<bool>("ok");
    QTest::newRow("object") << QByteArray("{\"a\": [1, 2]}") << false << true;
    QTest::newRow("array") << QByteArray("[]") << false << true;
    QTest::newRow("truncated") << QByteArray("{\"a\": [1, 2") << false << false;
    QTest::newRow("empty, optional") << QByteArray() << true << true;
    QTest::newRow("empty, required") << QByteArray() << false << false;
}

void tst_RepositorySupport::json()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, optional);
    QFETCH(bool, ok);
    const Status checked = checkJson(json, u"message data"_s, optional);
    QCOMPARE(checked.ok(), ok);
    if (!ok)
        QCOMPARE(checked.error().kind, StorageError::Kind::InvalidJson);
}

QTEST_GUILESS_MAIN(tst_RepositorySupport)
#include "tst_repositorysupport.moc"
