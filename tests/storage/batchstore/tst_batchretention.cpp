#include "batchfileindex.h"
#include "batchintegrity.h"
#include "batchretention.h"
#include "batchteststore.h"
#include "skippolicy.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

Q_DECLARE_METATYPE(porthole::BatchRetentionRules)

namespace {

constexpr qint64 daySecs = 24 * 3600;

// A store of full files, batch 1 holding messages 1-10 and so on, each file modified
// ageDays[i] days before now.
bool fillRetentionStore(const QString &dir, const QList<int> &ageDays, qint64 nowSecs)
{
    for (qsizetype i = 0; i < ageDays.size(); ++i) {
        const QString path = dir + u'/' + batchFileName(i + 1);
        if (!test::writeFile(path, test::seedLines(i * 10 + 1, 10)) ||
            !test::setModified(path, nowSecs - ageDays[i] * daySecs))
            return false;
    }
    return true;
}

QList<qint64> retentionIds(const QList<BatchRetentionFile> &files)
{
    QList<qint64> ids;
    for (const BatchRetentionFile &file : files)
        ids.append(file.id);
    return ids;
}

QList<qint64> idsInStore(const QString &dir)
{
    QList<qint64> ids;
    for (const QString &name : QDir(dir).entryList(QDir::Files, QDir::Name))
        if (const auto id = batchIdFromFileName(QStringView(name)))
            ids.append(*id);
    return ids;
}

// `tar --list` of an archive, one name a line; empty when tar fails.
QStringList tarListing(const QString &archive)
{
    QProcess tar;
    tar.start(u"tar"_s, {u"--list"_s, u"--gzip"_s, u"--file"_s, archive});
    if (!tar.waitForFinished(60000) || tar.exitCode() != 0)
        return {};
    return QString::fromUtf8(tar.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

QByteArray tarMember(const QString &archive, const QString &member)
{
    QProcess tar;
    tar.start(u"tar"_s,
              {u"--extract"_s, u"--to-stdout"_s, u"--gzip"_s, u"--file"_s, archive, member});
    return tar.waitForFinished(60000) && tar.exitCode() == 0 ? tar.readAllStandardOutput()
                                                             : QByteArray();
}

bool writeScript(const QString &path, const QByteArray &body)
{
    return test::writeFile(path, "#!/bin/sh\n" + body) &&
           QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

} // namespace

// Seed 000's retention of the batch store, on real files with set mtimes.
class tst_BatchRetention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void previewIsWhatGoes();
    void whatStays_data();
    void whatStays();
    void damagedNewestKeepsTheOneBefore();
    void changedFileKept();
    void archivesThenDeletes();
    void archiveIsVerified();
    void errorsDeleteNothing_data();
    void errorsDeleteNothing();
    void unwritableArchiveFolder();
    void missingStore();
};

// Deleting: the plan's files go, exactly, and the readers of the store see no damage.
void tst_BatchRetention::previewIsWhatGoes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), {50, 45, 40, 35, 5, 1}, now.toSecsSinceEpoch()));
    BatchFileIndex index(dir.path());
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.files().size(), 6);

    auto plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(retentionIds(plan->files), (QList<qint64>{1, 2, 3, 4}));
    QCOMPARE(plan->storeFiles, 6);
    QCOMPARE(plan->keptFrom.value_or(-1), 5);
    QCOMPARE(plan->messages, 40);
    QCOMPARE(plan->lowestNumber.value_or(-1), 1);
    QCOMPARE(plan->highestNumber.value_or(-1), 40);
    QCOMPARE(plan->bytes(), test::seedLines(1, 40).size());
    QCOMPARE(idsInStore(dir.path()).size(), 6); // a preview removes nothing

    auto done = applyBatchRetention(*plan);
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->removed, plan->files);
    QVERIFY(done->kept.isEmpty());
    QVERIFY(done->archive.isEmpty());
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{5, 6}));

    // Removing the oldest files is no damage: no missing batch, no gap in the numbers.
    auto report = checkBatchStore(dir.path());
    QVERIFY(report.ok());
    QVERIFY2(report->clean(), qPrintable(report->findings.value(0).message));
    QCOMPARE(report->messages, 20);
    QVERIFY(index.refresh().ok());
    QCOMPARE(index.files().size(), 2);
    QCOMPARE(index.files().constFirst().id, 5);

    // Nothing left to do: a second run previews nothing.
    auto again = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(again.ok());
    QVERIFY(again->files.isEmpty());
}

void tst_BatchRetention::whatStays_data()
{
    QTest::addColumn<QList<int>>("ageDays");
    QTest::addColumn<BatchRetentionRules>("rules");
    QTest::addColumn<QList<qint64>>("going");
    QTest::addColumn<qint64>("heldBack");

    const BatchRetentionRules days30{.days = 30};
    QTest::newRow("the newest file stays, however old")
        << QList<int>{90, 80, 70} << days30 << QList<qint64>{1, 2} << qint64(0);
    QTest::newRow("a single file stays")
        << QList<int>{90} << days30 << QList<qint64>{} << qint64(0);
    QTest::newRow("a younger file stops the run")
        << QList<int>{90, 80, 10, 70, 60} << days30 << QList<qint64>{1, 2} << qint64(1);
    QTest::newRow("off keeps everything")
        << QList<int>{90, 80, 70} << BatchRetentionRules{.days = 0} << QList<qint64>{} << qint64(0);
    QTest::newRow("the quiet time wins over the days")
        << QList<int>{5, 3, 1, 0} << BatchRetentionRules{.days = 1, .quiet = std::chrono::hours(96)}
        << QList<qint64>{1} << qint64(0);
}

