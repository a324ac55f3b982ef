#pragma once

#include "portmessagerepository.h"
#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace porthole {

// The port messages sent to one component (their target_component), as that component works
// them: it takes the pending ones (pending -> processing, processed_at set) and ends each it
// took (processing -> completed, completed_at set, or failed, with its retry count and error),
// as StatusTransitions allows. What `porthole send-demo --db` does in the demo pipeline's
// place; the version of a row is left as it is, as a pipeline leaves it.
//
// Others write the same rows meanwhile: the receiver stores new ones, an operator purges,
// moves, edits or replays one. Every change is one statement that names the row as the
// component saw it (its status, for an end also its version, and not purged), so that a row
// changed in between is left as the other writer left it; nothing is read and then written
// blind. On SQLite each statement waits for the receiver's write lock up to the connection's
// busy timeout (ConnectionFactory), and Locked says it waited in vain.
class ComponentQueue
{
public:
    // Uses `db` on the thread that opened it.
    ComponentQueue(QSqlDatabase db, QString component);

    const QString &component() const { return m_component; }

    // Takes up to `limit` of its pending messages (not purged), oldest first: each becomes
    // processing, with processed_at `now` (or its created_at, where the receiver's clock put
    // that later). The rows as taken, oldest first.
    Result<QList<PortMessage>> take(int limit, const QDateTime &now);
    // The messages it is processing (not purged) that were taken before `takenBefore`
    // (processed_at), the longest taken first (then the oldest), at most `limit`.
    Result<QList<PortMessage>> taken(const QDateTime &takenBefore, int limit) const;
    // Ends messages it took, in one transaction. Each of `ended` is a row as taken() or take()
    // read it, with the status it ends in (completed or failed), its retry count and its error;
    // it is written where the row is still processing at the version read and not purged, with
    // completed_at `now` when completed. A status that processing cannot become is refused
    // before anything is written (InvalidArgument). The ids written: the others were changed
    // meanwhile and are left as they are.
    Result<QStringList> finish(const QList<PortMessage> &ended, const QDateTime &now);

private:
    QSqlDatabase m_db;
    QString m_component;
};

} // namespace porthole
