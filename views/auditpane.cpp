#include "auditpane.h"

#include "auditlogmodel.h"
#include "icons.h"
#include "jsontreemodel.h"
#include "listingparts.h"
#include "savedviews.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"audit"_s;
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
    : Pane(u"audit"_s, tr("Audit"), parent)
    , m_model(model)
    , m_treeModel(new JsonTreeModel(this))
{
    QHBoxLayout *bar = setUpFilterBar();
    connectFilter();
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);

    setUpRows();
    QWidget *detail = setUpDetail();

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"auditSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(detail);
    shareSplitter(m_splitter, {3, 2});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_count);
    layout->addWidget(m_splitter, 1);

    openOnEnter(m_view, m_tree);

    connectModel();

    restoreSettings();
    updateState();
    updateDetails();
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
    m_export = new QPushButton(tr("&Export…"), this);
    m_export->setObjectName(u"exportButton"_s);
    m_export->setToolTip(tr("Writes every entry the filter matches to a CSV, JSON or JSON Lines "
                            "file (Ctrl+E)"));

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
    bar->addWidget(m_export);
    return bar;
}

void AuditPane::connectFilter()
{
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(filterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &AuditPane::applyFilter);
    connect(m_action, &QComboBox::currentTextChanged, &m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_action->lineEdit(), &QLineEdit::returnPressed, this, &AuditPane::applyFilter);
    for (auto [box, edit] : {std::pair{m_fromBox, m_fromEdit}, std::pair{m_toBox, m_toEdit}}) {
        connect(box, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        connect(box, &QCheckBox::toggled, &m_filterTimer, qOverload<>(&QTimer::start));
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this, box = box] {
            if (box->isChecked())
                m_filterTimer.start();
        });
    }
    connect(m_export, &QPushButton::clicked, this, [this] {
        applyFilter(); // what the bar says is what is written
        Q_EMIT exportRequested();
    });
}

void AuditPane::setUpRows()
{
    m_view = makeListingTable(this, m_model, u"auditView"_s,
                              [this](const QString &message) { Q_EMIT statusMessage(message); });
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    m_view->setColumnWidth(AuditLogModel::WhenColumn,
                           m_view->fontMetrics().horizontalAdvance(u"0000-00-00 00:00:00"_s) +
                               2 * charWidth);
    m_view->setColumnWidth(AuditLogModel::WhoColumn, charWidth * 14);
    m_view->setColumnWidth(AuditLogModel::ActionColumn, charWidth * 18);
    m_view->setColumnWidth(AuditLogModel::RowsColumn, charWidth * 9);

    m_stack = new ListingStack(m_view, this);
}

QWidget *AuditPane::setUpDetail()
{
    const JsonDetail detail = makeJsonDetail(this, m_treeModel, u"entryTree"_s);
    m_detailHeading = detail.heading;
    m_tree = detail.tree;
    return detail.widget;
}

void AuditPane::connectModel()
{
    watchListing(
        m_model, m_view, this, [this] { updateState(); }, [this] { updateDetails(); });
}

AuditPane::~AuditPane()
{
    saveSettings();
}

QIcon AuditPane::icon() const
{
    return themedIcon(IconId::Audit);
}

std::shared_ptr<const ExportSource> AuditPane::exportSource() const
{
    return m_model->exportSource();
}

QString AuditPane::exportDescription() const
{
    return tr("the audit log entries shown (%1)")
        .arg(PagedTableModel::countText(m_model->totalCount()));
}

void AuditPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"columns"_s, m_view->horizontalHeader()->saveState());
    settings.setValue(u"splitter"_s, m_splitter->saveState());
}

void AuditPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_view->horizontalHeader()->restoreState(settings.value(u"columns"_s).toByteArray());
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
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

void AuditPane::applyFilter()
{
    m_filterTimer.stop();
    m_model->setFilter(filterFromBar());
    updateState();
}

void AuditPane::refresh()
{
    applyFilter();
    m_model->refresh();
}

// --- What the pane says -------------------------------------------------------------------

QString AuditPane::countText() const
{
    return m_count->text();
}

QString AuditPane::stateText() const
{
    return m_stack->stateText();
}

QString AuditPane::detailHeading() const
{
    return m_detailHeading->text();
}

void AuditPane::updateState()
{
    const AuditFilter filter = m_model->filter();
    const bool filtered = !filter.action.isEmpty() || filter.from.isValid() || filter.to.isValid();
    const QString error = showListingState(
        m_stack, m_count, m_model,
        {tr("Reading the audit log…"), tr("Cannot read the audit log.\n%1\nPress F5 to try again."),
         filtered ? tr("No audit entry matches the filter.")
                  : tr("No actions are recorded yet.\nReplays, purges, edits, moves and retention "
                       "runs are recorded here as they are done.")});
    if (!error.isEmpty())
        Q_EMIT statusMessage(error);
    if (!m_view->selectionModel()->currentIndex().isValid())
        updateDetails();
}

void AuditPane::updateDetails()
{
    const QModelIndex current =
        readCurrentRow(m_view, m_detailHeading, m_treeModel,
                       tr("Select an entry to see it in full here."), tr("Reading the entry…"));
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
    m_detailHeading->setText(heading.join(u" · "_s));
    m_treeModel->setValue(AuditLogModel::detailJson(entry));
    m_tree->expandToDepth(0);
}

} // namespace porthole
