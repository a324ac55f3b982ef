#pragma once

#include <QString>
#include <QStringList>

namespace porthole {

// The one table of how a port message's status may change (the states of seed 001's
// port_messages). Every action that changes a status asks it, and refuses a row it does not
// allow; a dry run shows the refusal.
//
//   pending     -> processing
//   processing  -> completed | failed | pending      (a worker gave the message back)
//   failed      -> pending | dead_letter
//   dead_letter -> pending
//   completed   -> (final)
class StatusTransitions
{
public:
    // pending, processing, completed, failed, dead_letter.
    static QStringList statuses();
    static bool isStatus(const QString &status);
    // The statuses a message in `from` may change to.
    static QStringList targetsFrom(const QString &from);
    static bool allows(const QString &from, const QString &to);
    // Why `from` may not become `to`, in a sentence for the operator; empty when it may.
    static QString refusal(const QString &from, const QString &to);
};

} // namespace porthole
