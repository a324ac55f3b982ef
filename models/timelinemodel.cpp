#include "timelinemodel.h"

#include "timelinetext.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A page as read, for the model that asked: which filter it was read for, and whether it is
// the first.
struct TimelineAnswer
{
    quint64 generation = 0;
    bool first = false;
    TimelinePage page;
};

QString timeText(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm:ss.zzz"_s);
}

} // namespace

} // namespace porthole

Q_DECLARE_METATYPE(porthole::TimelineAnswer)

namespace porthole {

TimelineModel::TimelineModel(ConnectionFactory factory, QObject *parent)
    : QAbstractTableModel(parent)
    , m_read(std::move(factory), u"timeline"_s)
{
    qRegisterMetaType<TimelineAnswer>();
    connect(&m_read, &LatestRead::done, this, &TimelineModel::take);
    connect(&m_read, &LatestRead::failed, this, [this](const QString &message) {
        m_reading = false;
        m_error = message;
        Q_EMIT failed(message);
    });
}

void TimelineModel::setFilter(const TimelineFilter &filter, const QDateTime &now)
{
    m_filter = filter;
    m_filter.staleAfter = m_staleAfter;
    m_fixedNow = now.isValid();
    m_now = now;
    refresh();
}

void TimelineModel::refresh()
{
    ++m_generation;
    beginResetModel();
    m_changes.clear();
    m_atEnd = false;
    m_readDownTo = {};
    m_error.clear();
    endResetModel();
    if (!m_fixedNow)
        m_now = QDateTime::currentDateTimeUtc();
    readPage({});
}

void TimelineModel::readPage(const TimelineCursor &cursor)
{
    m_reading = true;
    const bool first = !cursor.until.isValid();
    m_read.read([filter = m_filter, now = m_now, cursor, first,
                 generation = m_generation](const QSqlDatabase &db) -> Result<QVariant> {
        auto page = TimelineReader(db).page(filter, now, cursor);
        if (!page)
            return page.error();
        return QVariant::fromValue(TimelineAnswer{generation, first, *page});
    });
}

void TimelineModel::take(const QVariant &answer)
{
    const auto read = answer.value<TimelineAnswer>();
    if (read.generation != m_generation)
        return;
    m_reading = false;
    m_next = read.page.next;
    m_readDownTo = read.page.readDownTo;
    m_atEnd = read.page.atEnd;
    if (!read.page.changes.isEmpty()) {
        beginInsertRows({}, int(m_changes.size()),
                        int(m_changes.size() + read.page.changes.size() - 1));
        m_changes.append(read.page.changes);
        endInsertRows();
    }
    // A page of nothing: read on, so that the view has a row to show or knows there is none.
    if (!m_atEnd && (read.page.changes.isEmpty() || m_changes.size() < m_readWhole))
        readPage(m_next);
    Q_EMIT pageRead();
}

const Change *TimelineModel::changeAt(int row) const
{
    return row >= 0 && row < m_changes.size() ? &m_changes.at(row) : nullptr;
}

int TimelineModel::rowNear(const QDateTime &at) const
{
    if (m_changes.isEmpty())
        return -1;
    for (int row = 0; row < m_changes.size(); ++row)
        if (m_changes.at(row).at <= at)
            return row;
    return int(m_changes.size() - 1);
}

StatusTone TimelineModel::toneOf(const Change &change, bool *hasTone)
{
    *hasTone = true;
    if (change.kind == ChangeKind::Gap)
        return StatusTone::Stale;
    switch (change.severity) {
    case ChangeSeverity::Critical:
        return StatusTone::Critical;
    case ChangeSeverity::Warning:
        return StatusTone::Warning;
    case ChangeSeverity::Info:
        break;
    }
    // What came back to health is good news; the rest of what is merely said has no colour.
    *hasTone = change.kind == ChangeKind::Status || change.kind == ChangeKind::Alert;
    return StatusTone::Ok;
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    const Change *change = index.isValid() ? changeAt(index.row()) : nullptr;
    if (!change)
        return {};
    bool hasTone = false;
    const StatusTone tone = toneOf(*change, &hasTone);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return timeText(change->at);
        case KindColumn:
            return changeKindTitle(change->kind);
        case SubjectColumn:
            return changeSubject(*change);
        case WhatColumn:
            return changeText(*change, m_now);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == KindColumn && hasTone)
            return statusColour(tone);
        return {};
    case KindRole:
        return int(change->kind);
    case ToneRole:
        return hasTone ? int(tone) : -1;
    case AtRole:
        return change->at;
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case SubjectColumn:
        //: What a change concerns: its component, its port, or both
        return tr("Concerns");
    case WhatColumn:
        return tr("What changed");
    case ColumnCount:
        break;
    }
    return {};
}

bool TimelineModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_reading && m_error.isEmpty() &&
           m_next.until.isValid();
}

void TimelineModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        readPage(m_next);
}

} // namespace porthole
