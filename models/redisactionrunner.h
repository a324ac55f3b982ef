#pragma once

#include "connectionfactory.h"
#include "streamactions.h"

#include <QObject>

namespace porthole {

class RedisBrowser;

// The actions of the Redis pane, run on its browser's thread (one at a time, in order with its
// reads): the dry run, then the plan applied and audited in the database of the data open
// (opened on that thread for the action, closed after). A read-only connection refuses every
// action before anything changes (applyStreamAction says why).
class RedisActionRunner : public QObject
{
    Q_OBJECT

public:
    RedisActionRunner(RedisBrowser *browser, ConnectionFactory database, bool readOnly,
                      QObject *parent = nullptr);

    bool isReadOnly() const { return m_readOnly; }

    // planned() or failed().
    void plan(const StreamAction &action);
    // applied() or failed().
    void apply(const StreamActionPlan &plan);

Q_SIGNALS:
    void planned(const porthole::StreamActionPlan &plan);
    void applied(const porthole::StreamActionOutcome &outcome);
    void failed(const QString &message);

private:
    RedisBrowser *m_browser;
    ConnectionFactory m_database;
    bool m_readOnly;
};

} // namespace porthole
