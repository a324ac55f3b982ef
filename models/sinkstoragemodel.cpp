#include "sinkstoragemodel.h"

#include "repositoryquery.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qsizetype maxCellLength = 300;

// One listing of sink storage; runs on the loader's thread with its connection.
using SinkStorageQuery = RepositoryQuery<SinkStorageRepository, SinkStorageFilter, SinkStorageRow>;

QString cellText(const QByteArray &json)
{
    QString text = QString::fromUtf8(json.left(maxCellLength * 4)).simplified();
    if (text.size() > maxCellLength || json.size() > maxCellLength * 4)
        return text.left(maxCellLength) + u'…';
    return text;
}

QJsonValue jsonValue(const QByteArray &json)
{
    if (json.isEmpty())
        return QJsonValue::Null;
    const QJsonDocument document =
        QJsonDocument::fromJson(u"[%1]"_s.arg(QString::fromUtf8(json)).toUtf8());
    return document.isArray() && document.array().size() == 1 ? document.array().first()
                                                              : QJsonValue(QJsonValue::Null);
}

} // namespace

SinkStorageModel::SinkStorageModel(ConnectionFactory factory, QObject *parent)
    : SinkStorageModel(std::move(factory), Options{}, parent)
{}

SinkStorageModel::SinkStorageModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    qRegisterMetaType<porthole::SinkStorageRow>();
    setInitialSort(CreatedColumn, Qt::DescendingOrder); // newest first
    restart();
}

int SinkStorageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void SinkStorageModel::setFilter(const SinkStorageFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    restart();
}

void SinkStorageModel::restart()
{
    setQuery(std::make_shared<SinkStorageQuery>(m_filter, sortOrder() == Qt::DescendingOrder));
}

QString SinkStorageModel::sortColumnSql(int column) const
{
    return column == CreatedColumn ? u"created_at"_s : QString();
}

QJsonObject SinkStorageModel::rowJson(const SinkStorageRow &row)
{
    return {{u"data"_s, jsonValue(row.data)}, {u"metadata"_s, jsonValue(row.metadata)}};
}

QVariant SinkStorageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return PagedTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CreatedColumn:
            return tr("When the sink stored the row, in local time (UTC in each cell's tooltip)");
        case TypeColumn:
            return tr("The row's data_type, as the sink named it");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case CreatedColumn:
        return tr("Created");
    case SinkColumn:
        return tr("Sink");
    case TypeColumn:
        //: A column: the data_type of a row a sink stored
        return tr("Data type");
    case DataColumn:
        return tr("Data");
    case MetadataColumn:
        return tr("Metadata");
    default:
        return {};
    }
}

QVariant SinkStorageModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<SinkStorageRow>())
        return {};
    const SinkStorageRow &r = *static_cast<const SinkStorageRow *>(row.constData());
    switch (role) {
    case RowRole:
        return row;
    case JsonRole:
        return rowJson(r);
    case Qt::DisplayRole:
        switch (column) {
        case CreatedColumn:
            return r.createdAt.isValid()
                       ? r.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s)
                       : QString();
        case SinkColumn:
            return r.sinkName;
        case TypeColumn:
            return r.dataType;
        case DataColumn:
            return cellText(r.data);
        case MetadataColumn:
            return cellText(r.metadata);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case CreatedColumn:
            return r.createdAt.isValid() ? tr("UTC: %1").arg(r.createdAt.toUTC().toString(
                                               u"yyyy-MM-dd HH:mm:ss.zzz"_s))
                                         : QVariant();
        case SinkColumn:
            return tr("Id %1").arg(r.id);
        default:
            return {};
        }
    default:
        return {};
    }
}

} // namespace porthole
