#include "jsontreemodel.h"

#include "jsondiff.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A cell shows the beginning of a long string; the full value is in CompactJsonRole.
constexpr qsizetype MaxDisplayLength = 300;

// The Type column: jsonTypeName() in the window's language.
QString typeText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        //: The type of a JSON value, as JSON names it
        return JsonTreeModel::tr("null");
    case QJsonValue::Bool:
        //: The type of a JSON value: true or false
        return JsonTreeModel::tr("bool");
    case QJsonValue::Double:
        //: The type of a JSON value
        return JsonTreeModel::tr("number");
    case QJsonValue::String:
        //: The type of a JSON value: text
        return JsonTreeModel::tr("string");
    case QJsonValue::Array:
        //: The type of a JSON value: a list of values
        return JsonTreeModel::tr("array");
    case QJsonValue::Object:
        //: The type of a JSON value: members with names
        return JsonTreeModel::tr("object");
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void JsonTreeModel::setDocument(const QJsonDocument &document)
{
    if (document.isObject())
        setValue(document.object());
    else if (document.isArray())
        setValue(document.array());
    else
        clear();
}

void JsonTreeModel::setValue(const QJsonValue &value)
{
    beginResetModel();
    // Swapping with an empty vector gives the memory of a large document back at once.
    std::vector<Node>().swap(m_nodes);
    if (!value.isUndefined())
        m_nodes.push_back({value, {}, NoNode, 0});
    endResetModel();
}

int JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return NoNode;
    Q_ASSERT(index.model() == this);
    return static_cast<int>(index.internalId());
}

int JsonTreeModel::childrenOf(int node) const
{
    if (m_nodes[node].firstChild != NoNode)
        return m_nodes[node].firstChild;
    // A copy, because m_nodes grows below. Copies of Qt's JSON values share their data.
    const QJsonValue value = m_nodes[node].value;
    const int first = static_cast<int>(m_nodes.size());
    // No reserve() with the exact size here: repeated exact reservations would defeat the
    // vector's geometric growth and make expanding many small containers quadratic.
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        int row = 0;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            m_nodes.push_back({it.value(), it.key(), node, row++});
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            m_nodes.push_back({array.at(i), {}, node, static_cast<int>(i)});
    }
    m_nodes[node].firstChild = first;
    return first;
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    const int first = childrenOf(nodeOf(parent));
    return createIndex(row, column, static_cast<quintptr>(first + row));
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    const int node = nodeOf(child);
    if (node == NoNode)
        return {};
    const int parentNode = m_nodes[node].parent;
    if (parentNode == NoNode)
        return {};
    return createIndex(m_nodes[parentNode].row, 0, static_cast<quintptr>(parentNode));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_nodes.empty() ? 0 : 1;
    if (parent.column() != 0)
        return 0;
    // Counted from the value, so asking does not create the children.
    const QJsonValue &value = m_nodes[nodeOf(parent)].value;
    if (value.isObject())
        return static_cast<int>(value.toObject().size());
    if (value.isArray())
        return static_cast<int>(value.toArray().size());
    return 0;
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QJsonValue JsonTreeModel::value(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QJsonValue::Undefined;
    return m_nodes[nodeOf(index)].value;
}

QString JsonTreeModel::path(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    std::vector<int> chain;
    for (int node = nodeOf(index); m_nodes[node].parent != NoNode; node = m_nodes[node].parent)
        chain.push_back(node);
    QString result = jsonRootPath();
    for (auto it = chain.crbegin(); it != chain.crend(); ++it) {
        const Node &node = m_nodes[*it];
        if (m_nodes[node.parent].value.isArray())
            result = jsonPathWithIndex(result, node.row);
        else
            result = jsonPathWithKey(result, node.key);
    }
    return result;
}

QString JsonTreeModel::compactJson(const QModelIndex &index) const
{
    return jsonCompactText(value(index));
}

QString JsonTreeModel::keyText(int node) const
{
    const Node &n = m_nodes[node];
    if (n.parent == NoNode)
        return jsonRootPath();
    if (m_nodes[n.parent].value.isArray())
        return u'[' % QString::number(n.row) % u']';
    return n.key;
}

QString JsonTreeModel::valueText(const QJsonValue &value) const
{
    // Containers show their size rather than their text: the text of a large one is both
    // slow to build and unreadable in one cell.
    if (value.isObject()) {
        const int size = int(value.toObject().size());
        if (size == 0)
            return u"{}"_s;
        // Two %n texts each, as English has no translation to pick "1 key" or "2 keys" from.
        return size == 1 ? tr("{%n key}", nullptr, size) : tr("{%n keys}", nullptr, size);
    }
    if (value.isArray()) {
        const int size = int(value.toArray().size());
        if (size == 0)
            return u"[]"_s;
        return size == 1 ? tr("[%n item]", nullptr, size) : tr("[%n items]", nullptr, size);
    }
    if (value.isString()) {
        const QString text = value.toString();
        return text.size() <= MaxDisplayLength ? text : text.first(MaxDisplayLength) % u'…';
    }
    return jsonCompactText(value);
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int node = nodeOf(index);
    switch (role) {
    case PathRole:
        return path(index);
    case CompactJsonRole:
        return jsonCompactText(m_nodes[node].value);
    case JsonValueRole:
        return QVariant::fromValue(m_nodes[node].value);
    case Qt::ToolTipRole:
        return index.column() == KeyColumn ? QVariant(path(index)) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case KeyColumn:
        return keyText(node);
    case ValueColumn:
        return valueText(m_nodes[node].value);
    case TypeColumn:
        return typeText(m_nodes[node].value);
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return {};
    }
}

} // namespace porthole
