#include "componentstatemodel.h"

#include "repositoryquery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A cell shows the start of the state, on one line; the tree beside the table has it all.
constexpr qsizetype maxCellLength = 300;

// One listing of component states; runs on the loader's thread with its connection. An empty
// component name in the Versions listing reads nothing.
class ComponentStateQuery final
    : public RepositoryQuery<ComponentStateRepository, ComponentStateFilter, ComponentState>
{
public:
    ComponentStateQuery(ComponentStateModel::Listing listing, ComponentStateFilter filter,
                        bool descending)
        : RepositoryQuery(std::move(filter), descending, {},
                          [versions = listing == ComponentStateModel::Listing::Versions](
                              const ComponentState &state) {
                              return ComponentStateRepository::keyOf(state, versions);
                          })
        , m_versions(listing == ComponentStateModel::Listing::Versions)
    {}

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        if (nothing())
            return PagedRows{{}, true, true, {}};
        return RepositoryQuery::page(db, from, key, limit);
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        if (nothing())
            return PagedRows{{}, true, true, {}};
        return RepositoryQuery::range(db, first, firstIncluded, last, limit);
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        if (nothing())
            return RowCount{};
        return RepositoryQuery::count(db, exactUpTo);
    }

private:
    // The versions of no component: nothing to list.
    bool nothing() const { return m_versions && m_filter.component.isEmpty(); }

    const bool m_versions;
};

QString cellText(const QByteArray &json)
{
    // jsonb's normal form is one line already; a text a pipeline stored may not be.
    QString text = QString::fromUtf8(json.left(maxCellLength * 4)).simplified();
    if (text.size() > maxCellLength || json.size() > maxCellLength * 4)
        return text.left(maxCellLength) + u'…';
    return text;
}

} // namespace

ComponentStateModel::ComponentStateModel(ConnectionFactory factory, Listing listing,
                                         QObject *parent)
    : ComponentStateModel(std::move(factory), listing, Options{}, parent)
{}

ComponentStateModel::ComponentStateModel(ConnectionFactory factory, Listing listing,
                                         Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
    , m_listing(listing)
{
    qRegisterMetaType<porthole::ComponentState>();
    if (m_listing == Listing::Versions)
        setInitialSort(VersionColumn, Qt::DescendingOrder); // newest first
    else
        setInitialSort(ComponentColumn, Qt::AscendingOrder);
    restart();
}

int ComponentStateModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ComponentStateModel::setComponent(const QString &componentName)
{
    if (m_listing != Listing::Versions || m_filter.component == componentName)
        return;
    m_filter.component = componentName;
    restart();
}

void ComponentStateModel::setType(const QString &type)
{
    if (m_filter.type == type)
        return;
    m_filter.type = type;
    restart();
}

void ComponentStateModel::restart()
{
    setQuery(std::make_shared<ComponentStateQuery>(m_listing, m_filter,
                                                   sortOrder() == Qt::DescendingOrder));
}

QString ComponentStateModel::sortColumnSql(int column) const
{
    if (m_listing == Listing::Versions)
        return column == VersionColumn ? u"version"_s : QString();
    return column == ComponentColumn ? u"component_name"_s : QString();
}

QJsonValue ComponentStateModel::jsonOf(const ComponentState &state)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(state.stateData, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue::Undefined;
    if (document.isObject())
        return document.object();
    if (document.isArray())
        return document.array();
    // A scalar document (jsonb holds "42" or "true" too): QJsonDocument reads only containers.
    const QJsonDocument wrapped = QJsonDocument::fromJson("[" + state.stateData + "]");
    return wrapped.isArray() && !wrapped.array().isEmpty() ? wrapped.array().first()
                                                           : QJsonValue(QJsonValue::Undefined);
}

QVariant ComponentStateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return PagedTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case VersionColumn:
            return m_listing == Listing::Components ? tr("The component's highest version")
                                                    : tr("The version of the state");
        case UpdatedColumn:
            return tr("When the version was last written, in local time (UTC in each cell's "
                      "tooltip)");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case ComponentColumn:
        return tr("Component");
    case TypeColumn:
        return tr("Type");
    case VersionColumn:
        //: A column: the version number of a component's saved state
        return tr("Version");
    case UpdatedColumn:
        return tr("Updated");
    case StateColumn:
        //: A column: the component's saved state (JSON)
        return tr("State");
    default:
        return {};
    }
}

QVariant ComponentStateModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<ComponentState>())
        return {};
    const ComponentState &s = *static_cast<const ComponentState *>(row.constData());
    switch (role) {
    case StateRole:
        return row;
    case JsonRole:
        return QVariant::fromValue(jsonOf(s));
    case VersionRole:
        return s.version;
    case Qt::DisplayRole:
        switch (column) {
        case ComponentColumn:
            return s.componentName;
        case TypeColumn:
            return s.componentType;
        case VersionColumn:
            return QString::number(s.version);
        case UpdatedColumn:
            return s.updatedAt.isValid()
                       ? s.updatedAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s)
                       : QString();
        case StateColumn:
            return cellText(s.stateData);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (column) {
        case UpdatedColumn:
            return s.updatedAt.isValid()
                       ? tr("UTC: %1 (created %2)")
                             .arg(s.updatedAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s),
                                  s.createdAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s))
                       : QVariant();
        case ComponentColumn:
            return tr("Id %1").arg(s.id);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return column == VersionColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                       : QVariant();
    default:
        return {};
    }
}

} // namespace porthole
