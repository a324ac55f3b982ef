#include "errorcomparisonmodel.h"

using namespace Qt::StringLiterals;

namespace porthole {

ErrorComparisonModel::ErrorComparisonModel(ConnectionFactory factory, QObject *parent)
    : QAbstractTableModel(parent)
    , m_read(std::move(factory), u"dead-letter-comparison"_s)
{
    qRegisterMetaType<DeadLetterComparison>();
    connect(&m_read, &LatestRead::done, this, [this](const QVariant &answer) {
        setComparison(answer.value<DeadLetterComparison>());
        Q_EMIT compared();
    });
    connect(&m_read, &LatestRead::failed, this, &ErrorComparisonModel::failed);
}

void ErrorComparisonModel::compare(const DeadLetterComparisonRequest &request)
{
    m_read.read([request](const QSqlDatabase &db) -> Result<QVariant> {
        auto comparison = compareDeadLetters(db, request);
        if (!comparison)
            return comparison.error();
        return QVariant::fromValue(*comparison);
    });
}

void ErrorComparisonModel::setComparison(const DeadLetterComparison &comparison)
{
    beginResetModel();
    m_comparison = comparison;
    endResetModel();
}

int ErrorComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_comparison.changes.size());
}

int ErrorComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ErrorComparisonModel::kindText(ErrorSignatureChange::Kind kind)
{
    switch (kind) {
    case ErrorSignatureChange::Kind::New:
        //: An error signature with dead letters now and none in the earlier range
        return tr("new");
    case ErrorSignatureChange::Kind::Grown:
        return tr("grown");
    case ErrorSignatureChange::Kind::Same:
        return tr("same");
    case ErrorSignatureChange::Kind::Shrunk:
        return tr("shrunk");
    case ErrorSignatureChange::Kind::Gone:
        break;
    }
    //: An error signature with dead letters in the earlier range and none now
    return tr("gone");
}

QVariant ErrorComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ErrorSignatureChange &change = m_comparison.changes.at(index.row());
    switch (role) {
    case SignatureRole:
        return change.signature;
    case KindRole:
        return static_cast<int>(change.kind());
    case Qt::ToolTipRole:
        return index.column() == SignatureColumn ? QVariant(change.exampleMessage) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == EarlierColumn || index.column() == CountColumn ||
                       index.column() == ChangeColumn
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case SignatureColumn:
        return change.signature;
    case EarlierColumn:
        return static_cast<qlonglong>(change.earlierCount);
    case CountColumn:
        return static_cast<qlonglong>(change.count);
    case ChangeColumn: // signed, so that a sorting proxy sorts it as a number
        return static_cast<qlonglong>(change.change());
    case KindColumn:
        return kindText(change.kind());
    default:
        return {};
    }
}

QVariant ErrorComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SignatureColumn:
        return tr("Signature");
    case EarlierColumn:
        //: A column: the dead letters of a signature in the earlier range
        return tr("Before");
    case CountColumn:
        //: A column: the dead letters of a signature in the range looked at
        return tr("Now");
    case ChangeColumn:
        return tr("Change");
    case KindColumn:
        //: A column: new, grown, same, shrunk or gone
        return tr("What changed");
    default:
        return {};
    }
}

} // namespace porthole
