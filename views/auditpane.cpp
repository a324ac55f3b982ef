#include "auditpane.h"

#include "auditlogmodel.h"
#include "icons.h"
#include "listingparts.h"
#include "savedviews.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Typing an action settles before the listing starts over.
constexpr int filterDelayMs = 300;

// What the actions are called in the log (free text may name any other).
const QStringList knownActions{
    u"replay"_s,
    u"replay finished"_s,
    u"replay cancelled"_s,
    u"purge"_s,
    u"purge finished"_s,
    u"restore"_s,
    u"move"_s,
    u"edit"_s,
    u"hard delete"_s,
    u"retention"_s,
};

QDateTimeEdit *timeField(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(QDateTime::currentDateTime(), parent);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    edit->setEnabled(false);
    return edit;
}

} // namespace

AuditPane::AuditPane(AuditLogModel *model, QWidget *parent)
    : ListingPane(u"audit"_s, paneTitle(), model,
                  {u"audit"_s, u"auditView"_s, u"entryTree"_s, u"auditSplitter"_s}, filterDelayMs,
                  parent)
    , m_model(model)
{
    QHBoxLayout *bar = setUpFilterBar();
    connectFilter();
    sizeColumns();
    layOut(bar, false);
}

QHBoxLayout *AuditPane::setUpFilterBar()
{
    m_action = new QComboBox(this);
    m_action->setObjectName(u"actionField"_s);
    m_action->setEditable(true);
    m_action->setInsertPolicy(QComboBox::NoInsert);
    m_action->addItem(QString());
    m_action->addItems(knownActions);
    m_action->lineEdit()->setPlaceholderText(tr("all actions"));
    m_action->lineEdit()->setClearButtonEnabled(true);
    m_action->setToolTip(tr("Only entries of this action (its name as the log has it)"));
    m_action->setMinimumContentsLength(18);
    auto *actionLabel = new QLabel(tr("&Action:"), this);
    actionLabel->setBuddy(m_action);
    m_fromBox = new QCheckBox(tr("&From"), this);
    m_fromBox->setToolTip(tr("Only entries at or after this time (local time)"));
    m_fromEdit = timeField(this);
    m_toBox = new QCheckBox(tr("&Until"), this);
    m_toBox->setToolTip(tr("Only entries before this time (local time)"));
    m_toEdit = timeField(this);
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the audit log again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &AuditPane::refresh);
    exportButton()->setToolTip(tr("Writes every entry the filter matches to a CSV, JSON or "
                                  "JSON Lines file (Ctrl+E)"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(actionLabel);
    bar->addWidget(m_action);
    bar->addSpacing(12);
    bar->addWidget(m_fromBox);
    bar->addWidget(m_fromEdit);
    bar->addWidget(m_toBox);
    bar->addWidget(m_toEdit);
    bar->addStretch();
    bar->addWidget(makeViewsButton());
    bar->addWidget(refreshButton);
    bar->addWidget(exportButton());
    return bar;
}

void AuditPane::connectFilter()
{
    connect(m_action, &QComboBox::currentTextChanged, filterTimer(), qOverload<>(&QTimer::start));
    connect(m_action->lineEdit(), &QLineEdit::returnPressed, this, &AuditPane::applyFilter);
    for (auto [box, edit] : {std::pair{m_fromBox, m_fromEdit}, std::pair{m_toBox, m_toEdit}}) {
        connect(box, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        connect(box, &QCheckBox::toggled, filterTimer(), qOverload<>(&QTimer::start));
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this, box = box] {
            if (box->isChecked())
                filterTimer()->start();
        });
    }
}

void AuditPane::sizeColumns()
{
    QTableView *table = view();
    const int charWidth = table->fontMetrics().averageCharWidth();
    fitColumn(table, AuditLogModel::WhenColumn, u"0000-00-00 00:00:00"_s);
    table->setColumnWidth(AuditLogModel::WhoColumn, charWidth * 14);
    table->setColumnWidth(AuditLogModel::ActionColumn, charWidth * 18);
    table->setColumnWidth(AuditLogModel::RowsColumn, charWidth * 9);
}