void tst_BatchRetention::whatStays()
{
    QFETCH(QList<int>, ageDays);
    QFETCH(BatchRetentionRules, rules);
    QFETCH(QList<qint64>, going);
    QFETCH(qint64, heldBack);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), ageDays, now.toSecsSinceEpoch()));
    auto plan = previewBatchRetention(dir.path(), rules, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(retentionIds(plan->files), going);
    QCOMPARE(plan->heldBack, heldBack);
}

// A highest file larger than a line can be is one the writer starts after, taking the last
// message number from the file before it: that one stays too.
void tst_BatchRetention::damagedNewestKeepsTheOneBefore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), {90, 80, 70, 60}, now.toSecsSinceEpoch()));
    const QString newest = dir.path() + u'/' + batchFileName(4);
    QFile damaged(newest);
    QVERIFY(damaged.resize(batchLineLimit + 1)); // sparse: no disk taken
    QVERIFY(test::setModified(newest, now.toSecsSinceEpoch() - 60 * daySecs));
    auto plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY2(plan.ok(), qPrintable(plan.errorMessage()));
    QCOMPARE(retentionIds(plan->files), (QList<qint64>{1, 2}));

    // The negative control: at the largest size a line can have, only the newest stays.
    QVERIFY(damaged.resize(batchLineLimit));
    QVERIFY(test::setModified(newest, now.toSecsSinceEpoch() - 60 * daySecs));
    plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(plan.ok());
    QCOMPARE(retentionIds(plan->files), (QList<qint64>{1, 2, 3}));
}

// A file changed between the preview and the run stays, with every file after it.
void tst_BatchRetention::changedFileKept()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), {60, 59, 58, 57, 56, 1}, now.toSecsSinceEpoch()));
    auto plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(plan.ok());
    QCOMPARE(retentionIds(plan->files), (QList<qint64>{1, 2, 3, 4, 5}));

    // Batch 3 grows, its old mtime set back: the size gives it away.
    const QString third = dir.path() + u'/' + batchFileName(3);
    QVERIFY(test::appendFile(third, test::seedLine(61)));
    QVERIFY(test::setModified(third, now.toSecsSinceEpoch() - 58 * daySecs));

    auto done = applyBatchRetention(*plan);
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(retentionIds(done->removed), (QList<qint64>{1, 2}));
    QCOMPARE(done->kept.size(), 3);
    QCOMPARE(done->kept.at(0).file.id, 3);
    QVERIFY2(done->kept.at(0).reason.contains(u"bytes now"_s), qPrintable(done->kept[0].reason));
    QVERIFY2(done->kept.at(1).reason.contains(batchFileName(3)), qPrintable(done->kept[1].reason));
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{3, 4, 5, 6}));

    // Only touched (same size): the mtime gives it away.
    auto second = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(second.ok());
    QCOMPARE(retentionIds(second->files), (QList<qint64>{3, 4, 5}));
    QVERIFY(test::setModified(third, now.toSecsSinceEpoch() - 40 * daySecs));
    done = applyBatchRetention(*second);
    QVERIFY(done.ok());
    QVERIFY(done->removed.isEmpty());
    QVERIFY2(done->kept.at(0).reason.contains(u"modified after the preview"_s),
             qPrintable(done->kept[0].reason));
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{3, 4, 5, 6}));
}

void tst_BatchRetention::archivesThenDeletes()
{
    QTemporaryDir dir;
    QTemporaryDir archives;
    QVERIFY(dir.isValid() && archives.isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), {50, 45, 40, 5}, now.toSecsSinceEpoch()));
    auto plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(plan.ok());

    auto done = applyBatchRetention(*plan, {.archiveDirectory = archives.path(), .tarProgram = {}});
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(done->removed, plan->files);
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{4}));
    // One archive, nothing half-written beside it.
    const QStringList inFolder =
        QDir(archives.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    QCOMPARE(inFolder.size(), 1);
    QVERIFY2(inFolder.constFirst().startsWith(u"messages_batch_0001-0003_"_s) &&
                 inFolder.constFirst().endsWith(u".tar.gz"_s),
             qPrintable(inFolder.constFirst()));
    QCOMPARE(done->archive, archives.path() + u'/' + inFolder.constFirst());

    QCOMPARE(tarListing(done->archive),
             (QStringList{batchFileName(1), batchFileName(2), batchFileName(3)}));
    QCOMPARE(tarMember(done->archive, batchFileName(2)), test::seedLines(11, 10));
}

