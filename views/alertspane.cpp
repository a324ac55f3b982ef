#include "alertspane.h"

#include "alertmodels.h"
#include "icons.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A time as the tables show it, to fit their columns to.
const QString sampleTime = QStringLiteral("2026-11-26 09:00:00");

} // namespace

AlertsPane::AlertsPane(AlertStatusModel *statuses, AlertHistoryModel *history, QWidget *parent)
    : Pane(u"alerts"_s, paneTitle(), parent)
    , m_statuses(statuses)
    , m_history(history)
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"alertSummary"_s);
    m_summary->setWordWrap(true);
    top->addWidget(m_summary, 1);
    m_showOk = new QCheckBox(this);
    m_showOk->setObjectName(u"showOkBox"_s);
    m_showOk->setToolTip(tr("List the rules that are OK or wait for their first reading too."));
    top->addWidget(m_showOk);
    m_silence = new QPushButton(tr("&Silence for 1 Hour"), this);
    m_silence->setObjectName(u"silenceButton"_s);
    m_silence->setToolTip(tr("No notifications of the selected rule for an hour; its state still "
                             "changes and goes into the history."));
    m_acknowledge = new QPushButton(tr("&Acknowledge"), this);
    m_acknowledge->setObjectName(u"acknowledgeButton"_s);
    m_acknowledge->setToolTip(
        tr("You are on it: no more notifications of this alert until it is OK again."));
    m_editRules = new QPushButton(tr("&Edit Rules…"), this);
    m_editRules->setObjectName(u"editRulesButton"_s);
    m_editRules->setToolTip(tr("Change, add or turn off the rules, or go back to the defaults."));
    top->addWidget(m_silence);
    top->addWidget(m_acknowledge);
    top->addWidget(m_editRules);
    layout->addLayout(top);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    setUpStatusView(splitter);
    setUpHistoryView(splitter);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_showOk, &QCheckBox::toggled, m_shown, &AlertStatusFilter::setShowOk);
    connect(m_statuses, &QAbstractItemModel::modelReset, this, [this] {
        updateSummary();
        updateButtons();
    });
    connect(m_statusView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsPane::updateButtons);
    connect(m_silence, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_statusView->currentIndex();
        if (current.isValid())
            Q_EMIT silenceRequested(current.data(AlertStatusModel::RuleIdRole).toString(),
                                    QDateTime::currentDateTimeUtc().addSecs(3600));
    });
    connect(m_acknowledge, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_statusView->currentIndex();
        if (current.isValid())
            Q_EMIT acknowledgeRequested(current.data(AlertStatusModel::RuleIdRole).toString(),
                                        current.data(AlertStatusModel::SubjectRole).toString());
    });
    connect(m_editRules, &QPushButton::clicked, this, &AlertsPane::editRulesRequested);
    updateSummary();
    updateButtons();
}

void AlertsPane::setUpStatusView(QSplitter *splitter)
{
    m_statusView = new QTableView(splitter);
    m_statusView->setObjectName(u"alertStatuses"_s);
    m_shown = new AlertStatusFilter(this);
    m_shown->setSourceModel(m_statuses);
    m_statusView->setModel(m_shown);
    setUpListingTable(m_statusView);
    m_statusView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_statusView->horizontalHeader()->setStretchLastSection(false);
    m_statusView->horizontalHeader()->setSectionResizeMode(AlertStatusModel::RuleColumn,
                                                           QHeaderView::Stretch);
    fitColumn(m_statusView, AlertStatusModel::StateColumn, u"Waiting for a reading"_s);
    fitColumn(m_statusView, AlertStatusModel::SubjectColumn, u"payment-gateway-eu"_s);
    fitColumn(m_statusView, AlertStatusModel::ValueColumn, u"12 errors a minute"_s);
    fitColumn(m_statusView, AlertStatusModel::SinceColumn, sampleTime);
    fitColumn(m_statusView, AlertStatusModel::SeverityColumn, u"critical"_s);
}

