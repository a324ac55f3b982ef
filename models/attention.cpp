#include "attention.h"

#include "componenthealthmodel.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The strip's texts, translated in the context "porthole::Attention".
struct AttentionText
{
    Q_DECLARE_TR_FUNCTIONS(porthole::Attention)
};

QString number(qint64 value)
{
    return QLocale().toString(value);
}

// "a, b and 3 more": at most three names.
QString someOf(const QStringList &names)
{
    if (names.size() <= 3)
        return QLocale().createSeparatedList(names);
    return AttentionText::tr("%1 and %n more", nullptr, int(names.size() - 2))
        .arg(QLocale().createSeparatedList(names.first(2)));
}

void addAlerts(const QList<AlertStatus> &alerts, QList<AttentionItem> *items)
{
    QStringList firing;
    for (const AlertStatus &status : alerts) {
        if (status.state == AlertState::Firing)
            firing << (status.subject.isEmpty() ? status.ruleId
                                                : u"%1 (%2)"_s.arg(status.ruleId, status.subject));
    }
    if (firing.isEmpty())
        return;
    items->append({AttentionItem::Kind::AlertsFiring,
                   StatusTone::Critical,
                   AttentionText::tr("Alerts firing (%n): %1", nullptr, int(firing.size()))
                       .arg(someOf(firing)),
                   u"alerts"_s,
                   {}});
}

// More stale components than this are one line: the pipeline, or the receiver, went quiet.
constexpr qsizetype staleLines = 2;

void addComponents(const QList<HealthRecord> &components, const QDateTime &now,
                   QList<AttentionItem> *items)
{
    QList<AttentionItem> stale;
    QStringList staleNames;
    qint64 longest = 0;
    for (const HealthRecord &record : components) {
        if (record.stale) {
            const qint64 age = std::max<qint64>(0, record.lastHeartbeat.secsTo(now));
            longest = std::max(longest, age);
            staleNames << record.componentName;
            stale.append({AttentionItem::Kind::ComponentStale, StatusTone::Stale,
                          AttentionText::tr("%1: no heartbeat for %2")
                              .arg(record.componentName, ComponentHealthModel::ageText(age)),
                          u"healthhistory"_s, record.componentName});
        } else if (record.status == u"unhealthy"_s) {
            items->append({AttentionItem::Kind::ComponentUnhealthy, StatusTone::Critical,
                           AttentionText::tr("%1 is unhealthy").arg(record.componentName),
                           u"healthhistory"_s, record.componentName});
        }
    }
    if (stale.size() > staleLines)
        stale = {{AttentionItem::Kind::ComponentStale,
                  StatusTone::Stale,
                  AttentionText::tr("%n components without a heartbeat, up to %1: %2", nullptr,
                                    int(staleNames.size()))
                      .arg(ComponentHealthModel::ageText(longest), someOf(staleNames)),
                  u"healthhistory"_s,
                  {}}};
    items->append(stale);
}

void addReceiver(const std::optional<IngestStats> &receiver, QList<AttentionItem> *items)
{
    if (!receiver)
        return;
    switch (receiver->state) {
    case IngestState::Failed:
    case IngestState::Stalled:
    case IngestState::Reconnecting:
    case IngestState::WaitingForSink: {
        const bool failed = receiver->state == IngestState::Failed;
        QString text =
            AttentionText::tr("The receiver is %1").arg(ingestStateName(receiver->state));
        if (!receiver->lastError.isEmpty())
            text += u": "_s + receiver->lastError;
        items->append({AttentionItem::Kind::Receiver,
                       failed ? StatusTone::Critical : StatusTone::Warning,
                       text,
                       u"ingest"_s,
                       {}});
        return;
    }
    case IngestState::Stopped:
    case IngestState::Connecting:
    case IngestState::Running:
    case IngestState::Paused:
    case IngestState::Stopping:
        return;
    }
}

// `text` for a backlog the Overview watched, `trendText` for one the history has a trend of.
void addBacklogs(const QList<BacklogGrowth> &growth, AttentionItem::Kind kind, const QString &text,
                 const QString &trendText, const QString &paneId, QList<AttentionItem> *items)
{
    for (const BacklogGrowth &backlog : growth) {
        const QString said = backlog.perSecond
                                 ? trendText.arg(backlog.name, number(backlog.to),
                                                 BacklogTrendText::rateText(*backlog.perSecond))
                                 : text.arg(backlog.name, number(backlog.from), number(backlog.to),
                                            ComponentHealthModel::ageText(backlog.seconds));
        items->append({kind, StatusTone::Warning, said, paneId, backlog.name});
    }
}

