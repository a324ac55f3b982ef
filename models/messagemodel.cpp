#include "messagemodel.h"

#include "batchline.h"
#include "repositoryquery.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A cell shows the start of the content, one line of it; the view elides what does not fit.
// Painting a megabyte a cell would only slow scrolling down.
constexpr qsizetype maxCellLength = 300;
// The tooltip shows the whole content up to this; the details box below the table has it all.
constexpr qsizetype maxToolTipLength = 10000;

// One listing of messages; runs on the loader's thread with its connection.
class MessageQuery final : public RepositoryQuery<MessageRepository, MessageFilter, ReceivedMessage>
{
public:
    MessageQuery(MessageFilter filter, const QString &sortColumn, bool descending)
        : RepositoryQuery(std::move(filter), descending, sortColumn,
                          [sortColumn](const ReceivedMessage &message) {
                              return MessageRepository::keyOf(message, sortColumn);
                          })
    {}

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        const MessageRepository repository(db);
        auto counted = repository.count(m_filter, exactUpTo);
        // SQLite stops counting at the limit ("more than"); the whole table can be sized
        // without a scan, a filtered listing cannot, and keeps its lower bound.
        if (!counted || counted->precision != RowCount::Precision::AtLeast || !m_filter.isEmpty())
            return counted;
        auto estimated = repository.estimatedCount();
        if (!estimated || estimated->value < counted->value)
            return counted;
        return estimated;
    }

    bool countsExactly() const override { return true; }

    Result<std::optional<qint64>> exactCount(const QSqlDatabase &db,
                                             CountInterrupt &interrupt) const override
    {
        return MessageRepository(db).exactCount(m_filter, interrupt);
    }
};

QString cellText(const QString &content)
{
    qsizetype end = content.indexOf(u'\n');
    const bool moreLines = end >= 0;
    if (!moreLines)
        end = content.size();
    if (end > maxCellLength)
        return content.left(maxCellLength) + u'…';
    QString line = content.left(end);
    if (line.endsWith(u'\r'))
        line.chop(1);
    return moreLines ? line + u" …"_s : line;
}

QString toolTipText(const QString &content)
{
    if (content.size() <= maxToolTipLength)
        return content;
    return MessageModel::tr("%1…\n\n(%Ln more characters: the details below show them all)",
                            nullptr, int(content.size() - maxToolTipLength))
        .arg(content.left(maxToolTipLength));
}

// One field of a tab-separated line: what would end the field or the line is escaped.
QString escapedField(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

MessageModel::MessageModel(ConnectionFactory factory, QObject *parent)
    : MessageModel(std::move(factory), Options{}, parent)
{}

MessageModel::MessageModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    setInitialSort(TimestampColumn, Qt::DescendingOrder); // newest first
    restart();
}

int MessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MessageModel::sqlSortColumn(int column)
{
    switch (column) {
    case TimestampColumn:
        return u"timestamp"_s;
    case NumberColumn:
        return u"message_number"_s;
    default:
        return {};
    }
}

QString MessageModel::sortColumnSql(int column) const
{
    const QString sql = sqlSortColumn(column);
    return MessageRepository::sortColumns().contains(sql) ? sql : QString();
}

void MessageModel::setFilter(const MessageFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    restart();
}

void MessageModel::restart()
{
    setQuery(std::make_shared<MessageQuery>(m_filter, sqlSortColumn(sortColumn()),
                                            sortOrder() == Qt::DescendingOrder));
}

std::shared_ptr<const ExportSource> MessageModel::exportSource() const
{
    return messagesExport(m_filter, sqlSortColumn(sortColumn()),
                          sortOrder() == Qt::DescendingOrder);
}

QString MessageModel::contentText(const QByteArray &content)
{
    QString text = QString::fromUtf8(content);
    text.replace(QChar(u'\0'), QChar::ReplacementCharacter);
    return text;
}

QVariant MessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return PagedTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TimestampColumn:
            return tr("When the message arrived, in local time (UTC in each cell's tooltip)");
        case NumberColumn:
            return tr("The sender's message number");
        case BatchColumn:
            return tr("The batch file that also holds the message, if any");
        case DeliveryKeyColumn:
            return tr("The key of its delivery (e.g. the Redis stream entry id): a second "
                      "delivery with the same key is not stored again");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimestampColumn:
        return tr("Time");
    case NumberColumn:
        //: A column: the message number the sender gave
        return tr("Number");
    case ContentColumn:
        return tr("Content");
    case SourceColumn:
        //: A column: where the message came from, as the Redis key
        return tr("Source");
    case BatchColumn:
        //: A column: the number of the batch file that also holds the message
        return tr("Batch");
    case DeliveryKeyColumn:
        return tr("Delivery key");
    case IdColumn:
        return tr("Id");
    default:
        return {};
    }
}

QVariant MessageModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<ReceivedMessage>())
        return {};
    // Read in place: data() runs for every painted cell.
    const ReceivedMessage &m = *static_cast<const ReceivedMessage *>(row.constData());
    switch (role) {
    case MessageRole:
        return row;
    case Qt::DisplayRole:
        switch (column) {
        case TimestampColumn:
            return m.timestamp.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        case NumberColumn:
            return QString::number(m.messageNumber);
        case ContentColumn:
            return cellText(contentText(m.content));
        case SourceColumn:
            return m.source;
        case BatchColumn:
            return m.batchId ? QString::number(*m.batchId) : QString();
        case DeliveryKeyColumn:
            return m.deliveryKey;
        case IdColumn:
            return QString::number(m.id);
        default:
            return {};
        }
    case CopyTextRole:
        switch (column) {
        case TimestampColumn:
            return m.timestamp.toLocalTime().toString(Qt::ISODateWithMs);
        case ContentColumn:
            return escapedField(contentText(m.content));
        case SourceColumn:
            return escapedField(m.source);
        case DeliveryKeyColumn:
            return escapedField(m.deliveryKey);
        default:
            return rowData(row, column, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        switch (column) {
        case TimestampColumn:
            return tr("UTC: %1").arg(m.timestamp.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s));
        case ContentColumn:
            return toolTipText(contentText(m.content));
        case BatchColumn:
            return m.batchId ? tr("Also in %1").arg(batchFileName(*m.batchId)) : QVariant();
        case SourceColumn:
            return m.source.isEmpty() ? QVariant() : QVariant(m.source);
        case DeliveryKeyColumn:
            return m.deliveryKey;
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        switch (column) {
        case NumberColumn:
        case BatchColumn:
        case IdColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    default:
        return {};
    }
}

} // namespace porthole
