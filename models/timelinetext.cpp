#include "timelinetext.h"

#include "journeymodel.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The timeline's texts, translated in the context "porthole::Timeline".
struct TimelineText
{
    Q_DECLARE_TR_FUNCTIONS(porthole::Timeline)
};

QString durationText(qint64 ms)
{
    return JourneyModel::durationText(ms);
}

QString alertText(const Change &change)
{
    const QString rule = change.details.value("rule"_L1).toString();
    const QString subject = change.details.value("subject"_L1).toString();
    const bool firing = change.details.value("to"_L1).toString() == "firing"_L1;
    QString text = subject.isEmpty() ? (firing ? TimelineText::tr("“%1” firing")
                                               : TimelineText::tr("“%1” resolved"))
                                           .arg(rule)
                                     : (firing ? TimelineText::tr("“%1” firing on %2")
                                               : TimelineText::tr("“%1” resolved on %2"))
                                           .arg(rule, subject);
    const QJsonValue value = change.details.value("value"_L1);
    if (firing && value.isDouble())
        text += u" "_s +
                TimelineText::tr("(value %1)").arg(QLocale().toString(value.toDouble(), 'g', 6));
    return text;
}

// A consumer group's change the backlog samples saw (by anyone, inside Porthole or not).
QString sampledGroupText(const Change &change)
{
    const QJsonObject &d = change.details;
    const QString group = d.value("group"_L1).toString();
    const QString stream = d.value("target"_L1).toString();
    const QString what = d.value("change"_L1).toString();
    if (what == "appeared"_L1)
        return TimelineText::tr("Consumer group %1 of %2 appeared (created, or first sampled)")
            .arg(group, stream);
    if (what == "gone"_L1)
        return TimelineText::tr("Consumer group %1 of %2 is gone (deleted, or its stream was)")
            .arg(group, stream);
    const QString before = d.value("delivered_before"_L1).toString();
    const QString after = d.value("delivered_after"_L1).toString();
    if (!before.isEmpty() && !after.isEmpty())
        //: A group's last-delivered entry id went back: "... moved back: last delivered
        //: 1700000000000-0 → 0-0 (reset)"
        return TimelineText::tr("Consumer group %1 of %2 moved back: last delivered %3 → %4 "
                                "(reset)")
            .arg(group, stream, before, after);
    //: A group's lag grew by more than its stream's new entries: its position was moved back.
    return TimelineText::tr("Consumer group %1 of %2 moved back: lag %3 → %4 (reset)")
        .arg(group, stream)
        .arg(d.value("lag_before"_L1).toInteger())
        .arg(d.value("lag_after"_L1).toInteger());
}

QString actionText(const Change &change)
{
    const QString action = change.details.value("action"_L1).toString();
    const QString actor = change.details.value("actor"_L1).toString();
    const QString target = change.details.value("target"_L1).toString();
    if (change.kind == ChangeKind::Group && change.details.contains("change"_L1))
        return sampledGroupText(change);
    if (change.kind == ChangeKind::Group)
        return TimelineText::tr("%1 by %2: group %3 of %4")
            .arg(action, actor, change.details.value("group"_L1).toString(), target);
    const qint64 count = change.details.value("count"_L1).toInteger();
    // Two %n texts, as English has no translation to pick "1 row" or "2 rows" from.
    QString text =
        target.isEmpty()
            ? TimelineText::tr("%1 by %2").arg(action, actor)
            : (count == 1 ? TimelineText::tr("%1 by %2: %Ln row of %3", nullptr, int(count))
                          : TimelineText::tr("%1 by %2: %Ln rows of %3", nullptr, int(count)))
                  .arg(action, actor, target);
    const QString details = change.details.value("details"_L1).toString().section(u'\n', 0, 0);
    if (!details.isEmpty())
        text += u" — "_s + details;
    return text;
}

QString gapText(const Change &change, const QDateTime &now)
{
    const qint64 expected = change.details.value("expected_ms"_L1).toInteger();
    const QString every = expected > 0
                              ? TimelineText::tr(" (beats every %1)").arg(durationText(expected))
                              : QString();
    if (change.until.isValid())
        return TimelineText::tr("%1 stopped beating for %2")
                   .arg(change.component, durationText(change.at.msecsTo(change.until))) +
               every;
    return TimelineText::tr("%1 stopped beating: silent for %2 so far")
               .arg(change.component, durationText(change.at.msecsTo(now))) +
           every;
}

