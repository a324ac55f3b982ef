#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace porthole {

// A step of a long task, as it begins.
struct WaitStep
{
    QString text;
    // A step that writes `bytesTotal` bytes (a copy of a file): how many it has written so far,
    // asked on the window's thread while the step lasts, so it must be quick. Not set: the
    // step's progress is not measured.
    qint64 bytesTotal = 0;
    std::function<qint64()> bytesDone;
};

// Tells the operator, from any thread, the step a long task has reached.
using StepReport = std::function<void(const WaitStep &step)>;
// A task that reports its steps as it goes.
using LongTaskBody = std::function<void(const StepReport &step)>;

// Runs `task` on a thread of its own and returns when it has ended. Meanwhile a dialog, modal
// to the application, shows `text`, the step the task last reported, how much of it is done
// when that is measured, and the time it has taken so far, and the window goes on drawing
// itself: for work that cannot be stopped half-way and may take minutes (a migration of a
// large table). The dialog has no Cancel.
void runWhileWaiting(QWidget *parent, const QString &title, const QString &text,
                     const LongTaskBody &task);

} // namespace porthole
