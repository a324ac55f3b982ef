#include "backupcontroller.h"
#include "filepathfield.h"
#include "migrateddatabase.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace Qt::StringLiterals;
using namespace porthole;

// File > Back Up on a real database: the dialog's folder and count, the backup on a pool
// thread, what it says when it worked and when it could not, and what is remembered.
class tst_BackupWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void backsUpAndRemembers();
    void unwritableFolderSaysWhatToDo();

private:
    QTemporaryDir m_settings;
};

void tst_BackupWindow::initTestCase()
{
    QVERIFY(m_settings.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
}

void tst_BackupWindow::backsUpAndRemembers()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QTemporaryDir folder;
    QWidget window;
    BackupController controller(database.scratch->url(), &window);
    QSignalSpy finished(&controller, &BackupController::finished);
    controller.ask();
    BackupDialog *dialog = controller.dialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->keepField()->value(), 7);
    dialog->folderField()->setPath(folder.filePath(u"backups"_s));
    dialog->keepField()->setValue(2);
    dialog->backUpButton()->click();
    QVERIFY(!dialog->backUpButton()->isEnabled()); // one at a time
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.at(0).at(0).toBool());
    QVERIFY2(dialog->statusText().contains(u"checked"_s), qPrintable(dialog->statusText()));
    QVERIFY(dialog->backUpButton()->isEnabled());
    const QStringList files =
        QDir(folder.filePath(u"backups"_s)).entryList({u"porthole-*"_s}, QDir::Files);
    QCOMPARE(files.size(), 2); // the copy and its manifest
    QCOMPARE(BackupController::savedFolder(), folder.filePath(u"backups"_s));
    QCOMPARE(BackupController::savedKeep(), 2);
}

void tst_BackupWindow::unwritableFolderSaysWhatToDo()
{
    test::MigratedDatabase database(test::ScratchDatabase::Engine::SQLite);
    QVERIFY2(database.ok(), qPrintable(database.error));
    const QTemporaryDir folder;
    // A file where the folder should be: no folder can be made there, as root too.
    QFile blocker(folder.filePath(u"taken"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QWidget window;
    BackupController controller(database.scratch->url(), &window);
    QSignalSpy finished(&controller, &BackupController::finished);
    controller.ask();
    BackupDialog *dialog = controller.dialog();
    dialog->folderField()->setPath(folder.filePath(u"taken/backups"_s));
    dialog->backUpButton()->click();
    QVERIFY(finished.wait(60000));
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY2(dialog->statusText().contains(u"Check the folder"_s),
             qPrintable(dialog->statusText()));
    QVERIFY(dialog->backUpButton()->isEnabled());
}

QTEST_MAIN(tst_BackupWindow)
#include "tst_backupwindow.moc"