QString restartText(const Change &change)
{
    if (change.details.contains("started_at"_L1))
        return TimelineText::tr("%1 restarted: started at %2")
            .arg(change.component, change.details.value("started_at"_L1).toString());
    return TimelineText::tr("%1 restarted: uptime %2 → %3")
        .arg(change.component,
             durationText(change.details.value("uptime_before"_L1).toInteger() * 1000),
             durationText(change.details.value("uptime_after"_L1).toInteger() * 1000));
}

} // namespace

QString changeKindTitle(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Alert:
        return TimelineText::tr("Alert");
    case ChangeKind::Action:
        return TimelineText::tr("Operator action");
    case ChangeKind::Group:
        return TimelineText::tr("Consumer group");
    case ChangeKind::Status:
        return TimelineText::tr("Status");
    case ChangeKind::Gap:
        return TimelineText::tr("Heartbeats stopped");
    case ChangeKind::Restart:
        return TimelineText::tr("Restart");
    case ChangeKind::Checkpoint:
        return TimelineText::tr("Checkpoint");
    case ChangeKind::State:
        return TimelineText::tr("State");
    case ChangeKind::NewError:
        return TimelineText::tr("New error");
    }
    return {};
}

QString changeText(const Change &change, const QDateTime &now)
{
    const QJsonObject &d = change.details;
    switch (change.kind) {
    case ChangeKind::Alert:
        return alertText(change);
    case ChangeKind::Action:
    case ChangeKind::Group:
        return actionText(change);
    case ChangeKind::Status:
        if (d.contains("reason"_L1))
            //: A component's status changed, and why: "receiver:orders: healthy → unhealthy
            //: (Redis refused XREADGROUP: ...)"
            return TimelineText::tr("%1: %2 → %3 (%4)")
                .arg(change.component, d.value("from"_L1).toString(), d.value("to"_L1).toString(),
                     d.value("reason"_L1).toString());
        return TimelineText::tr("%1: %2 → %3")
            .arg(change.component, d.value("from"_L1).toString(), d.value("to"_L1).toString());
    case ChangeKind::Gap:
        return gapText(change, now);
    case ChangeKind::Restart:
        return restartText(change);
    case ChangeKind::Checkpoint:
        return TimelineText::tr("Checkpoint %1 of %2 saved as version %3")
            .arg(d.value("checkpoint"_L1).toString(), change.component)
            .arg(d.value("version"_L1).toInteger());
    case ChangeKind::State:
        return TimelineText::tr("State of %1 (%2) saved as version %3")
            .arg(change.component, d.value("type"_L1).toString())
            .arg(d.value("version"_L1).toInteger());
    case ChangeKind::NewError:
        return TimelineText::tr("New error on %1 to %2: %3")
            .arg(change.port, change.component, d.value("signature"_L1).toString());
    }
    return {};
}

QString changeSubject(const Change &change)
{
    if (change.component.isEmpty())
        return change.port;
    if (change.port.isEmpty())
        return change.component;
    return change.port + u" → "_s + change.component;
}

QJsonArray timelineJson(const QList<Change> &changes, const QDateTime &now)
{
    QJsonArray array;
    for (const Change &change : changes) {
        QJsonObject object{
            {u"at"_s, change.at.toUTC().toString(Qt::ISODateWithMs)},
            {u"kind"_s, changeKindName(change.kind)},
            {u"severity"_s, changeSeverityName(change.severity)},
            {u"component"_s, change.component},
            {u"port"_s, change.port},
            {u"text"_s, changeText(change, now)},
            {u"details"_s, change.details},
        };
        if (change.kind == ChangeKind::Gap)
            object.insert(u"until"_s,
                          change.until.isValid()
                              ? QJsonValue(change.until.toUTC().toString(Qt::ISODateWithMs))
                              : QJsonValue(QJsonValue::Null));
        array.append(object);
    }
    return array;
}

} // namespace porthole
