#pragma once

#include "connectionfactory.h"
#include "latestread.h"
#include "ledger.h"

#include <QAbstractTableModel>

namespace porthole {

// The Ledger pane's table: a row per hour (or day) of the range and the total last, read by
// readLedger() on a thread and a connection of its own (LatestRead: a request asked while one
// runs replaces any other waiting). A period that does not balance reads red, with the figures
// that disagree as its tooltip (ledgerDisagreement()).
class LedgerModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Period,
        Added,
        Delivered,
        Acknowledged,
        Stored,
        DeadLetters,
        Duplicates,
        LostAtSource,
        Backlog,
        Verdict,
        ColumnCount
    };

    explicit LedgerModel(ConnectionFactory factory, QObject *parent = nullptr);

    // Reads the ledger of [from, to) by `grain`; loaded(), empty() or failed() say when.
    void load(const QDateTime &from, const QDateTime &to, LedgerGrain grain);

    const Ledger &ledger() const { return m_ledger; }
    // The row of the total: the last, once a ledger is read.
    bool isTotal(int row) const { return row == m_ledger.periods.size(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();
    // Nothing to read: no receiver was sampled in the range (the backlog history is sampled
    // while the window or a worker runs).
    void empty();
    void failed(const QString &message);

private:
    void take(const QVariant &answer);
    QVariant display(const LedgerPeriod &period, int column, bool total) const;

    LatestRead m_read;
    Ledger m_ledger;
    bool m_readAny = false;
};

} // namespace porthole
