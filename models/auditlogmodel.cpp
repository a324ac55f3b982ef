#include "auditlogmodel.h"

#include "repositoryquery.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString sortColumnName = u"occurred_at"_s;
// A cell shows the first line of the details, and no more than this of it.
constexpr qsizetype maxCellLength = 300;

QJsonValue orNull(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

// Whether `key` lies past `last` in the listing's order, by (occurred_at, id).
bool isPast(const PageKey &key, const PageKey &last, bool descending)
{
    const QDateTime at = key.sortValue.toDateTime();
    const QDateTime lastAt = last.sortValue.toDateTime();
    const qint64 id = key.id.toLongLong();
    const qint64 lastId = last.id.toLongLong();
    const bool before = at < lastAt || (at == lastAt && id < lastId);
    const bool after = at > lastAt || (at == lastAt && id > lastId);
    return descending ? before : after;
}

// One listing of the audit log; runs on the loader's thread with its connection.
class AuditQuery final : public PagedQuery
{
public:
    AuditQuery(AuditFilter filter, bool descending)
        : m_filter(std::move(filter))
        , m_descending(descending)
    {}

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        const PageRequest request{from, key, limit, sortColumnName, m_descending};
        return pagedRows(AuditLog(db).page(m_filter, request),
                         [](const AuditEntry &entry) { return AuditLogModel::keyOf(entry); });
    }

    // AuditLog reads pages only: a range is the page that starts at `first`, cut at `last`.
    // Ids are integers, so the key one id before `first` is a position just ahead of it.
    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        PageKey start = first;
        if (firstIncluded)
            start.id = QString::number(first.id.toLongLong() + (m_descending ? 1 : -1));
        auto rows =
            page(db, first.id.isEmpty() ? PageRequest::From::Start : PageRequest::From::After,
                 start, limit);
        if (!rows)
            return rows;
        PagedRows out;
        out.atStart = true;
        out.atEnd = rows->atEnd;
        for (const PagedRow &row : std::as_const(rows->rows)) {
            if (isPast(row.key, last, m_descending)) {
                out.atEnd = true;
                break;
            }
            out.rows.append(row);
            if (row.key.id == last.id) {
                out.atEnd = true;
                break;
            }
        }
        return out;
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return AuditLog(db).count(m_filter, exactUpTo);
    }

private:
    const AuditFilter m_filter;
    const bool m_descending;
};

QString firstLine(const QString &text)
{
    qsizetype end = text.indexOf(u'\n');
    const bool more = end >= 0;
    if (!more)
        end = text.size();
    if (end > maxCellLength)
        return text.left(maxCellLength) + u'…';
    return more ? text.left(end) + u" …"_s : text;
}

} // namespace

bool sameAuditFilter(const AuditFilter &a, const AuditFilter &b)
{
    return a.action == b.action && a.from == b.from && a.to == b.to;
}

AuditLogModel::AuditLogModel(ConnectionFactory factory, QObject *parent)
    : AuditLogModel(std::move(factory), Options{}, parent)
{}

AuditLogModel::AuditLogModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    qRegisterMetaType<porthole::AuditEntry>();
    setInitialSort(WhenColumn, Qt::DescendingOrder); // newest first
    restart();
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

PageKey AuditLogModel::keyOf(const AuditEntry &entry)
{
    return {entry.occurredAt, QString::number(entry.id)};
}

QJsonObject AuditLogModel::detailJson(const AuditEntry &entry)
{
    return {
        {u"filter"_s, entry.filter.isEmpty() ? QJsonValue(QJsonValue::Null) : entry.filter},
        {u"affected_ids"_s,
         entry.affectedIds.isEmpty() ? QJsonValue(QJsonValue::Null) : entry.affectedIds},
        {u"before"_s, orNull(entry.before)},
        {u"after"_s, orNull(entry.after)},
        {u"details"_s,
         entry.details.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(entry.details)},
    };
}

void AuditLogModel::setFilter(const AuditFilter &filter)
{
    if (sameAuditFilter(filter, m_filter))
        return;
    m_filter = filter;
    restart();
}

void AuditLogModel::restart()
{
    setQuery(std::make_shared<AuditQuery>(m_filter, sortOrder() == Qt::DescendingOrder));
}

QString AuditLogModel::sortColumnSql(int column) const
{
    return column == WhenColumn ? sortColumnName : QString();
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return PagedTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case WhenColumn:
            return tr("When it happened, in local time (UTC in each cell's tooltip)");
        case WhoColumn:
            return tr("The operator (the operating-system user) or component that did it");
        case RowsColumn:
            return tr("How many rows it affected");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case ActionColumn:
        return tr("Action");
    case RowsColumn:
        //: A column: how many rows the action affected
        return tr("Rows");
    case DetailsColumn:
        return tr("Details");
    default:
        return {};
    }
}

QVariant AuditLogModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<AuditEntry>())
        return {};
    const AuditEntry &e = *static_cast<const AuditEntry *>(row.constData());
    switch (role) {
    case EntryRole:
        return row;
    case EntryJsonRole:
        return detailJson(e);
    case Qt::DisplayRole:
        switch (column) {
        case WhenColumn:
            return e.occurredAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case WhoColumn:
            return e.actor;
        case ActionColumn:
            return e.action;
        case RowsColumn:
            return QString::number(e.affectedCount);
        case DetailsColumn:
            return firstLine(e.details);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case WhenColumn:
            return tr("UTC: %1").arg(e.occurredAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
        case ActionColumn:
            return e.targetTable.isEmpty() ? QVariant() : tr("On %1").arg(e.targetTable);
        case DetailsColumn:
            return e.details.isEmpty() ? QVariant() : QVariant(e.details);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return column == RowsColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    default:
        return {};
    }
}

} // namespace porthole
