#include "gotomodel.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QList<GoToKind> &allKinds()
{
    static const QList<GoToKind> kinds{
        GoToKind::Port,    GoToKind::Component, GoToKind::Checkpoint, GoToKind::Batch,
        GoToKind::Message, GoToKind::Journey,   GoToKind::RedisKey,   GoToKind::SavedView};
    return kinds;
}

} // namespace

SavedViewGoToSource::SavedViewGoToSource(QString paneId, std::function<QStringList()> names)
    : m_paneId(std::move(paneId))
    , m_names(std::move(names))
{}

SavedViewGoToSource::SavedViewGoToSource(QString paneId, QStringList names)
    : SavedViewGoToSource(std::move(paneId), [names] { return names; })
{}

QList<GoToKind> SavedViewGoToSource::kinds() const
{
    return m_names().isEmpty() ? QList<GoToKind>{} : QList<GoToKind>{GoToKind::SavedView};
}

void SavedViewGoToSource::search(const QString &text, int limit, GoToReply reply)
{
    QList<GoToHit> found;
    const QStringList names = m_names();
    for (const QString &name : names) {
        if (name.contains(text.trimmed(), Qt::CaseInsensitive))
            found.append(
                {.kind = GoToKind::SavedView, .value = name, .detail = m_paneId, .table = {}});
    }
    // The best first, then cut: a name equal to the text is never left out for others.
    std::stable_sort(found.begin(), found.end(), [&text](const GoToHit &a, const GoToHit &b) {
        return GoToModel::rank(a.value, text) < GoToModel::rank(b.value, text);
    });
    reply(found.first(std::min<qsizetype>(found.size(), std::max(0, limit))));
}

GoToModel::GoToModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_alive(std::make_shared<int>(0))
{}

GoToModel::~GoToModel() = default;

void GoToModel::addSource(std::unique_ptr<GoToSource> source)
{
    m_sources.push_back(std::move(source));
}

void GoToModel::clearSources()
{
    m_sources.clear();
    setText({});
}

void GoToModel::setText(const QString &text)
{
    const quint64 generation = ++m_generation;
    m_text = text;
    beginResetModel();
    m_hits.clear();
    endResetModel();
    m_problems.clear();
    m_waiting = 0;
    if (!text.trimmed().isEmpty()) {
        for (const auto &source : m_sources) {
            if (!source->kinds().isEmpty())
                ++m_waiting;
        }
        for (const auto &source : m_sources) {
            if (source->kinds().isEmpty())
                continue;
            source->search(text, m_limit,
                           [this, generation, alive = std::weak_ptr<int>(m_alive)](
                               const Result<QList<GoToHit>> &found) {
                               if (alive.lock())
                                   receive(generation, found);
                           });
        }
    }
    Q_EMIT updated();
}

void GoToModel::receive(quint64 generation, const Result<QList<GoToHit>> &found)
{
    if (generation != m_generation)
        return; // an answer to text no longer shown
    m_waiting = std::max(0, m_waiting - 1);
    if (!found)
        m_problems << found.errorMessage();
    else if (!found->isEmpty()) {
        const auto before = [this](const GoToHit &a, const GoToHit &b) {
            if (a.kind != b.kind)
                return allKinds().indexOf(a.kind) < allKinds().indexOf(b.kind);
            return rank(a.value, m_text) < rank(b.value, m_text);
        };
        QList<GoToHit> arrived = *found;
        std::stable_sort(arrived.begin(), arrived.end(), before);
        // Each in its place among those shown, which keep theirs: a row the operator chose
        // stays chosen as slower sources answer.
        for (const GoToHit &hit : std::as_const(arrived)) {
            const auto row = int(std::upper_bound(m_hits.cbegin(), m_hits.cend(), hit, before) -
                                 m_hits.cbegin());
            beginInsertRows({}, row, row);
            m_hits.insert(row, hit);
            endInsertRows();
        }
    }
    Q_EMIT updated();
}

int GoToModel::rank(const QString &value, const QString &text)
{
    const QString wanted = text.trimmed();
    if (value.compare(wanted, Qt::CaseInsensitive) == 0)
        return 0;
    return value.startsWith(wanted, Qt::CaseInsensitive) ? 1 : 2;
}

QList<GoToKind> GoToModel::kinds() const
{
    QList<GoToKind> offered;
    for (const GoToKind kind : allKinds()) {
        for (const auto &source : m_sources) {
            if (source->kinds().contains(kind) && !offered.contains(kind))
                offered << kind;
        }
    }
    return offered;
}

QString GoToModel::searchedText() const
{
    QStringList names;
    for (const GoToKind kind : kinds())
        names << kindPlural(kind);
    if (names.size() < 2)
        return names.join(QString());
    const QString last = names.takeLast();
    return tr("%1 and %2").arg(names.join(u", "_s), last);
}

QString GoToModel::kindName(GoToKind kind)
{
    switch (kind) {
    case GoToKind::Port:
        return tr("Port");
    case GoToKind::Component:
        return tr("Component");
    case GoToKind::Checkpoint:
        return tr("Checkpoint");
    case GoToKind::Batch:
        return tr("Batch");
    case GoToKind::Message:
        return tr("Message");
    case GoToKind::Journey:
        return tr("Journey");
    case GoToKind::RedisKey:
        return tr("Redis key");
    case GoToKind::SavedView:
        return tr("Saved view");
    }
    return {};
}

QString GoToModel::kindPlural(GoToKind kind)
{
    switch (kind) {
    case GoToKind::Port:
        return tr("ports");
    case GoToKind::Component:
        return tr("components");
    case GoToKind::Checkpoint:
        return tr("checkpoints");
    case GoToKind::Batch:
        return tr("batch files");
    case GoToKind::Message:
        return tr("message numbers");
    case GoToKind::Journey:
        //: What Go to anything searched: ids that name a message's journey
        return tr("message and trace ids");
    case GoToKind::RedisKey:
        return tr("Redis keys");
    case GoToKind::SavedView:
        return tr("saved views");
    }
    return {};
}

QString GoToModel::paneOf(const GoToHit &hit)
{
    switch (hit.kind) {
    case GoToKind::Port:
        return u"queues"_s;
    case GoToKind::Component:
        // Its health over time, or, with no health kept, its saved state.
        return hit.table == u"component_state"_s ? u"componentstate"_s : u"healthhistory"_s;
    case GoToKind::Checkpoint:
        return u"checkpoints"_s;
    case GoToKind::Batch:
        return u"batches"_s;
    case GoToKind::Message:
        return u"messages"_s;
    case GoToKind::Journey:
        return u"journey"_s;
    case GoToKind::RedisKey:
        return u"redis"_s;
    case GoToKind::SavedView:
        return hit.detail; // the pane the view belongs to
    }
    return {};
}

int GoToModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_hits.size());
}

int GoToModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GoToModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GoToHit &hit = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == KindColumn)
            return kindName(hit.kind);
        if (index.column() == NameColumn)
            return hit.kind == GoToKind::Message   ? tr("Message #%1").arg(hit.value)
                   : hit.kind == GoToKind::Batch   ? tr("Batch %1").arg(hit.value)
                   : hit.kind == GoToKind::Journey ? tr("Where %1 went").arg(hit.value)
                                                   : hit.value;
        return hit.detail;
    case Qt::ToolTipRole:
        return hit.value;
    case KindRole:
        return static_cast<int>(hit.kind);
    case ValueRole:
        return hit.value;
    case PaneRole:
        return paneOf(hit);
    default:
        return {};
    }
}

} // namespace porthole
