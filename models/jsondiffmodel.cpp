#include "jsondiffmodel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A cell shows one line of a value; the whole of a large document there would only slow the
// view down. The full text stays available through CompactJsonRole.
constexpr qsizetype MaxDisplayLength = 300;

QString shortened(const QString &text)
{
    if (text.size() <= MaxDisplayLength)
        return text;
    return text.first(MaxDisplayLength) % u'…';
}

QColor kindColour(JsonDifference::Kind kind)
{
    switch (kind) {
    case JsonDifference::Kind::Added:
        return {0x2e, 0x7d, 0x32};
    case JsonDifference::Kind::Removed:
        return {0xc6, 0x28, 0x28};
    case JsonDifference::Kind::Changed:
        return {0xb2, 0x6a, 0x00};
    }
    return {};
}

} // namespace

JsonDiffModel::JsonDiffModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int JsonDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int JsonDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

JsonDiffModel::Counts JsonDiffModel::counts() const
{
    Counts counts;
    for (const JsonDifference &difference : m_rows) {
        switch (difference.kind) {
        case JsonDifference::Kind::Added:
            ++counts.added;
            break;
        case JsonDifference::Kind::Removed:
            ++counts.removed;
            break;
        case JsonDifference::Kind::Changed:
            ++counts.changed;
            break;
        }
    }
    return counts;
}

QString JsonDiffModel::kindName(JsonDifference::Kind kind)
{
    switch (kind) {
    case JsonDifference::Kind::Added:
        //: What happened to a JSON member or element between two versions
        return tr("Added");
    case JsonDifference::Kind::Removed:
        return tr("Removed");
    case JsonDifference::Kind::Changed:
        return tr("Changed");
    }
    return {};
}

QVariant JsonDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JsonDifference &row = m_rows.at(index.row());
    const QJsonValue *side = index.column() == OldColumn   ? &row.oldValue
                             : index.column() == NewColumn ? &row.newValue
                                                           : nullptr;
    switch (role) {
    case KindRole:
        return static_cast<int>(row.kind);
    case PathRole:
        return row.path;
    case CompactJsonRole:
        if (!side || side->isUndefined())
            return {};
        return jsonCompactText(*side);
    case Qt::ForegroundRole:
        return QBrush(kindColour(row.kind));
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case ChangeColumn:
        return kindName(row.kind);
    case PathColumn:
        return row.path;
    case OldColumn:
    case NewColumn:
        if (side->isUndefined())
            return {};
        return shortened(jsonCompactText(*side));
    default:
        return {};
    }
}

QVariant JsonDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ChangeColumn:
        //: A column: what happened to the value (added, removed, changed)
        return tr("Change");
    case PathColumn:
        //: A column: where the value is in the JSON document ($.orders[2].id)
        return tr("Path");
    case OldColumn:
        //: A column: the value before
        return tr("Old");
    case NewColumn:
        //: A column: the value after
        return tr("New");
    default:
        return {};
    }
}

void JsonDiffModel::setDifferences(const QList<JsonDifference> &differences)
{
    beginResetModel();
    m_rows = differences;
    endResetModel();
}

void JsonDiffModel::compare(const QJsonValue &oldValue, const QJsonValue &newValue)
{
    setDifferences(diffJson(oldValue, newValue));
}

} // namespace porthole
