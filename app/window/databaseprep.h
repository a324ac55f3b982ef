#pragma once

#include "databaseurl.h"
#include "waitdialog.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace porthole {

// Asks the operator; `details` is shown on request (may be empty). Answers whether to go ahead.
using Question =
    std::function<bool(const QString &title, const QString &text, const QString &details)>;

// Runs a long task (see runWhileWaiting(): `task` gets a StepReport to call from its thread)
// and returns when it has ended, telling the operator `text` meanwhile.
using LongTask = std::function<void(const QString &title, const QString &text,
                                    const std::function<void(const StepReport &)> &task)>;

// What the window found when it opened a database.
struct PreparedDatabase
{
    QString problem;    // why the database cannot be used; empty when it can
    QStringList tables; // its tables and views
    // The operator declined to migrate or adopt it and chose to open it read-only instead:
    // it is to be read as if attached read-only.
    bool openedReadOnly = false;
};

// Brings the schema of `url` up to date before the window reads it: Porthole's own embedded
// store (`embedded`) and an empty database without asking, an older or a pipeline's database
// after `ask` said yes to the plan (no `ask`: yes); on no, `ask` is offered to open it
// read-only instead (openedReadOnly). A database attached `readOnly` is never
// changed, whatever its schema; one that is too new or unreadable is left as it is. The
// migration runs on a connection of its own through `runLong`, which runs it off the window's
// thread (a migration of a large table takes minutes); without one, on this thread.
PreparedDatabase prepareDatabase(const DatabaseUrl &url, bool embedded, bool readOnly,
                                 const Question &ask, const LongTask &runLong = {});

} // namespace porthole
