#pragma once

#include "alertevaluator.h"
#include "alerthistory.h"
#include "alertrules.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace porthole {

// Where every rule stands, worst first (firing, pending, resolved, then ok), for the Alerts
// pane. Fed by the alert loop's rounds: setStatuses() with the rules they are of. A rule that
// has had no reading yet is listed as waiting for one.
class AlertStatusModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        StateColumn,
        RuleColumn,
        SubjectColumn,
        ValueColumn,
        SinceColumn,
        SeverityColumn,
        ColumnCount
    };
    // The row's AlertState (an int), its rule id and subject.
    enum Role
    {
        StateRole = Qt::UserRole + 1,
        RuleIdRole,
        SubjectRole,
    };

    explicit AlertStatusModel(QObject *parent = nullptr);

    void setRules(const QList<AlertRule> &rules);
    void setStatuses(const QList<AlertStatus> &statuses);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const QList<AlertStatus> &statuses() const { return m_statuses; }
    // How many subjects are in `state` now.
    int count(AlertState state) const;
    const AlertRule *rule(const QString &ruleId) const;
    // The state's colour: red firing, amber pending, green resolved; none for ok.
    static QColor stateColor(AlertState state);

private:
    struct Row
    {
        AlertStatus status;
        bool read = true; // false: the rule had no reading yet
    };
    void rebuild();

    QList<AlertRule> m_rules;
    QList<AlertStatus> m_statuses;
    QList<Row> m_rows;
};

// The statuses that need someone: firing, pending, resolved; those that are OK (or wait for
// their first reading) too when setShowOk() says so. A wall of OK rows hides the one that is not.
class AlertStatusFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit AlertStatusFilter(QObject *parent = nullptr);
    void setShowOk(bool show);
    bool showsOk() const { return m_showOk; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_showOk = false;
};

// The alert history, newest first: what the history table held when the pane opened and each
// change since (prepend()). Bounded: the oldest go past `limit` changes. A blip, pending and
// back to OK without firing, is one row, not two, and the blips of one rule and subject in a
// row are one row that counts them: they notified no one and are not news.
class AlertHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        RuleColumn,
        SubjectColumn,
        ChangeColumn,
        ValueColumn,
        ColumnCount
    };

    enum Role
    {
        AtRole = Qt::UserRole + 1, // the time of the row's (latest) change, a QDateTime (UTC)
    };

    explicit AlertHistoryModel(int limit = 1000, QObject *parent = nullptr);

    // Entries newest first.
    void setEntries(const QList<AlertHistoryEntry> &entries);
    // The rules give the values their words (alertValueText()); an entry of a rule not among
    // them shows its number.
    void setRules(const QList<AlertRule> &rules);
    void prepend(const AlertEvent &event);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The changes a row stands for: 1, 2 for a blip, 2n for n blips in a row.
    int changesOf(int row) const;

private:
    struct Row
    {
        AlertHistoryEntry entry; // a blip's: its return to OK (the latest, when there are more)
        int blips = 0;
        QDateTime firstBlip;
    };
    void rebuild();
    QString blipText(const Row &row) const;

    int m_limit;
    QList<AlertRule> m_rules;
    QList<AlertHistoryEntry> m_entries; // every change, newest first
    QList<Row> m_rows;                  // as shown, newest first
};

// "firing" -> "Firing", for people (translated).
QString alertStateTitle(AlertState state);
// A reading's value as the pane shows it: up to 2 decimals, "no data" without one.
QString alertValueText(const std::optional<double> &value);
// The same in the words of `rule`'s kind: "7 min" old, "degraded", "12 new", "340 entries";
// a metric's value with `unit`, the one its rows give it ("250 ms").
QString alertValueText(const std::optional<double> &value, const AlertRule *rule,
                       const QString &unit = {});

} // namespace porthole
