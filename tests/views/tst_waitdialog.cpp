#include "waitdialog.h"

#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSemaphore>
#include <QTest>
#include <QTimer>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace porthole;

// The dialog an operator watches while a long task runs: the step, how much of it is written
// when that is measured, and that the window stays free to draw it.
class tst_WaitDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheBytesOfAStepThatWritesAFile();
};

void tst_WaitDialog::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

namespace {

struct Shown
{
    QString text;
    int value = -1;
    int maximum = -1;
    bool whole = false; // every line of the step is inside the dialog
};

// What the wait dialog shows now; empty when there is none.
std::optional<Shown> lookAtTheDialog()
{
    QWidget *dialog = QApplication::activeModalWidget();
    if (!dialog || dialog->objectName() != u"waitDialog"_s)
        return std::nullopt;
    const auto *step = dialog->findChild<QLabel *>(u"step"_s);
    const auto *bar = dialog->findChild<QProgressBar *>(u"progress"_s);
    if (!step || !bar)
        return std::nullopt;
    return Shown{step->text(), bar->value(), bar->maximum(),
                 step->height() >= step->heightForWidth(step->width()) &&
                     dialog->rect().contains(step->geometry())};
}

} // namespace

void tst_WaitDialog::showsTheBytesOfAStepThatWritesAFile()
{
    std::atomic<qint64> written = 0;
    // What the task waits to see shown before it goes on, and what was seen: each stage of
    // the task is checked on the window's thread, which only a free window can do.
    QSemaphore seen;
    std::atomic<int> stage = 0;
    // Long enough to wrap, as a backup's paths do: the dialog grows to show it whole.
    const QString copyingText = u"Copying the file %1 to %2"_s.arg(
        u"/srv/pipeline/databases/pipeline-metrics-of-the-north-plant.db"_s,
        u"/srv/pipeline/databases/pipeline-metrics-of-the-north-plant.v31-20261203T194142681Z"
        ".backup.db"_s);
    const QString none = QLocale().formattedDataSize(0);
    const QString quarter = QLocale().formattedDataSize(1024);
    const QString whole = QLocale().formattedDataSize(4096);
    QStringList texts;
    QString lastShown;
    QList<int> values;
    QList<int> maxima;
    QTimer look;
    connect(&look, &QTimer::timeout, this, [&] {
        const auto shown = lookAtTheDialog();
        if (!shown)
            return;
        lastShown = shown->text;
        const bool reached =
            (stage == 1 && shown->text.contains(u"%1 of %2 written"_s.arg(none, whole))) ||
            (stage == 2 && shown->text.contains(u"%1 of %2 written"_s.arg(quarter, whole))) ||
            (stage == 3 && shown->text.startsWith(u"Writing the rest\n"_s));
        if (!reached || !shown->whole)
            return;
        texts << shown->text;
        values << shown->value;
        maxima << shown->maximum;
        stage = 0;
        seen.release();
    });
    look.start(10);
    bool waited = true;
    runWhileWaiting(nullptr, u"Copying"_s, u"A copy is taken."_s, [&](const StepReport &report) {
        // Waits for the window to show the stage; a later stage is not tried once one failed.
        const auto showAndWait = [&](int next) {
            stage = next;
            waited = waited && seen.tryAcquire(1, 30000);
        };
        WaitStep copying;
        copying.text = copyingText;
        copying.bytesTotal = 4096;
        copying.bytesDone = [&written] {
            return written.load();
        };
        report(copying);
        showAndWait(1);
        written = 1024;
        showAndWait(2); // the dialog asks again on its own: the step is not reported anew
        WaitStep rest;
        rest.text = u"Writing the rest"_s;
        report(rest);
        showAndWait(3);
    });
    QVERIFY2(waited, qPrintable(u"last shown: "_s + lastShown));
    QCOMPARE(texts.size(), 3);
    QVERIFY2(texts.at(0).startsWith(copyingText + u"\n%1 of %2 written\n"_s.arg(none, whole)),
             qPrintable(texts.at(0)));
    QVERIFY2(texts.at(0).endsWith(u" so far"_s), qPrintable(texts.at(0)));
    QCOMPARE(maxima.at(0), 1000);
    QCOMPARE(values.at(0), 0);
    QCOMPARE(maxima.at(1), 1000);
    QCOMPARE(values.at(1), 250);
    QCOMPARE(maxima.at(2), 0); // busy: this step's length is not known
    QVERIFY2(!texts.at(2).contains(u"written"_s), qPrintable(texts.at(2)));
    QCOMPARE(QApplication::activeModalWidget(), nullptr); // gone with the task
}

QTEST_MAIN(tst_WaitDialog)
#include "tst_waitdialog.moc"
