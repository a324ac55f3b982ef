#include "portmessagemodel.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// One listing of port_messages; runs on the loader's thread with its connection.
class PortMessageQuery final : public PagedQuery
{
public:
    PortMessageQuery(PortMessageFilter filter, QString sortColumn, bool descending)
        : m_filter(std::move(filter))
        , m_sortColumn(std::move(sortColumn))
        , m_descending(descending)
    {}

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        const PageRequest request{from, key, limit, m_sortColumn, m_descending};
        return rows(PortMessageRepository(db).page(m_filter, request));
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        const PageRequest request{PageRequest::From::Start, {}, limit, m_sortColumn, m_descending};
        return rows(PortMessageRepository(db).pageBetween(
            m_filter, KeyRange{first, firstIncluded, last}, request));
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return PortMessageRepository(db).count(m_filter, exactUpTo);
    }

private:
    Result<PagedRows> rows(const Result<Page<PortMessage>> &page) const
    {
        if (!page)
            return page.error();
        PagedRows out;
        out.atStart = page->atStart;
        out.atEnd = page->atEnd;
        out.rows.reserve(page->rows.size());
        for (const PortMessage &message : page->rows)
            out.rows.append({PortMessageRepository::keyOf(message, m_sortColumn),
                             QVariant::fromValue(message)});
        return out;
    }

    const PortMessageFilter m_filter;
    const QString m_sortColumn;
    const bool m_descending;
};

QString firstLine(const QString &text)
{
    const qsizetype end = text.indexOf(u'\n');
    return end < 0 ? text : text.left(end) + u" …"_s;
}

} // namespace

PortMessageModel::PortMessageModel(ConnectionFactory factory, QObject *parent)
    : PortMessageModel(std::move(factory), Options{}, parent)
{}

PortMessageModel::PortMessageModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    restart();
}

int PortMessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PortMessageModel::sqlSortColumn(int column)
{
    switch (column) {
    case CreatedAtColumn:
        return u"created_at"_s;
    case PortColumn:
        return u"port_name"_s;
    case StatusColumn:
        return u"status"_s;
    default:
        return {};
    }
}

void PortMessageModel::sort(int column, Qt::SortOrder order)
{
    const QString sqlColumn = sqlSortColumn(column);
    if (sqlColumn.isEmpty() || !PortMessageRepository::sortColumns().contains(sqlColumn))
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    restart();
}

void PortMessageModel::setFilter(const PortMessageFilter &filter)
{
    m_filter = filter;
    restart();
}

void PortMessageModel::setDeadLettersOnly(bool on)
{
    if (m_filter.deadLettersOnly == on)
        return;
    m_filter.deadLettersOnly = on;
    restart();
}

void PortMessageModel::restart()
{
    setQuery(std::make_shared<PortMessageQuery>(m_filter, sqlSortColumn(m_sortColumn),
                                                m_sortOrder == Qt::DescendingOrder));
}

QVariant PortMessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case CreatedAtColumn:
        return tr("Created");
    case PortColumn:
        return tr("Port");
    case StatusColumn:
        return tr("Status");
    case SourceColumn:
        return tr("Source");
    case TargetColumn:
        return tr("Target");
    case RetriesColumn:
        return tr("Retries");
    case ErrorColumn:
        return tr("Error");
    case IdColumn:
        return tr("Id");
    default:
        return {};
    }
}

QVariant PortMessageModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<PortMessage>())
        return {};
    // Read in place: data() runs for every painted cell.
    const PortMessage &m = *static_cast<const PortMessage *>(row.constData());
    switch (role) {
    case MessageRole:
        return row;
    case DeadLetterRole:
        return m.isDeadLetter();
    case Qt::DisplayRole:
        switch (column) {
        case CreatedAtColumn:
            return m.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        case PortColumn:
            return m.portName;
        case StatusColumn:
            return m.status;
        case SourceColumn:
            return m.sourceComponent;
        case TargetColumn:
            return m.targetComponent;
        case RetriesColumn:
            return u"%1 / %2"_s.arg(m.retryCount).arg(m.maxRetries);
        case ErrorColumn:
            return firstLine(m.errorMessage);
        case IdColumn:
            return m.id;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case CreatedAtColumn:
            return m.createdAt.toUTC().toString(Qt::ISODateWithMs);
        case RetriesColumn:
            return tr("%1 of %2 retries used").arg(m.retryCount).arg(m.maxRetries);
        case ErrorColumn:
            return m.errorMessage.isEmpty() ? QVariant() : QVariant(m.errorMessage);
        case StatusColumn:
            return m.isDeadLetter() ? tr("Dead letter: no retries left") : QVariant();
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (column == StatusColumn && m.isDeadLetter())
            return QColor(0xc6, 0x28, 0x28);
        return {};
    case Qt::TextAlignmentRole:
        if (column == RetriesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace porthole
