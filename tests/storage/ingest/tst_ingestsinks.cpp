#include "databaseurl.h"
#include "ingestsink.h"

#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

QList<Delivery> twoDeliveries()
{
    QList<Delivery> group;
    for (int n = 1; n <= 2; ++n) {
        Delivery d;
        d.key = u"stream:orders:1700000000000-%1"_s.arg(n);
        d.source = u"orders"_s;
        d.payload = "Message " + QByteArray::number(n);
        d.receivedAt = QDateTime(QDate(2026, 11, 28), QTime(6, 0, n), QTimeZone::utc());
        group << d;
    }
    return group;
}

} // namespace

// The registry of sink kinds: what it says of a URL, and that it opens each kind's real sink.
// Outside it nothing knows a sink's scheme.
class tst_IngestSinks : public QObject
{
    Q_OBJECT

private slots:
    void everyKindIsWhole()
    {
        QSet<QString> schemes;
        for (const IngestSinkKind &kind : ingestSinkKinds()) {
            QVERIFY(!kind.schemes.isEmpty());
            for (const QString &scheme : kind.schemes) {
                QVERIFY2(!schemes.contains(scheme), qPrintable(scheme));
                schemes.insert(scheme);
            }
            QVERIFY(!kind.form.isEmpty());
            QVERIFY(!kind.what.isEmpty());
            QVERIFY(kind.check);
            QVERIFY(kind.open);
        }
        QCOMPARE(schemes, (QSet<QString>{u"sqlite"_s, u"postgresql"_s, u"postgres"_s, u"file"_s}));
    }

    void checksEachKindsUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("checked"); // empty: refused
        QTest::addColumn<QString>("error");   // a part of the refusal
        QTest::newRow("sqlite") << u"sqlite:/var/lib/porthole/p.db"_s
                                << u"sqlite:/var/lib/porthole/p.db"_s << QString();
        QTest::newRow("postgresql")
            << u"postgresql://porthole@127.0.0.1:5432/pipeline"_s
            << u"postgresql://porthole@127.0.0.1:5432/pipeline"_s << QString();
        QTest::newRow("postgres, any case") << u"Postgres://porthole@db/pipeline"_s
                                            << u"Postgres://porthole@db/pipeline"_s << QString();
        QTest::newRow("file") << u"file:///srv/batches/"_s << u"file:///srv/batches/"_s
                              << QString();
        QTest::newRow("file, relative")
            << u"file:batches"_s << QString() << u"names no absolute folder"_s;
        QTest::newRow("file, no folder")
            << u"file://"_s << QString() << u"names no absolute folder"_s;
        QTest::newRow("no such kind")
            << u"redis://127.0.0.1/0"_s << QString() << u"redis://127.0.0.1/0"_s;
        QTest::newRow("a database URL that is not one")
            << u"sqlite:"_s << QString() << u"sqlite:"_s;
    }
    void checksEachKindsUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, checked);
        QFETCH(QString, error);
        const auto result = checkIngestSinkUrl(url);
        if (checked.isEmpty()) {
            QVERIFY(!result);
            QVERIFY2(result.error().message.contains(error), qPrintable(result.error().message));
            const IngestSinkOpening opening = openIngestSink({url, {}, {}, 1024});
            QVERIFY(!opening.sink);
            QCOMPARE(opening.error, result.error().message);
            QVERIFY(!opening.retry);
        } else {
            QVERIFY2(result, qPrintable(result.errorMessage()));
            QCOMPARE(*result, checked);
        }
    }

    void saysWhereBooksAndBatchesGo()
    {
        QVERIFY(ingestSinkKeepsBooksElsewhere(u"file:///srv/batches"_s));
        QVERIFY(!ingestSinkKeepsBooksElsewhere(u"sqlite:/srv/p.db"_s));
        QVERIFY(!ingestSinkKeepsBooksElsewhere(u"postgresql://db/p"_s));
        QVERIFY(!ingestSinkKeepsBooksElsewhere(u"redis://db"_s));
        QCOMPARE(ingestSinkBatchFolder(u"file:///srv/batches"_s), u"/srv/batches"_s);
        QCOMPARE(ingestSinkBatchFolder(u"sqlite:/srv/p.db"_s), QString());
        QCOMPARE(ingestSinkBatchFolder(u"redis://db"_s), QString());

        const auto own = ingestSinkDatabase({u"sqlite:/srv/p.db"_s, u"sqlite:/srv/q.db"_s, {}, 0});
        QVERIFY(own);
        QCOMPARE(own->filePath(), u"/srv/p.db"_s);
        const auto books =
            ingestSinkDatabase({u"file:///srv/batches"_s, u"sqlite:/srv/q.db"_s, {}, 0});
        QVERIFY(books);
        QCOMPARE(books->filePath(), u"/srv/q.db"_s);
    }

    void listsTheForms()
    {
        QCOMPARE(ingestSinkForms(),
                 u"sqlite:PATH (a SQLite database), postgresql://user@host:port/db (a PostgreSQL "
                 "database), or file:///absolute/folder (batch files)"_s);
        QCOMPARE(ingestSinkForms(true), u"file:///absolute/folder (batch files)"_s);
    }

    void showsNoPassword()
    {
        QVERIFY(
            !ingestSinkDisplayName(u"postgresql://porthole:secret@db/p"_s).contains(u"secret"_s));
        QCOMPARE(ingestSinkDisplayName(u"file:///srv/batches"_s), u"file:///srv/batches"_s);
    }

    // Each kind the registry names opens its real sink, which stores a group.
    void opensEachKindsSink_data()
    {
        QTest::addColumn<bool>("files");
        QTest::newRow("sqlite:") << false;
        QTest::newRow("file:") << true;
    }
    void opensEachKindsSink()
    {
        QFETCH(bool, files);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString database = u"sqlite:"_s + dir.filePath(u"porthole.db"_s);
        const QString batches = QUrl::fromLocalFile(dir.filePath(u"batches"_s)).toString();
        const IngestSinkOpening opening =
            openIngestSink({files ? batches : database, database, {}, defaultMaxPayloadBytes});
        QVERIFY2(opening.sink, qPrintable(opening.error));
        const auto outcome = opening.sink->write(twoDeliveries());
        QVERIFY2(outcome, qPrintable(outcome.errorMessage()));
        QCOMPARE(outcome->stored, 2);
        const auto again = opening.sink->write(twoDeliveries());
        QVERIFY(again);
        QCOMPARE(again->duplicates, 2);
        QCOMPARE(QFileInfo::exists(dir.filePath(u"batches/messages_batch_0001.txt"_s)), files);
    }
};

QTEST_GUILESS_MAIN(tst_IngestSinks)
#include "tst_ingestsinks.moc"
