#include "portmessagebrowser.h"

#include "icons.h"
#include "listingends.h"
#include "pane.h"
#include "portmessagedetails.h"
#include "portmessagemodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

using Anchor = PagedTableModel::Anchor;
using State = PagedTableModel::State;

// A bar across the pane (with a button, when given), in the colours the style has for a tooltip, so
// it stands out without a colour of its own.
QWidget *bar(QWidget *parent, QLabel *label, QPushButton *button)
{
    auto *widget = new QWidget(parent);
    widget->setAutoFillBackground(true);
    widget->setBackgroundRole(QPalette::ToolTipBase);
    widget->setForegroundRole(QPalette::ToolTipText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(widget);
    layout->addWidget(label, 1);
    if (button)
        layout->addWidget(button);
    return widget;
}

// Copied cells: the error's whole text, not its first line; the other columns as shown.
QString copyText(const QModelIndex &index)
{
    return index.column() == PortMessageModel::ErrorColumn ? index.data(Qt::ToolTipRole).toString()
                                                           : index.data().toString();
}

} // namespace

PortMessageBrowser::PortMessageBrowser(PortMessageModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_emptyText(tr("There are no port messages."))
    , m_emptyFilteredText(tr("No port messages match the filter."))
{
    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problem"_s);
    m_problemRetry = new QPushButton(tr("Try &again"), this);
    m_problemBar = bar(this, m_problem, m_problemRetry);
    m_problemBar->hide();

    // Why the rows are not in the order the header shows, on a database without the index.
    m_orderNote = new QLabel(this);
    m_orderNote->setObjectName(u"orderNote"_s);
    m_orderNoteBar = bar(this, m_orderNote, nullptr);
    m_orderNoteBar->hide();

    m_newRows = new QPushButton(this);
    m_newRows->setObjectName(u"newRows"_s);
    m_newRows->setToolTip(tr("Go to the rows that arrived while you looked elsewhere"));
    m_newRows->hide();

    setUpView();

    m_details = new PortMessageDetails(this);
    m_details->setObjectName(u"details"_s);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"detailsSplitter"_s);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setCollapsible(0, false);
    shareSplitter(m_splitter, {3, 2});
    foldDetailsUntilSelected(m_splitter, m_details, m_view->selectionModel());

    m_stateLabel = new QLabel(this);
    m_stateLabel->setAlignment(Qt::AlignCenter);
    m_stateLabel->setWordWrap(true);
    m_stateLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stateRetry = new QPushButton(tr("Try &again"), this);
    m_statePage = new QWidget(this);
    auto *stateLayout = new QVBoxLayout(m_statePage);
    stateLayout->addStretch();
    stateLayout->addWidget(m_stateLabel);
    stateLayout->addWidget(m_stateRetry, 0, Qt::AlignCenter);
    stateLayout->addStretch();

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_splitter);
    m_stack->addWidget(m_statePage);

    m_count = new QLabel(this);
    m_count->setObjectName(u"count"_s);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_problemBar);
    layout->addWidget(m_orderNoteBar);
    layout->addWidget(m_newRows);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_count);

    (new ListingEnds(m_view))->setModel(m_model);
    openOnEnter(m_view, m_details, [this] { updateDetails(); });
    addJourneyAction();
    copyRowsOnCtrlC(
        m_view, [this](const QString &message) { Q_EMIT statusMessage(message); }, copyText);

    m_slowLoading.setSingleShot(true);
    m_slowLoading.setInterval(300);
    connect(&m_slowLoading, &QTimer::timeout, this, &PortMessageBrowser::updateState);

    connect(m_problemRetry, &QPushButton::clicked, m_model, &PagedTableModel::refresh);
    connect(m_stateRetry, &QPushButton::clicked, m_model, &PagedTableModel::refresh);
    connect(m_newRows, &QPushButton::clicked, this, &PortMessageBrowser::showNewRows);

    connectModel();

    if (m_model->state() == State::Loading)
        m_slowLoading.start();
    updateState();
    updateCount();
}

void PortMessageBrowser::addJourneyAction()
{
    // Where the current message went: its journey across the pipeline.
    porthole::addJourneyAction(
        m_view,
        [this] {
            const QVariant row = m_view->currentIndex().data(PortMessageModel::MessageRole);
            return row.isValid() ? row.value<PortMessage>().id : QString();
        },
        [this](const QString &id) { Q_EMIT journeyRequested(id); });
}

void openJourneysFrom(PortMessageBrowser *browser, Pane *pane)
{
    QObject::connect(browser, &PortMessageBrowser::journeyRequested, pane,
                     [pane](const QString &id) {
                         PaneFocus focus;
                         focus.search = id;
                         Q_EMIT pane->openRequested(u"journey"_s, focus);
                     });
}