QString backlogName(const BacklogKey &key)
{
    return key.group.isEmpty() ? key.source : key.source + u'/' + key.group;
}

// Whether the trends tell of the backlog `watched` names.
bool told(const BacklogTrendSet &trends, BacklogKind kind, const QString &name)
{
    if (kind == BacklogKind::Group) {
        const qsizetype slash = name.lastIndexOf(u'/');
        return trends.group(name.left(slash), name.mid(slash + 1)) != nullptr;
    }
    return trends.has(kind); // a port's backlog is watched as all ports' pending rows
}

} // namespace

void BacklogWatch::observe(const QHash<QString, qint64> &values, const QDateTime &at)
{
    for (auto it = m_readings.begin(); it != m_readings.end();) {
        if (!values.contains(it.key()))
            it = m_readings.erase(it);
        else
            ++it;
    }
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        QList<Reading> &readings = m_readings[it.key()];
        readings.append({at, it.value()});
        readings.removeIf([&at](const Reading &reading) { return reading.at.secsTo(at) > window; });
    }
}

QList<BacklogGrowth> BacklogWatch::growing() const
{
    QList<BacklogGrowth> found;
    for (auto it = m_readings.cbegin(); it != m_readings.cend(); ++it) {
        const QList<Reading> &readings = it.value();
        if (readings.size() < 2)
            continue;
        // Back from the newest reading while it never went down: where the rise began.
        qsizetype start = readings.size() - 1;
        while (start > 0 && readings.at(start - 1).value <= readings.at(start).value)
            --start;
        const Reading &first = readings.at(start);
        const Reading &last = readings.constLast();
        const qint64 seconds = first.at.secsTo(last.at);
        if (last.value > first.value && seconds >= minimumSeconds)
            found.append({it.key(), first.value, last.value, seconds, std::nullopt});
    }
    std::sort(found.begin(), found.end(),
              [](const BacklogGrowth &a, const BacklogGrowth &b) { return a.name < b.name; });
    return found;
}

QList<BacklogGrowth> growingBacklogs(const BacklogTrendSet &trends, BacklogKind kind,
                                     const QList<BacklogGrowth> &watched)
{
    QList<BacklogGrowth> found;
    for (const BacklogTrend &trend : trends.of(kind, BacklogCourse::Growing))
        found.append({.name = backlogName(trend.key),
                      .from = trend.size,
                      .to = trend.size,
                      .seconds = 0,
                      .perSecond = trend.current()->perSecond});
    for (const BacklogGrowth &growth : watched)
        if (!told(trends, kind, growth.name))
            found.append(growth);
    std::sort(found.begin(), found.end(),
              [](const BacklogGrowth &a, const BacklogGrowth &b) { return a.name < b.name; });
    return found;
}

QList<AttentionItem> attentionItems(const AttentionInputs &inputs)
{
    QList<AttentionItem> items;
    addAlerts(inputs.alerts, &items);
    addComponents(inputs.components, inputs.now, &items);
    addReceiver(inputs.receiver, &items);
    addBacklogs(inputs.growingGroups, AttentionItem::Kind::GroupBacklogGrowing,
                AttentionText::tr("Consumer group %1: backlog %2 → %3 in %4"),
                AttentionText::tr("Consumer group %1: backlog %2, growing %3"), u"redis"_s, &items);
    addBacklogs(inputs.growingPorts, AttentionItem::Kind::PortBacklogGrowing,
                AttentionText::tr("Port messages %1: %2 → %3 in %4"),
                AttentionText::tr("Port %1: %2 waiting, growing %3"), u"queues"_s, &items);
    if (inputs.newDeadLetters && inputs.newDeadLetters->value > 0) {
        items.append({AttentionItem::Kind::NewDeadLetters,
                      StatusTone::Critical,
                      AttentionText::tr("Dead letters new in the last hour: %n", nullptr,
                                        int(inputs.newDeadLetters->value)),
                      u"deadletters"_s,
                      {}});
    }
    return items;
}

} // namespace porthole
