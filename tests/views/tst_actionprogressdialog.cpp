#include "actionprogressdialog.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

// A running bulk action: what it says, what its buttons ask for, when it may close.
class tst_ActionProgressDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startsRunning();
    void pausesAndResumes();
    void cancels();
    void ratesOverASlidingWindow();
    void saysNoRateTooSoon();
    void finishes();
    void fails();
    void saysWhatItWaitsFor();
    void closesOnlyWhenDone();
    void durations_data();
    void durations();
};

void tst_ActionProgressDialog::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_ActionProgressDialog::startsRunning()
{
    ActionProgressDialog dialog(u"Replaying 100,000 dead letters to the database"_s);
    QVERIFY(!dialog.isModal());
    QCOMPARE(dialog.titleText(), u"Replaying 100,000 dead letters to the database"_s);
    QCOMPARE(dialog.progressText(), u"0 of 0 done · 0 skipped"_s);
    QCOMPARE(dialog.statusText(), u"Working…"_s);
    QCOMPARE(dialog.pauseButton()->text(), u"&Pause"_s);
    QVERIFY(dialog.pauseButton()->isEnabled());
    QVERIFY(dialog.cancelButton()->isEnabled());
    QVERIFY(!dialog.closeButton()->isEnabled());

    dialog.setProgress(25000, 2, 100000);
    QCOMPARE(double(dialog.progressBar()->value()) / dialog.progressBar()->maximum(), 0.25);
    QCOMPARE(dialog.progressBar()->text(), u"25%"_s);
    QVERIFY(dialog.progressText().startsWith(u"25,000 of 100,000 done · 2 skipped"_s));
}

void tst_ActionProgressDialog::pausesAndResumes()
{
    ActionProgressDialog dialog(u"Purging"_s);
    dialog.show();
    QSignalSpy pause(&dialog, &ActionProgressDialog::pauseRequested);
    QSignalSpy resume(&dialog, &ActionProgressDialog::resumeRequested);
    QSignalSpy cancel(&dialog, &ActionProgressDialog::cancelRequested);
    dialog.setProgress(10, 0, 100);

    QTest::mouseClick(dialog.pauseButton(), Qt::LeftButton);
    QCOMPARE(pause.size(), 1);
    QCOMPARE(resume.size(), 0);
    QVERIFY(dialog.isPaused());
    QCOMPARE(dialog.pauseButton()->text(), u"&Resume"_s);
    QCOMPARE(dialog.progressText(), u"10 of 100 done · 0 skipped · paused"_s);
    QVERIFY(dialog.statusText().startsWith(u"Paused"_s));

    QTest::mouseClick(dialog.pauseButton(), Qt::LeftButton);
    QCOMPARE(pause.size(), 1);
    QCOMPARE(resume.size(), 1);
    QVERIFY(!dialog.isPaused());
    QCOMPARE(dialog.pauseButton()->text(), u"&Pause"_s);

    // Told from outside (the runner paused on its own): nothing is asked for.
    dialog.setPaused(true);
    QCOMPARE(dialog.pauseButton()->text(), u"&Resume"_s);
    dialog.setPaused(false);
    QCOMPARE(pause.size(), 1);
    QCOMPARE(resume.size(), 1);
    QCOMPARE(cancel.size(), 0);
    QVERIFY(!dialog.closeButton()->isEnabled());
}

void tst_ActionProgressDialog::cancels()
{
    ActionProgressDialog dialog(u"Replaying"_s);
    dialog.show();
    QSignalSpy cancel(&dialog, &ActionProgressDialog::cancelRequested);
    QSignalSpy pause(&dialog, &ActionProgressDialog::pauseRequested);
    dialog.setProgress(10, 0, 100);

    QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
    QCOMPARE(cancel.size(), 1);
    QVERIFY(dialog.isCancelling());
    QVERIFY(dialog.isVisible()); // it asks, it does not close
    QVERIFY(dialog.statusText().startsWith(u"Cancelling"_s));
    QVERIFY(!dialog.cancelButton()->isEnabled());
    QVERIFY(!dialog.pauseButton()->isEnabled());
    QVERIFY(!dialog.closeButton()->isEnabled());
    QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
    QTest::mouseClick(dialog.pauseButton(), Qt::LeftButton);
    QCOMPARE(cancel.size(), 1);
    QCOMPARE(pause.size(), 0);

    dialog.setFinished(u"Cancelled: 10 replayed, 90 left as they were."_s);
    QVERIFY(dialog.closeButton()->isEnabled());
    QCOMPARE(dialog.statusText(), u"Cancelled: 10 replayed, 90 left as they were."_s);
}