QIcon AuditPane::paneIcon()
{
    return themedIcon(IconId::Audit);
}

QString AuditPane::exportDescription() const
{
    return tr("the audit log entries shown (%1)")
        .arg(PagedTableModel::countText(m_model->totalCount()));
}

// --- The filter ---------------------------------------------------------------------------

AuditFilter AuditPane::filterFromBar() const
{
    AuditFilter filter;
    filter.action = m_action->currentText().trimmed();
    if (m_fromBox->isChecked())
        filter.from = m_fromEdit->dateTime().toUTC();
    if (m_toBox->isChecked())
        filter.to = m_toEdit->dateTime().toUTC();
    return filter;
}

QJsonObject AuditPane::viewState() const
{
    const AuditFilter shown = filterFromBar();
    return {{u"action"_s, shown.action},
            {u"from"_s, SavedViews::timeValue(shown.from)},
            {u"to"_s, SavedViews::timeValue(shown.to)}};
}

void AuditPane::applyViewState(const QJsonObject &state)
{
    m_action->setCurrentText(state[u"action"_s].toString());
    SavedViews::showTime(m_fromBox, m_fromEdit, state[u"from"_s]);
    SavedViews::showTime(m_toBox, m_toEdit, state[u"to"_s]);
    applyFilter();
}

void AuditPane::focusOn(const PaneFocus &focus)
{
    if (!focus.audit || !focus.at.isValid())
        return;
    const QDateTime second =
        QDateTime::fromSecsSinceEpoch(focus.at.toSecsSinceEpoch(), Qt::UTC).toLocalTime();
    m_action->setCurrentText({});
    m_fromBox->setChecked(true);
    m_fromEdit->setDateTime(second);
    m_toBox->setChecked(true);
    m_toEdit->setDateTime(second.addSecs(1));
    applyFilter();
    selectWhenRead([id = *focus.audit](const QModelIndex &index) {
        return index.data(AuditLogModel::EntryRole).value<AuditEntry>().id == id;
    });
}

void AuditPane::applyFilter()
{
    filterTimer()->stop();
    m_model->setFilter(filterFromBar());
    updateState();
}

// --- What the pane says -------------------------------------------------------------------

void AuditPane::updateState()
{
    const AuditFilter filter = m_model->filter();
    const bool filtered = !filter.action.isEmpty() || filter.from.isValid() || filter.to.isValid();
    showState({tr("Reading the audit log…"),
               tr("Cannot read the audit log.\n%1\nPress F5 to try again."),
               filtered ? tr("No audit entry matches the filter.")
                        : tr("No actions are recorded yet.\nReplays, purges, edits, moves and "
                             "retention runs are recorded here as they are done.")});
}

void AuditPane::updateDetails()
{
    const QModelIndex current =
        currentRow(tr("Select an entry to see it in full here."), tr("Reading the entry…"));
    if (!current.isValid())
        return;
    const auto entry = current.data(AuditLogModel::EntryRole).value<AuditEntry>();
    const int rows = int(entry.affectedCount);
    QStringList heading{
        tr("#%1 %2").arg(entry.id).arg(entry.action),
        tr("by %1").arg(entry.actor),
        tr("%1 (UTC %2)")
            .arg(entry.occurredAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s),
                 entry.occurredAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s)),
        // Two %n texts, as English has no translation to pick "1 row" or "2 rows" from.
        rows == 1 ? tr("%n row", nullptr, rows) : tr("%n rows", nullptr, rows),
    };
    if (!entry.targetTable.isEmpty())
        heading << tr("on %1").arg(entry.targetTable);
    showDetail(heading, AuditLogModel::detailJson(entry), 0);
}

} // namespace porthole