// A tar whose listing disagrees with the preview: the check fails and nothing is deleted.
void tst_BatchRetention::archiveIsVerified()
{
    QTemporaryDir dir;
    QTemporaryDir archives;
    QTemporaryDir tools;
    QVERIFY(dir.isValid() && archives.isValid() && tools.isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), {50, 45, 40, 5}, now.toSecsSinceEpoch()));
    const QString liar = tools.path() + u"/tar"_s;
    QVERIFY(writeScript(liar,
                        "case \"$1\" in --list) tar \"$@\" | head -n 2;; *) exec tar \"$@\";; "
                        "esac\n"));
    auto plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(plan.ok());
    QCOMPARE(plan->files.size(), 3);

    auto done =
        applyBatchRetention(*plan, {.archiveDirectory = archives.path(), .tarProgram = liar});
    QVERIFY(!done.ok());
    QVERIFY2(done.errorMessage().contains(u"lacks 1 of the previewed files"_s),
             qPrintable(done.errorMessage()));
    QVERIFY2(done.errorMessage().contains(u"Nothing was deleted."_s),
             qPrintable(done.errorMessage()));
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{1, 2, 3, 4}));
    QVERIFY(QDir(archives.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());

    // The negative control: the real tar passes the same check.
    done = applyBatchRetention(*plan, {.archiveDirectory = archives.path(), .tarProgram = {}});
    QVERIFY2(done.ok(), qPrintable(done.errorMessage()));
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{4}));
}

void tst_BatchRetention::errorsDeleteNothing_data()
{
    QTest::addColumn<QString>("archive"); // {store}, {archives} and {tools} are replaced
    QTest::addColumn<QString>("tar");
    QTest::addColumn<QString>("message");

    QTest::newRow("no such archive folder")
        << u"{archives}/missing"_s << QString() << u"does not exist. Create it first."_s;
    QTest::newRow("archive folder is a file")
        << u"{tools}/fails"_s << QString() << u"is not a folder"_s;
    QTest::newRow("archive folder in the store")
        << u"{store}"_s << QString() << u"is inside the batch store"_s;
    QTest::newRow("tar missing") << u"{archives}"_s << u"{tools}/no-such-tar"_s
                                 << u"could not be started"_s;
    QTest::newRow("tar failing") << u"{archives}"_s << u"{tools}/fails"_s
                                 << u"failed with exit code 2: tar: cannot write"_s;
}

void tst_BatchRetention::errorsDeleteNothing()
{
    QFETCH(QString, archive);
    QFETCH(QString, tar);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QTemporaryDir archives;
    QTemporaryDir tools;
    QVERIFY(dir.isValid() && archives.isValid() && tools.isValid());
    QVERIFY(writeScript(tools.path() + u"/fails"_s, "echo 'tar: cannot write' >&2\nexit 2\n"));
    const auto place = [&](QString text) {
        return text.replace(u"{store}"_s, dir.path())
            .replace(u"{archives}"_s, archives.path())
            .replace(u"{tools}"_s, tools.path());
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), {50, 45, 40, 5}, now.toSecsSinceEpoch()));
    auto plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(plan.ok());
    QCOMPARE(plan->files.size(), 3);

    auto done =
        applyBatchRetention(*plan, {.archiveDirectory = place(archive), .tarProgram = place(tar)});
    QVERIFY(!done.ok());
    QVERIFY2(done.errorMessage().contains(message), qPrintable(done.errorMessage()));
    QVERIFY2(done.errorMessage().contains(u"Nothing was deleted."_s),
             qPrintable(done.errorMessage()));
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{1, 2, 3, 4}));
    QVERIFY(QDir(archives.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

void tst_BatchRetention::unwritableArchiveFolder()
{
    QTemporaryDir dir;
    QTemporaryDir archives;
    QVERIFY(dir.isValid() && archives.isValid());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(fillRetentionStore(dir.path(), {50, 45, 5}, now.toSecsSinceEpoch()));
    auto plan = previewBatchRetention(dir.path(), {.days = 30}, now);
    QVERIFY(plan.ok());
    QVERIFY(QFile::setPermissions(archives.path(), QFile::ReadOwner | QFile::ExeOwner));
    Result<BatchRetentionResult> done = StorageError{};
    {
        const test::WithoutRootOverride asAnyone;
        if (!asAnyone.ok())
            PORTHOLE_SKIP_OR_FAIL("cannot drop root's override of permissions");
        done = applyBatchRetention(*plan, {.archiveDirectory = archives.path(), .tarProgram = {}});
    }
    QFile::setPermissions(archives.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!done.ok());
    QVERIFY2(done.errorMessage().contains(u"Cannot write in the archive folder"_s),
             qPrintable(done.errorMessage()));
    QCOMPARE(idsInStore(dir.path()), (QList<qint64>{1, 2, 3}));
}

void tst_BatchRetention::missingStore()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto plan = previewBatchRetention(dir.path() + u"/nowhere"_s, {});
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().kind, StorageError::Kind::NotFound);
    QVERIFY2(plan.errorMessage().contains(u"does not exist"_s), qPrintable(plan.errorMessage()));
}

QTEST_GUILESS_MAIN(tst_BatchRetention)
#include "tst_batchretention.moc"