void PortMessageBrowser::setUpView()
{
    m_view = new QTableView(this);
    m_view->setObjectName(u"messageView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setCornerButtonEnabled(false);
    // Whole rows: the position of a row is its row number, which keeps the arithmetic of
    // keeping rows in place simple; one fixed height, so millions of rows cost nothing to lay out.
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_view->setSortingEnabled(true);
    using M = PortMessageModel;
    fitColumn(m_view, M::CreatedAtColumn, u"0000-00-00 00:00:00.000"_s);
    fitColumn(m_view, M::PortColumn, u"notifications.email"_s);
    fitColumn(m_view, M::StatusColumn, u"dead_letter"_s);
    fitColumn(m_view, M::SourceColumn, u"component-name"_s);
    fitColumn(m_view, M::TargetColumn, u"component-name"_s);
    fitColumn(m_view, M::RetriesColumn, u"00 / 00"_s);
    fitColumn(m_view, M::IdColumn, u"01a21ce0-5693-7b01-9774-c06de7de04c3"_s);
    // The error text takes the width the other columns leave.
    header->setStretchLastSection(false);
    header->setSectionResizeMode(M::ErrorColumn, QHeaderView::Stretch);
    widenColumnsToRows(m_view, {M::PortColumn, M::SourceColumn, M::TargetColumn});
    // On a narrow screen the id (whole in the detail) yields to the error.
    keepMainColumn(m_view, M::ErrorColumn, M::IdColumn,
                   m_view->fontMetrics().averageCharWidth() * 30);
    connect(header, &QHeaderView::sortIndicatorChanged, this,
            &PortMessageBrowser::onSortIndicatorChanged);
}

void PortMessageBrowser::connectModel()
{
    connect(m_model, &PagedTableModel::stateChanged, this, &PortMessageBrowser::updateState);
    connect(m_model, &PagedTableModel::busyChanged, this, &PortMessageBrowser::updateCount);
    connect(m_model, &PagedTableModel::totalCountChanged, this, &PortMessageBrowser::updateCount);
    connect(m_model, &PagedTableModel::exactCountingChanged, this,
            &PortMessageBrowser::updateCount);
    connect(m_model, &PagedTableModel::newRowsChanged, this, &PortMessageBrowser::updateNewRows);
    connect(m_model, &PagedTableModel::jumped, this, &PortMessageBrowser::updateNewRows);
    connect(m_model, &PagedTableModel::orderNoteChanged, this, [this](const QString &note) {
        m_orderNote->setText(note);
        m_orderNoteBar->setVisible(!note.isEmpty());
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_details->clear();
        if (m_model->state() == State::Loading)
            m_slowLoading.start();
        updateState();
        updateCount();
    });
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            &PortMessageBrowser::onRowsAboutToBeInserted);
    // After ListingEnds has moved the view along with rows put in or taken out above.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PortMessageBrowser::updateState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PortMessageBrowser::updateState);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int current = m_view->currentIndex().row();
                if (current >= topLeft.row() && current <= bottomRight.row())
                    updateDetails();
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PortMessageBrowser::updateDetails);
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, &PortMessageBrowser::updateNewRows);
}

void PortMessageBrowser::setEmptyTexts(const QString &none, const QString &noneMatching)
{
    m_emptyText = none;
    m_emptyFilteredText = noneMatching;
    updateState();
}

void PortMessageBrowser::setFiltered(bool filtered)
{
    m_filtered = filtered;
    updateState();
}

void PortMessageBrowser::saveState(QSettings &settings) const
{
    settings.setValue(u"columns"_s, m_view->horizontalHeader()->saveState());
    settings.setValue(u"detailsShare"_s, m_splitter->property(openDetailsShare));
}

void PortMessageBrowser::restoreState(QSettings &settings)
{
    QHeaderView *header = m_view->horizontalHeader();
    if (header->restoreState(settings.value(u"columns"_s).toByteArray()))
        m_model->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
    // The model keeps its sort when the saved one is not one SQL sorts by.
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    if (const QVariant share = settings.value(u"detailsShare"_s); share.isValid())
        m_splitter->setProperty(openDetailsShare, share.toDouble());
}

QString PortMessageBrowser::stateText() const
{
    return m_stack->currentWidget() == m_statePage ? m_stateLabel->text() : QString();
}

QString PortMessageBrowser::problemText() const
{
    return m_problemBar->isVisibleTo(this) ? m_problem->text() : QString();
}

QString PortMessageBrowser::countText() const
{
    return m_count->text();
}

bool PortMessageBrowser::liveEdgeAtTop() const
{
    // Newest first puts new rows at the top; otherwise they mostly arrive at the bottom.
    return m_model->sortOrder() == Qt::DescendingOrder;
}

