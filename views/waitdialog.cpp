#include "waitdialog.h"

#include "actionprogressdialog.h"

#include <QCoreApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLabel>
#include <QProgressBar>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

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
    bar->setRange(0, 0); // busy: a step's length is not known ahead
    layout->addWidget(bar);
    dialog.setMinimumWidth(560);
    dialog.setMaximumWidth(720);
    QString step;
    QElapsedTimer elapsed;
    elapsed.start();
    const auto show = [&] {
        const QString spent =
            QCoreApplication::translate("porthole::WaitDialog", "%1 so far")
                .arg(ActionProgressDialog::durationText(elapsed.elapsed() / 1000));
        now->setText(step.isEmpty() ? spent : step + u"\n"_s + spent);
    };
    QThread *thread = QThread::create([&task, &dialog, &step, &show] {
        task([&dialog, &step, &show](const QString &now) {
            QMetaObject::invokeMethod(&dialog, [&step, &show, now] {
                step = now;
                show();
            });
        });
    });
    QEventLoop loop;
    QObject::connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &dialog, show);
    tick.start(1000);
    show();
    dialog.show();
    thread->start();
    loop.exec();
    thread->wait();
    delete thread;
}

} // namespace porthole
