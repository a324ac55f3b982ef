#include "statustransitions.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QHash<QString, QStringList> &table()
{
    static const QHash<QString, QStringList> transitions{
        {u"pending"_s, {u"processing"_s}},
        {u"processing"_s, {u"completed"_s, u"failed"_s, u"pending"_s}},
        {u"failed"_s, {u"pending"_s, u"dead_letter"_s}},
        {u"dead_letter"_s, {u"pending"_s}},
        {u"completed"_s, {}},
    };
    return transitions;
}

} // namespace

QStringList StatusTransitions::statuses()
{
    return {u"pending"_s, u"processing"_s, u"completed"_s, u"failed"_s, u"dead_letter"_s};
}

bool StatusTransitions::isStatus(const QString &status)
{
    return table().contains(status);
}

QStringList StatusTransitions::targetsFrom(const QString &from)
{
    return table().value(from);
}

bool StatusTransitions::allows(const QString &from, const QString &to)
{
    return table().value(from).contains(to);
}

QString StatusTransitions::refusal(const QString &from, const QString &to)
{
    if (!isStatus(from))
        return u"\"%1\" is not a status a port message can have"_s.arg(from);
    if (!isStatus(to))
        return u"\"%1\" is not a status a port message can have"_s.arg(to);
    if (allows(from, to))
        return {};
    if (from == to)
        return u"it is %1 already"_s.arg(from);
    const QStringList targets = targetsFrom(from);
    if (targets.isEmpty())
        return u"%1 is final: it changes no more"_s.arg(from);
    return u"a %1 message can become %2, not %3"_s.arg(from, targets.join(u" or "_s), to);
}

} // namespace porthole