bool PortMessageBrowser::atLiveEdge() const
{
    const QScrollBar *scroll = m_view->verticalScrollBar();
    if (liveEdgeAtTop())
        return m_model->startReached() && scroll->value() == scroll->minimum();
    return m_model->state() == State::Ready && !m_model->canFetchMore({}) &&
           scroll->value() == scroll->maximum();
}

void PortMessageBrowser::updateState()
{
    const State state = m_model->state();
    const bool hasRows = m_model->rowCount() > 0;
    QString text;
    if (!hasRows) {
        switch (state) {
        case State::Idle:
            break;
        case State::Loading:
            if (!m_slowLoading.isActive())
                text = tr("Reading port messages…");
            break;
        case State::Error:
            text = tr("Cannot read the port messages.\n%1").arg(m_model->errorMessage());
            break;
        case State::Ready:
            text = m_filtered ? m_emptyFilteredText : m_emptyText;
            break;
        }
    }
    if (state != State::Loading)
        m_slowLoading.stop();
    m_stateLabel->setText(text);
    m_stateRetry->setVisible(state == State::Error);
    m_stack->setCurrentWidget(text.isEmpty() ? static_cast<QWidget *>(m_splitter) : m_statePage);

    // With rows to show, a failure (the database went away, and the model is reconnecting)
    // is a bar above them: the rows stay readable meanwhile.
    const bool problem = hasRows && state == State::Error;
    if (problem)
        m_problem->setText(
            tr("The port messages could not be read: %1").arg(m_model->errorMessage()));
    m_problemBar->setVisible(problem);
    updateCount();
}

void PortMessageBrowser::updateCount()
{
    const RowCount count = m_model->totalCount();
    const bool counted =
        count != RowCount{} || (m_model->state() == State::Ready && !m_model->isBusy());
    QString text;
    if (m_model->state() == State::Error && m_model->rowCount() == 0)
        text = QString();
    else if (!counted)
        text = m_model->state() == State::Idle ? QString() : tr("Counting…");
    else
        text = m_model->countTextWhileCounting(count);
    m_count->setText(text);
}

void PortMessageBrowser::updateNewRows()
{
    const qint64 fresh = m_model->newRows();
    if (fresh > 0 && !liveEdgeAtTop() && m_atBottomBeforeInsert) {
        // They were appended below the last row, which was in view: follow them.
        m_atBottomBeforeInsert = false;
        m_view->scrollToBottom();
    }
    if (fresh > 0 && atLiveEdge()) {
        m_model->clearNewRows(); // in view: seen
        return;
    }
    if (fresh > 0) {
        // Two %n texts each, as English has no translation to pick "1 new row" or "2 new rows"
        // from.
        const int n = int(fresh);
        if (liveEdgeAtTop())
            m_newRows->setText(n == 1 ? tr("↑ %Ln new row above: show them", nullptr, n)
                                      : tr("↑ %Ln new rows above: show them", nullptr, n));
        else
            m_newRows->setText(n == 1 ? tr("↓ %Ln new row below: show them", nullptr, n)
                                      : tr("↓ %Ln new rows below: show them", nullptr, n));
    }
    m_newRows->setVisible(fresh > 0);
}

void PortMessageBrowser::updateDetails()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_details->clear();
        return;
    }
    const QVariant message = current.siblingAtColumn(0).data(PortMessageModel::MessageRole);
    if (message.isValid())
        m_details->setMessage(message.value<PortMessage>());
    // Otherwise its page is being read: dataChanged() brings it here again.
}

void PortMessageBrowser::onRowsAboutToBeInserted(const QModelIndex &parent)
{
    // At the bottom of a listing read to its end: rows that come now are new ones (a page the
    // view fetched comes while there is more to fetch, and is not followed).
    const QScrollBar *scroll = m_view->verticalScrollBar();
    if (!parent.isValid())
        m_atBottomBeforeInsert = scroll->value() == scroll->maximum() &&
                                 m_model->state() == State::Ready && !m_model->canFetchMore({});
}

void PortMessageBrowser::onSortIndicatorChanged(int column, Qt::SortOrder order)
{
    // The view has asked the model to sort; a column SQL does not sort by leaves the model as
    // it was, and the arrow goes back to where the rows are sorted.
    if (column == m_model->sortColumn() && order == m_model->sortOrder())
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(),
                                                         m_model->sortOrder());
        },
        Qt::QueuedConnection);
}

void PortMessageBrowser::jumpToEnd()
{
    m_model->jumpToEnd();
}

void PortMessageBrowser::jumpToStart()
{
    m_model->jumpToStart();
}

void PortMessageBrowser::showNewRows()
{
    if (liveEdgeAtTop())
        m_model->jumpToStart();
    else
        m_model->jumpToEnd();
    m_model->clearNewRows();
}

void PortMessageBrowser::showDetails()
{
    updateDetails();
    revealAndFocus(m_details);
}

} // namespace porthole
