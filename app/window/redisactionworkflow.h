#pragma once

#include "streamactions.h"

#include <QObject>
#include <QPointer>

namespace porthole {

class RedisActionRunner;
class RedisPane;

// The Redis pane's actions as the window carries them out: what the action needs besides the
// selection (the consumer that gets claimed entries, the reason of a dead letter, how far to
// trim, a group's name and start) asked for, the dry run shown (StreamActionDialog), the plan
// applied once the operator agrees, and the pane read again.
class RedisActionWorkflow : public QObject
{
    Q_OBJECT

public:
    RedisActionWorkflow(RedisActionRunner *actions, RedisPane *pane, QObject *parent = nullptr);

    // Asks what `action` lacks, then plans it. False when the operator cancelled.
    bool request(StreamAction action);

Q_SIGNALS:
    // An action changed something (the audit log has a new entry).
    void dataChanged();
    void statusMessage(const QString &message);

private:
    bool complete(StreamAction *action) const;
    void onPlanned(const StreamActionPlan &plan);
    void onApplied(const StreamActionOutcome &outcome);
    void onFailed(const QString &message);

    RedisActionRunner *m_actions;
    QPointer<RedisPane> m_pane;
};

} // namespace porthole
