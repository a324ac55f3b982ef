#include "ledgermodel.h"

#include "ledgertext.h"
#include "statuscolours.h"

#include <QBrush>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

LedgerModel::LedgerModel(ConnectionFactory factory, QObject *parent)
    : QAbstractTableModel(parent)
    , m_read(std::move(factory), u"ledger"_s)
{
    connect(&m_read, &LatestRead::done, this, &LedgerModel::take);
    connect(&m_read, &LatestRead::failed, this, [this](const QString &message) {
        beginResetModel();
        m_ledger = {};
        m_readAny = false;
        endResetModel();
        Q_EMIT failed(message);
    });
}

void LedgerModel::load(const QDateTime &from, const QDateTime &to, LedgerGrain grain)
{
    m_read.read([from, to, grain](const QSqlDatabase &db) -> Result<QVariant> {
        auto ledger = readLedger(db, {from, to, grain, {}, {}});
        if (!ledger) {
            // Nothing sampled is not a failure: the pane says what to do.
            if (ledger.error().kind == StorageError::Kind::NotFound)
                return QVariant();
            return ledger.error();
        }
        return QVariant::fromValue(*ledger);
    });
}

void LedgerModel::take(const QVariant &answer)
{
    beginResetModel();
    m_readAny = answer.isValid();
    m_ledger = m_readAny ? answer.value<Ledger>() : Ledger{};
    endResetModel();
    if (m_readAny)
        Q_EMIT loaded();
    else
        Q_EMIT empty();
}

int LedgerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_readAny ? 0 : int(m_ledger.periods.size()) + 1;
}

int LedgerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LedgerModel::display(const LedgerPeriod &period, int column, bool total) const
{
    const QLocale locale;
    const auto figure = [&locale](const std::optional<qint64> &value) -> QVariant {
        return value ? QVariant(locale.toString(*value)) : QVariant(u"–"_s);
    };
    switch (Column(column)) {
    case Period:
        return total ? tr("Total") : ledgerPeriodText(period.start, m_ledger.grain);
    case Added:
        return figure(period.added);
    case Delivered:
        return figure(period.delivered);
    case Acknowledged:
        return figure(period.acknowledged);
    case Stored:
        return locale.toString(period.stored);
    case DeadLetters:
        return locale.toString(period.deadLetters);
    case Duplicates:
        return locale.toString(period.duplicates);
    case LostAtSource:
        return locale.toString(period.lostAtSource);
    case Backlog:
        return period.sampled() ? u"%1 → %2"_s.arg(locale.toString(period.backlogAtOpening),
                                                   locale.toString(period.backlogAtClose))
                                : u"–"_s;
    case Verdict:
        return ledgerVerdict(period);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant LedgerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const bool total = isTotal(index.row());
    const LedgerPeriod &period = total ? m_ledger.total : m_ledger.periods.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(period, index.column(), total);
    case Qt::ToolTipRole:
        if (period.unbalanced())
            return ledgerDisagreement(period);
        if (!period.sampled())
            return tr("No backlog sample in this period: the backlog history is sampled while "
                      "the window or a worker runs.");
        return {};
    case Qt::ForegroundRole:
        if (period.unbalanced())
            return QBrush(statusColour(StatusTone::Critical));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() != Period && index.column() != Verdict)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant LedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Period:
        return tr("Period (UTC)");
    case Added:
        return tr("Added");
    case Delivered:
        return tr("Delivered");
    case Acknowledged:
        return tr("Acknowledged");
    case Stored:
        return tr("Stored");
    case DeadLetters:
        return tr("Dead letters");
    case Duplicates:
        return tr("Duplicates");
    case LostAtSource:
        return tr("Lost at source");
    case Backlog:
        return tr("Backlog");
    case Verdict:
        return tr("Balance");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace porthole
