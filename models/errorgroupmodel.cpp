#include "errorgroupmodel.h"

namespace porthole {

ErrorGroupModel::ErrorGroupModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int ErrorGroupModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_groups.size());
}

int ErrorGroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ErrorGroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ErrorGroup &group = m_groups.at(index.row());
    switch (role) {
    case ExampleMessageRole:
        return group.exampleMessage;
    case SignatureRole:
        return group.signature;
    case Qt::ToolTipRole:
        return index.column() == SignatureColumn ? QVariant(group.exampleMessage) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == CountColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                             : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case SignatureColumn:
        return group.signature;
    case CountColumn:
        return static_cast<qlonglong>(group.count);
    // The times stay QDateTime values, so the view shows them in the user's locale and a
    // sorting proxy sorts them as times.
    case FirstSeenColumn:
        return group.firstSeen.isValid() ? QVariant(group.firstSeen) : QVariant();
    case LastSeenColumn:
        return group.lastSeen.isValid() ? QVariant(group.lastSeen) : QVariant();
    default:
        return {};
    }
}

QVariant ErrorGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SignatureColumn:
        //: A column: an error message with its numbers, ids and times left out
        return tr("Signature");
    case CountColumn:
        //: A column: how many dead letters have this error
        return tr("Count");
    case FirstSeenColumn:
        return tr("First seen");
    case LastSeenColumn:
        return tr("Last seen");
    default:
        return {};
    }
}

void ErrorGroupModel::setOccurrences(const QList<ErrorOccurrence> &occurrences)
{
    beginResetModel();
    m_groups = groupErrors(occurrences);
    endResetModel();
}

} // namespace porthole
