#pragma once

#include "portmessageactions.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <utility>

namespace porthole {

// A dry run's rows as a table: each row as it is now, what the action makes of it, and whether
// it acts or why it is skipped (greyed). A plain model over the plan's rows, so that a plan of
// a million rows costs a view no more than a screenful. The counts are made once, here.
class ActionPlanModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        PortColumn,
        StatusColumn,  // status now
        BecomesColumn, // the status after, "purged", "port P", "published to KEY"
        RetriesColumn, // before -> after
        ReplaysColumn, // before -> after
        OutcomeColumn, // "will act", or the skip reason
        ColumnCount
    };
    enum Role
    {
        ActsRole = Qt::UserRole + 1, // bool
        SkippedRole,                 // bool, for a filter: "true" or "false" as text
        SkipReasonRole,              // QString, empty when the row acts
        OverBudgetRole,              // bool
    };

    explicit ActionPlanModel(ActionPlan plan, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const ActionPlan &plan() const { return m_plan; }
    const PlannedRow &plannedRow(int row) const { return m_plan.rows.at(row); }

    qint64 actCount() const { return m_actCount; }
    qint64 skipCount() const { return m_plan.rows.size() - m_actCount; }
    qint64 overBudgetCount() const { return m_overBudgetCount; }
    // Why rows are skipped, each reason with how many, most frequent first (then by reason).
    const QList<std::pair<QString, qint64>> &skipReasons() const { return m_skipReasons; }
    // Whether every acting row is a dead letter (the dialog then says "dead letters").
    bool allActingAreDeadLetters() const { return m_allDeadLetters; }
    // The Redis keys the acting rows are published to (replay to Redis), sorted.
    const QStringList &redisKeys() const { return m_redisKeys; }

    // What a row becomes, as the Becomes column says it.
    static QString becomesText(const PlannedRow &row, const ActionOptions &options);
    // The Redis key a replay publishes a row to: "{port}" stands for its port.
    static QString redisKeyFor(const PortMessage &row, const ActionOptions &options);

private:
    ActionPlan m_plan;
    qint64 m_actCount = 0;
    qint64 m_overBudgetCount = 0;
    QList<std::pair<QString, qint64>> m_skipReasons;
    QStringList m_redisKeys;
    bool m_allDeadLetters = true;
};

} // namespace porthole
