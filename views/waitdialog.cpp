#include "waitdialog.h"

#include "actionprogressdialog.h"

#include <QCoreApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Escape does not close it: it goes when the task ends.
class WaitDialog : public QDialog
{
public:
    using QDialog::QDialog;
    void reject() override {}
};

} // namespace

void runWhileWaiting(QWidget *parent, const QString &title, const QString &text,
                     const LongTaskBody &task)
{
    WaitDialog dialog(parent);
    dialog.setObjectName(u"waitDialog"_s);
    dialog.setWindowTitle(title);
    dialog.setWindowModality(Qt::ApplicationModal);
    dialog.setWindowFlags(dialog.windowFlags() & ~Qt::WindowCloseButtonHint);
    auto *layout = new QVBoxLayout(&dialog);
    auto *about = new QLabel(text);
    about->setWordWrap(true);
    layout->addWidget(about);
    auto *now = new QLabel;
    now->setObjectName(u"step"_s);
    now->setWordWrap(true);
    layout->addWidget(now);
    auto *bar = new QProgressBar;
    bar->setObjectName(u"progress"_s);
    layout->addWidget(bar);
    dialog.setMinimumWidth(560);
    dialog.setMaximumWidth(720);
    WaitStep step;
    QElapsedTimer elapsed;
    QElapsedTimer stepElapsed;
    elapsed.start();
    stepElapsed.start();
    const auto show = [&] {
        QStringList lines;
        if (!step.text.isEmpty())
            lines << step.text;
        if (step.bytesTotal > 0 && step.bytesDone) {
            const qint64 done = std::clamp<qint64>(step.bytesDone(), 0, step.bytesTotal);
            bar->setRange(0, 1000);
            bar->setValue(int(done * 1000 / step.bytesTotal));
            QString written =
                QCoreApplication::translate("porthole::WaitDialog", "%1 of %2 written")
                    .arg(QLocale().formattedDataSize(done),
                         QLocale().formattedDataSize(step.bytesTotal));
            // The rest at the pace so far, once there is a pace to go by.
            if (const qint64 ms = stepElapsed.elapsed(); done > 0 && ms >= 2000)
                written +=
                    u", "_s + QCoreApplication::translate("porthole::WaitDialog", "about %1 left")
                                  .arg(ActionProgressDialog::durationText(
                                      (step.bytesTotal - done) * ms / done / 1000 + 1));
            lines << written;
        } else {
            bar->setRange(0, 0); // busy: this step's length is not known ahead
        }
        lines << QCoreApplication::translate("porthole::WaitDialog", "%1 so far")
                     .arg(ActionProgressDialog::durationText(elapsed.elapsed() / 1000));
        now->setText(lines.join(u'\n'));
        // A longer step, or a line more, makes the dialog taller, never shorter: every line
        // stays whole and the dialog does not jump at each tick.
        if (dialog.isVisible()) {
            if (const int needed = dialog.heightForWidth(dialog.width()); needed > dialog.height())
                dialog.resize(dialog.width(), needed);
        }
    };
    QThread *thread = QThread::create([&task, &dialog, &step, &stepElapsed, &show] {
        task([&dialog, &step, &stepElapsed, &show](const WaitStep &now) {
            QMetaObject::invokeMethod(&dialog, [&step, &stepElapsed, &show, now] {
                step = now;
                stepElapsed.restart();
                show();
            });
        });
    });
    QEventLoop loop;
    QObject::connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &dialog, show);
    tick.start(500);
    show();
    dialog.show();
    thread->start();
    loop.exec();
    thread->wait();
    delete thread;
}

} // namespace porthole