void AlertsPane::setUpHistoryView(QSplitter *splitter)
{
    auto *historyBox = new QWidget(splitter);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    auto *historyTop = new QHBoxLayout;
    historyTop->addWidget(new QLabel(tr("History (newest first)"), historyBox), 1);
    m_around = new QPushButton(tr("What Changed &Around It"), historyBox);
    m_around->setObjectName(u"aroundButton"_s);
    m_around->setToolTip(tr("Opens the Timeline of the hour around the selected change"));
    m_around->setEnabled(false);
    historyTop->addWidget(m_around);
    historyLayout->addLayout(historyTop);
    m_historyView = new QTableView(historyBox);
    m_historyView->setObjectName(u"alertHistory"_s);
    m_historyView->setModel(m_history);
    setUpListingTable(m_historyView);
    m_historyView->horizontalHeader()->setStretchLastSection(false);
    m_historyView->horizontalHeader()->setSectionResizeMode(AlertHistoryModel::RuleColumn,
                                                            QHeaderView::Stretch);
    fitColumn(m_historyView, AlertHistoryModel::TimeColumn, sampleTime);
    fitColumn(m_historyView, AlertHistoryModel::SubjectColumn, u"payment-gateway-eu"_s);
    fitColumn(m_historyView, AlertHistoryModel::ChangeColumn, u"OK → Pending → OK ×12"_s);
    fitColumn(m_historyView, AlertHistoryModel::ValueColumn, u"1 h 24 min old"_s);
    historyLayout->addWidget(m_historyView);
    connect(m_historyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { m_around->setEnabled(current.isValid()); });
    connect(m_around, &QPushButton::clicked, this, [this] {
        PaneFocus focus;
        focus.at = m_historyView->currentIndex().data(AlertHistoryModel::AtRole).toDateTime();
        if (focus.at.isValid())
            Q_EMIT openRequested(u"timeline"_s, focus);
    });
}

QIcon AlertsPane::paneIcon()
{
    return themedIcon(IconId::Alerts);
}

void AlertsPane::setInterval(std::chrono::seconds interval)
{
    m_interval = interval;
    updateSummary();
}

QString AlertsPane::summaryText() const
{
    return m_summary->text();
}

void AlertsPane::updateSummary()
{
    const int firing = m_statuses->count(AlertState::Firing);
    const int pending = m_statuses->count(AlertState::Pending);
    QStringList parts;
    if (firing > 0)
        parts << (firing == 1 ? tr("<b>1 alert firing</b>")
                              : tr("<b>%1 alerts firing</b>").arg(firing));
    if (pending > 0)
        parts << (pending == 1 ? tr("1 pending") : tr("%1 pending").arg(pending));
    const qint64 seconds = m_interval.count();
    const QString every = seconds == 1 ? tr("every second") : tr("every %1 seconds").arg(seconds);
    const int ok = m_statuses->rowCount() - m_statuses->count(AlertState::Firing) - pending -
                   m_statuses->count(AlertState::Resolved);
    m_showOk->setText(tr("Show OK rules (%1)").arg(ok));
    m_showOk->setVisible(ok > 0);
    if (parts.isEmpty())
        m_summary->setText(
            tr("All is well: no rule is past its threshold. The rules are read %1.").arg(every));
    else
        m_summary->setText(tr("%1. Select an alert to silence or acknowledge it; the rules are "
                              "read %2.")
                               .arg(parts.join(u", "_s), every));
}

void AlertsPane::updateButtons()
{
    const QModelIndex current = m_statusView->currentIndex();
    const bool selected = m_statusView->selectionModel()->hasSelection() && current.isValid();
    const auto state = AlertState(current.data(AlertStatusModel::StateRole).toInt());
    m_silence->setEnabled(selected);
    m_acknowledge->setEnabled(selected &&
                              (state == AlertState::Firing || state == AlertState::Pending));
}

} // namespace porthole
