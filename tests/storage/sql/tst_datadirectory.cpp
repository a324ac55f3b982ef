#include "datadirectory.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using porthole::DataDirectory;

class tst_DataDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layout();
    void createsFolders();
    void refusesAFile();
    void defaultRootIsAppData();
};

void tst_DataDirectory::layout()
{
    const DataDirectory dir(u"/srv/porthole/../porthole"_s);
    QCOMPARE(dir.root(), u"/srv/porthole"_s);
    QCOMPARE(dir.databasePath(), u"/srv/porthole/porthole.db"_s);
    QCOMPARE(dir.batchStorePath(), u"/srv/porthole/example_receiver/messages"_s);
    QCOMPARE(dir.databaseUrl().filePath(), dir.databasePath());
}

void tst_DataDirectory::createsFolders()
{
    QTemporaryDir temp;
    const DataDirectory dir(temp.filePath(u"new/data"_s));
    QVERIFY(!QFileInfo::exists(dir.batchStorePath()));
    const auto made = dir.ensureExists();
    QVERIFY2(made.ok(), qPrintable(made.errorMessage()));
    QVERIFY(QFileInfo(dir.batchStorePath()).isDir());
    QVERIFY2(dir.ensureExists().ok(), "a second call finds everything in place");
}

void tst_DataDirectory::refusesAFile()
{
    QTemporaryDir temp;
    QFile file(temp.filePath(u"taken"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a folder");
    file.close();
    const auto made = DataDirectory(file.fileName()).ensureExists();
    QVERIFY(!made.ok());
    QCOMPARE(made.error().kind, porthole::StorageError::Kind::Io);
    QVERIFY2(made.errorMessage().contains(u"--data-dir"_s), qPrintable(made.errorMessage()));
    QFile check(file.fileName());
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("not a folder"));
}

void tst_DataDirectory::defaultRootIsAppData()
{
    QStandardPaths::setTestModeEnabled(true);
    QCOMPARE(DataDirectory::defaultRoot(),
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QVERIFY(!DataDirectory::defaultRoot().isEmpty());
}

QTEST_GUILESS_MAIN(tst_DataDirectory)
#include "tst_datadirectory.moc"
