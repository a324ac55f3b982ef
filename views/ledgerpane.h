#pragma once

#include "pane.h"

class QComboBox;
class QLabel;
class QTableView;

namespace porthole {

class LedgerModel;

// Ledger: was anything lost? For the receiver's stream, a row per hour (or per day over a
// week) of the entries added to Redis against where they went: delivered, acknowledged,
// stored, dead letters, duplicates skipped, lost at source, the backlog at the period's
// bounds; and a total. An hour that does not balance is red, its tooltip naming the figures
// that disagree (docs/USER_GUIDE.md, "Prove nothing was lost"). Read as it is shown and on F5.
class LedgerPane : public Pane
{
    Q_OBJECT

public:
    // Shows what `model` reads (not taken over: its owner keeps it).
    explicit LedgerPane(LedgerModel *model, QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Ledger"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }

    // The ranges the operator picks from: the last 24 hours and today by hour, the last 7 days
    // by day.
    enum class Range
    {
        Last24Hours,
        Today,
        Last7Days,
    };
    void setRange(Range range);

    // For tests and screenshots.
    LedgerModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *rangeField() const { return m_range; }
    QString stateText() const;

public Q_SLOTS:
    void refresh() override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showLoaded();

    LedgerModel *m_model;
    QComboBox *m_range;
    QLabel *m_state;
    QTableView *m_view;
};

} // namespace porthole