void tst_ActionProgressDialog::ratesOverASlidingWindow()
{
    ActionProgressDialog dialog(u"Replaying"_s);
    qint64 now = 0;
    dialog.setClock([&now] { return now; });

    dialog.setProgress(0, 0, 100000);
    now = 1000;
    dialog.setProgress(10000, 3, 100000);
    QCOMPARE(dialog.rate(), 10000.0);
    QCOMPARE(dialog.progressText(),
             u"10,000 of 100,000 done · 3 skipped · 10,000/s · about 9 s left"_s);
    now = 2000;
    dialog.setProgress(20000, 3, 100000);
    QCOMPARE(dialog.progressText(),
             u"20,000 of 100,000 done · 3 skipped · 10,000/s · about 8 s left"_s);

    // It slows down: after a while only the last seconds count, not the fast start.
    now = 8000;
    dialog.setProgress(26000, 3, 100000);
    now = 9000;
    dialog.setProgress(27000, 3, 100000);
    // The last 5 s hold the samples at 8 s and 9 s: 1,000 in 1 s.
    QCOMPARE(dialog.rate(), 1000.0);
    QCOMPARE(dialog.progressText(),
             u"27,000 of 100,000 done · 3 skipped · 1,000/s · about 1 min 13 s left"_s);

    // Slow: a decimal.
    now = 30000;
    dialog.setProgress(27002, 3, 100000);
    now = 34000;
    dialog.setProgress(27004, 3, 100000);
    QCOMPARE(dialog.progressText(),
             u"27,004 of 100,000 done · 3 skipped · 0.5/s · about 40 h 33 min left"_s);

    // Pausing forgets the rate; it is measured afresh after resuming.
    dialog.setPaused(true);
    QCOMPARE(dialog.rate(), -1.0);
    dialog.setPaused(false);
    now = 35000;
    dialog.setProgress(28000, 3, 100000);
    QCOMPARE(dialog.progressText(), u"28,000 of 100,000 done · 3 skipped"_s);
    now = 36000;
    dialog.setProgress(30000, 3, 100000);
    QCOMPARE(dialog.progressText(),
             u"30,000 of 100,000 done · 3 skipped · 2,000/s · about 35 s left"_s);

    // All done: no time left to tell.
    now = 37000;
    dialog.setProgress(100000, 3, 100000);
    QVERIFY2(dialog.progressText().startsWith(u"100,000 of 100,000 done · 3 skipped · "_s),
             qPrintable(dialog.progressText()));
    QVERIFY(dialog.progressText().endsWith(u"/s"_s));
    QCOMPARE(dialog.progressBar()->value(), dialog.progressBar()->maximum());
}

void tst_ActionProgressDialog::saysNoRateTooSoon()
{
    ActionProgressDialog dialog(u"Replaying"_s);
    qint64 now = 0;
    dialog.setClock([&now] { return now; });
    dialog.setProgress(0, 0, 100);
    QCOMPARE(dialog.progressText(), u"0 of 100 done · 0 skipped"_s);
    now = 100; // too short a time to tell a rate by
    dialog.setProgress(50, 0, 100);
    QCOMPARE(dialog.rate(), -1.0);
    QCOMPARE(dialog.progressText(), u"50 of 100 done · 0 skipped"_s);
}

void tst_ActionProgressDialog::finishes()
{
    ActionProgressDialog dialog(u"Replaying"_s);
    qint64 now = 0;
    dialog.setClock([&now] { return now; });
    dialog.setProgress(0, 0, 100000);
    now = 10000;
    dialog.setProgress(100000, 3, 100000);
    dialog.setWaiting(u"Redis is not reachable: retrying in 2 s"_s);
    dialog.setFinished(u"Replayed 99,997 dead letters; 3 skipped."_s);
    QVERIFY(dialog.isFinished());
    QCOMPARE(dialog.statusText(), u"Replayed 99,997 dead letters; 3 skipped."_s);
    QCOMPARE(dialog.progressText(), u"100,000 of 100,000 done · 3 skipped"_s);
    QCOMPARE(dialog.waitingText(), QString());
    QVERIFY(!dialog.pauseButton()->isEnabled());
    QVERIFY(!dialog.cancelButton()->isEnabled());
    QVERIFY(dialog.closeButton()->isEnabled());
    QVERIFY(dialog.closeButton()->isDefault());
    // Late news changes nothing.
    dialog.setPaused(true);
    QVERIFY(!dialog.isPaused());
    QVERIFY(!dialog.pauseButton()->isEnabled());
}

void tst_ActionProgressDialog::fails()
{
    ActionProgressDialog dialog(u"Purging"_s);
    dialog.setProgress(400, 0, 1000);
    dialog.setFailed(u"the database is locked"_s);
    QVERIFY(dialog.isFinished());
    QCOMPARE(dialog.statusText(), u"Failed: the database is locked"_s);
    QVERIFY(dialog.closeButton()->isEnabled());
    QVERIFY(!dialog.cancelButton()->isEnabled());
    QCOMPARE(dialog.progressText(), u"400 of 1,000 done · 0 skipped"_s);
}

void tst_ActionProgressDialog::saysWhatItWaitsFor()
{
    ActionProgressDialog dialog(u"Replaying"_s);
    dialog.show();
    QLabel *waiting = dialog.findChild<QLabel *>(u"waiting"_s);
    QVERIFY(waiting);
    QVERIFY(!waiting->isVisible());
    dialog.setWaiting(u"Redis is not reachable: retrying in 2 s"_s);
    QCOMPARE(dialog.waitingText(), u"Redis is not reachable: retrying in 2 s"_s);
    QVERIFY(waiting->isVisible());
    dialog.setWaiting({});
    QCOMPARE(dialog.waitingText(), QString());
    QVERIFY(!waiting->isVisible());
}

void tst_ActionProgressDialog::closesOnlyWhenDone()
{
    ActionProgressDialog dialog(u"Replaying"_s);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.close());
    QVERIFY(dialog.isVisible());
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QVERIFY(dialog.isVisible());

    dialog.setFinished(u"Done."_s);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(dialog.closeButton(), Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QVERIFY(!dialog.isVisible());
}

void tst_ActionProgressDialog::durations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << qint64(0) << u"0 s"_s;
    QTest::newRow("seconds") << qint64(59) << u"59 s"_s;
    QTest::newRow("a minute") << qint64(60) << u"1 min"_s;
    QTest::newRow("minutes and seconds") << qint64(200) << u"3 min 20 s"_s;
    QTest::newRow("an hour") << qint64(3600) << u"1 h"_s;
    QTest::newRow("hours and minutes") << qint64(3900 + 59) << u"1 h 5 min"_s;
}

void tst_ActionProgressDialog::durations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(ActionProgressDialog::durationText(seconds), text);
}

QTEST_MAIN(tst_ActionProgressDialog)
#include "tst_actionprogressdialog.moc"
