#include "timeline.h"

#include "errorsignature.h"
#include "fallbacktable.h"
#include "sqlsupport.h"
#include "timelinesources.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr std::array<std::pair<ChangeKind, const char16_t *>, changeKindCount> KindNames{{
    {ChangeKind::Alert, u"alert"},
    {ChangeKind::Action, u"action"},
    {ChangeKind::Group, u"group"},
    {ChangeKind::Status, u"status"},
    {ChangeKind::Gap, u"gap"},
    {ChangeKind::Restart, u"restart"},
    {ChangeKind::Checkpoint, u"checkpoint"},
    {ChangeKind::State, u"state"},
    {ChangeKind::NewError, u"new_error"},
}};

constexpr std::array<std::pair<ChangeSeverity, const char16_t *>, 3> SeverityNames{{
    {ChangeSeverity::Info, u"info"},
    {ChangeSeverity::Warning, u"warning"},
    {ChangeSeverity::Critical, u"critical"},
}};

// Newest first, then by kind and key, so that a page's order does not depend on the order its
// tables were read in.
bool newerFirst(const Change &a, const Change &b)
{
    if (a.at != b.at)
        return a.at > b.at;
    if (a.kind != b.kind)
        return a.kind < b.kind;
    return a.key < b.key;
}

} // namespace

QString changeKindName(ChangeKind kind)
{
    for (const auto &[k, name] : KindNames)
        if (k == kind)
            return QString::fromUtf16(name);
    return {};
}

std::optional<ChangeKind> changeKindNamed(const QString &name)
{
    for (const auto &[kind, text] : KindNames)
        if (name == QStringView(text))
            return kind;
    return std::nullopt;
}

QString changeSeverityName(ChangeSeverity severity)
{
    for (const auto &[s, name] : SeverityNames)
        if (s == severity)
            return QString::fromUtf16(name);
    return {};
}

std::optional<ChangeSeverity> changeSeverityNamed(const QString &name)
{
    for (const auto &[severity, text] : SeverityNames)
        if (name == QStringView(text))
            return severity;
    return std::nullopt;
}

TimelineReader::TimelineReader(QSqlDatabase db)
    : m_db(std::move(db))
{}

Result<TimelinePage> TimelineReader::page(const TimelineFilter &filter, const QDateTime &now,
                                          const TimelineCursor &cursor, int limit) const
{
    if (!filter.from.isValid() || !filter.to.isValid() || filter.from >= filter.to)
        return StorageError::invalidArgument(
            u"A timeline's range must have a start before its end."_s);
    if (limit < 1 || limit > 10000)
        return StorageError::invalidArgument(u"A timeline page holds 1 to 10000 changes."_s);
    const QDateTime until = cursor.until.isValid() ? cursor.until : filter.to;
    TimelinePage page;
    page.next = cursor;
    if (until <= filter.from) {
        page.readDownTo = filter.from;
        page.atEnd = true;
        return page;
    }
    const TimelineWindow window{filter.from, until, limit};
    QList<SourceRead> reads;
    for (const TimelineSource &source : timelineSources()) {
        if (!std::any_of(source.kinds.begin(), source.kinds.end(),
                         [&](ChangeKind kind) { return filter.wants(kind); }))
            continue;
        if (!hasTable(m_db, source.table))
            continue;
        auto read = source.read(m_db, filter, window);
        if (!read)
            return read.error();
        reads.append(std::move(*read));
    }
    QDateTime floor = filter.from;
    for (const SourceRead &read : std::as_const(reads))
        floor = std::max(floor, read.completeFrom);
    // Heartbeats last, and no further down than the tables read whole: what the cursor keeps
    // of them is where this page ends. They are of a component, never of a port.
    if (filter.port.isEmpty() && hasTable(m_db, u"system_health"_s) &&
        (filter.wants(ChangeKind::Status) || filter.wants(ChangeKind::Gap) ||
         filter.wants(ChangeKind::Restart))) {
        auto read = readHeartbeatChanges(m_db, filter, {floor, until, limit}, now, page.next);
        if (!read)
            return read.error();
        floor = std::max(floor, read->completeFrom);
        reads.append(std::move(*read));
    }
    const auto shown = [&filter](const Change &change) {
        return filter.wants(change.kind) && change.severity >= filter.minimum;
    };
    for (const SourceRead &read : std::as_const(reads)) {
        for (const Change &change : read.changes)
            if (change.at >= floor && change.at < until && shown(change))
                page.changes.append(change);
        if (floor <= filter.from)
            for (const Change &change : read.before)
                if (shown(change))
                    page.changes.append(change);
    }
    std::sort(page.changes.begin(), page.changes.end(), newerFirst);
    page.readDownTo = floor;
    page.atEnd = floor <= filter.from;
    page.next.until = floor;
    return page;
}

Result<TimelineReader::All> TimelineReader::readAll(const TimelineFilter &filter,
                                                    const QDateTime &now, int max) const
{
    All all;
    TimelineCursor cursor;
    for (;;) {
        auto page = this->page(filter, now, cursor, std::min(max + 1, 10000));
        if (!page)
            return page.error();
        all.changes.append(page->changes);
        if (all.changes.size() > max) {
            all.changes.resize(max);
            all.capped = true;
            return all;
        }
        if (page->atEnd)
            return all;
        cursor = page->next;
    }
}

} // namespace porthole
