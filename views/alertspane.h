#pragma once

#include "pane.h"

#include <QDateTime>

class QCheckBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

namespace porthole {

class AlertHistoryModel;
class AlertStatusFilter;
class AlertStatusModel;

// The Alerts pane: a line that says whether anything needs the operator, every rule and what it
// watches with its state (worst first), and the history of changes below. Silence quiets the
// selected rule's notifications for an hour (its state still changes); Acknowledge quiets the
// selected alert until it is OK again; Edit Rules asks for the rules' editor. The pane asks; the
// window's alert loop does it.
class AlertsPane : public Pane
{
    Q_OBJECT

public:
    // Shows the models (not taken over: their owner keeps them).
    AlertsPane(AlertStatusModel *statuses, AlertHistoryModel *history, QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Alerts"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    // How often the rules are read, for the summary line.
    void setInterval(std::chrono::seconds interval);

    // For tests and screenshots.
    QTableView *statusView() const { return m_statusView; }
    QTableView *historyView() const { return m_historyView; }
    QPushButton *silenceButton() const { return m_silence; }
    QPushButton *acknowledgeButton() const { return m_acknowledge; }
    QPushButton *editRulesButton() const { return m_editRules; }
    // What changed around the history's selected change: the Timeline at its moment.
    QPushButton *aroundButton() const { return m_around; }
    QCheckBox *showOkBox() const { return m_showOk; }
    QString summaryText() const;

Q_SIGNALS:
    void silenceRequested(const QString &ruleId, const QDateTime &until);
    void acknowledgeRequested(const QString &ruleId, const QString &subject);
    void editRulesRequested();

private:
    void setUpStatusView(QSplitter *splitter);
    void setUpHistoryView(QSplitter *splitter);
    void updateSummary();
    void updateButtons();

    AlertStatusModel *m_statuses;
    AlertStatusFilter *m_shown = nullptr; // what the status table shows of m_statuses
    QCheckBox *m_showOk = nullptr;
    AlertHistoryModel *m_history;
    QPushButton *m_around = nullptr;
    std::chrono::seconds m_interval{15};
    QLabel *m_summary = nullptr;
    QTableView *m_statusView = nullptr;
    QTableView *m_historyView = nullptr;
    QPushButton *m_silence = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_editRules = nullptr;
};

} // namespace porthole
