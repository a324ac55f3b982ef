#include "messagespane.h"

#include "batchline.h"
#include "icons.h"
#include "listingends.h"
#include "listingparts.h"
#include "messagemodel.h"
#include "savedviews.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"messages"_s;
// Typing applies the filter once the operator pauses, not at every key (each is a new query).
constexpr int filterDelayMs = 400;

QLineEdit *numberField(const QString &placeholder, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setPlaceholderText(placeholder);
    field->setClearButtonEnabled(true);
    // Digits only, and few enough of them to be a qint64.
    field->setValidator(new QRegularExpressionValidator(QRegularExpression(u"\\d{0,18}"_s), field));
    field->setMaximumWidth(field->fontMetrics().horizontalAdvance(u"0000000000000"_s));
    return field;
}

// Copied cells are whole and on one line: the time with its offset, line breaks escaped.
QString copyText(const QModelIndex &index)
{
    return index.data(MessageModel::CopyTextRole).toString();
}

QDateTimeEdit *timeField(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(QDateTime::currentDateTime(), parent);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    edit->setEnabled(false);
    return edit;
}

std::optional<qint64> numberIn(const QLineEdit *field)
{
    bool ok = false;
    const qint64 value = field->text().trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

} // namespace

MessagesPane::MessagesPane(MessageModel *model, QWidget *parent)
    : Pane(u"messages"_s, paneTitle(), parent)
    , m_model(model)
{
    Q_ASSERT(model);

    QGridLayout *bar = setUpFilterBar();
    connectFilter();
    QHBoxLayout *status = setUpStatus();
    setUpTable();
    setUpDetails();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(status);
    layout->addWidget(m_banner);
    layout->addWidget(m_stack, 1);

    connectModel();

    m_follow->setChecked(true); // unless the settings say otherwise
    followWhileShown([this] { return QList<PagedTableModel *>{m_model}; },
                     [this] { return isFollowing(); });
    restoreSettings();
    updateState();
    updateCount();
    updateDetails();
}

QGridLayout *MessagesPane::setUpFilterBar()
{
    m_text = new QLineEdit(this);
    m_text->setObjectName(u"textField"_s);
    m_text->setClearButtonEnabled(true);
    m_text->setPlaceholderText(tr("Text in the content, any case"));
    auto *textLabel = new QLabel(tr("&Search:"), this);
    textLabel->setBuddy(m_text);
    m_source = new QLineEdit(this);
    m_source->setObjectName(u"sourceField"_s);
    m_source->setClearButtonEnabled(true);
    m_source->setPlaceholderText(tr("e.g. the Redis key"));
    m_source->setToolTip(tr("Only messages from this source (matched whole)"));
    auto *sourceLabel = new QLabel(tr("S&ource:"), this);
    sourceLabel->setBuddy(m_source);
    m_batch = numberField(tr("any"), this);
    m_batch->setObjectName(u"batchField"_s);
    m_batch->setToolTip(tr("Only the messages of this batch file (its number)"));
    auto *batchLabel = new QLabel(tr("&Batch:"), this);
    batchLabel->setBuddy(m_batch);
    m_numberFrom = numberField(tr("from"), this);
    m_numberFrom->setObjectName(u"numberFromField"_s);
    m_numberTo = numberField(tr("to"), this);
    m_numberTo->setObjectName(u"numberToField"_s);
    m_numberTo->setToolTip(tr("Message numbers up to and including this one"));
    auto *numberLabel = new QLabel(tr("&Numbers:"), this);
    numberLabel->setBuddy(m_numberFrom);
    m_fromBox = new QCheckBox(tr("&From"), this);
    m_fromBox->setToolTip(tr("Only messages that arrived at or after this time (local time)"));
    m_fromEdit = timeField(this);
    m_toBox = new QCheckBox(tr("&Until"), this);
    m_toBox->setToolTip(tr("Only messages that arrived before this time (local time)"));
    m_toEdit = timeField(this);
    auto *clear = new QPushButton(tr("C&lear"), this);
    clear->setToolTip(tr("Shows every message again"));
    connect(clear, &QPushButton::clicked, this, &MessagesPane::clearFilter);
    m_follow = new QCheckBox(tr("F&ollow new messages"), this);
    m_follow->setToolTip(tr("Reads new messages as they are stored"));

    auto *bar = new QGridLayout;
    bar->addWidget(textLabel, 0, 0);
    bar->addWidget(m_text, 0, 1, 1, 3);
    bar->addWidget(sourceLabel, 0, 4);
    bar->addWidget(m_source, 0, 5);
    bar->addWidget(batchLabel, 0, 6);
    bar->addWidget(m_batch, 0, 7);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(clear);
    buttons->addWidget(makeViewsButton());
    bar->addLayout(buttons, 0, 8);
    bar->addWidget(numberLabel, 1, 0);
    auto *numbers = new QHBoxLayout;
    numbers->addWidget(m_numberFrom);
    numbers->addWidget(new QLabel(u"–"_s, this));
    numbers->addWidget(m_numberTo);
    bar->addLayout(numbers, 1, 1);
    auto *times = new QHBoxLayout;
    times->addWidget(m_fromBox);
    times->addWidget(m_fromEdit);
    times->addWidget(m_toBox);
    times->addWidget(m_toEdit);
    times->addStretch();
    bar->addLayout(times, 1, 2, 1, 4);
    bar->addWidget(m_follow, 1, 6, 1, 3, Qt::AlignRight);
    bar->setColumnStretch(1, 1);
    bar->setColumnStretch(5, 1);
    return bar;
}

void MessagesPane::connectFilter()
{
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(filterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &MessagesPane::applyFilter);
    for (QLineEdit *field : {m_text, m_source, m_batch, m_numberFrom, m_numberTo}) {
        connect(field, &QLineEdit::textEdited, &m_filterTimer, qOverload<>(&QTimer::start));
        connect(field, &QLineEdit::returnPressed, this, &MessagesPane::applyFilter);
        // The clear button changes the text without an edit.
        connect(field, &QLineEdit::textChanged, this, [this](const QString &text) {
            if (text.isEmpty())
                m_filterTimer.start();
        });
    }
    for (auto [box, edit] : {std::pair{m_fromBox, m_fromEdit}, std::pair{m_toBox, m_toEdit}}) {
        connect(box, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        connect(box, &QCheckBox::toggled, &m_filterTimer, qOverload<>(&QTimer::start));
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, [this, box = box] {
            if (box->isChecked())
                m_filterTimer.start();
        });
    }
    connect(m_follow, &QCheckBox::toggled, this, &MessagesPane::updateFollow);
}

QHBoxLayout *MessagesPane::setUpStatus()
{
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);
    m_busy = new QLabel(tr("reading…"), this);
    m_busy->setEnabled(false);
    m_busy->hide();
    m_newRows = new QPushButton(this);
    m_newRows->setObjectName(u"newRowsButton"_s);
    m_newRows->setIcon(themedIcon(IconId::Up));
    m_newRows->setToolTip(tr("Goes to the messages stored since you scrolled away"));
    m_newRows->hide();
    connect(m_newRows, &QPushButton::clicked, this, &MessagesPane::showNewRows);
    auto *status = new QHBoxLayout;
    status->addWidget(m_count);
    status->addWidget(m_busy);
    status->addStretch();
    status->addWidget(m_newRows);

    m_banner = new QLabel(this);
    m_banner->setObjectName(u"bannerLabel"_s);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette warning = m_banner->palette();
    warning.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_banner->setPalette(warning);
    m_banner->hide();
    return status;
}

void MessagesPane::setUpTable()
{
    m_view = new QTableView(this);
    m_view->setObjectName(u"messageView"_s);
    m_view->setModel(m_model);
    // One line a row, all of one height: millions of rows cost nothing to lay out.
    setUpListingTable(m_view);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    // The content takes the width the other columns leave.
    header->setStretchLastSection(false);
    header->setSectionResizeMode(MessageModel::ContentColumn, QHeaderView::Stretch);
    // Sorted in SQL, and only by a column with an index: the header asks, the model decides.
    connect(header, &QHeaderView::sortIndicatorChanged, this,
            &MessagesPane::onSortIndicatorChanged);
    const QString time = u"0000-00-00 00:00:00.000"_s;
    fitColumn(m_view, MessageModel::TimestampColumn, time);
    fitColumn(m_view, MessageModel::NumberColumn, u"000000000"_s);
    fitColumn(m_view, MessageModel::SourceColumn, u"messages:stream"_s);
    fitColumn(m_view, MessageModel::BatchColumn, u"00000"_s);
    fitColumn(m_view, MessageModel::DeliveryKeyColumn, u"stream:messages:1700000000000-0"_s);
    fitColumn(m_view, MessageModel::IdColumn, u"000000000"_s);
    // Before the widener: it offers the delivery key's width to the keeper.
    // On a narrow screen the delivery key gives up its room to the content first (it is whole
    // in a copy and in the detail of Go to anything).
    keepMainColumn(m_view, MessageModel::ContentColumn, MessageModel::DeliveryKeyColumn,
                   m_view->fontMetrics().horizontalAdvance(
                       u"this is Message N° 000000 being posted into Redis__"_s));
    widenColumnsToRows(m_view, {MessageModel::SourceColumn, MessageModel::DeliveryKeyColumn});

    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_copy = copyRowsOnCtrlC(
        m_view, [this](const QString &message) { Q_EMIT statusMessage(message); }, copyText);
    // Where the message came from and what became of it: the journey of its delivery key.
    addJourneyAction(m_view, this, [this] {
        const QVariant row = m_view->currentIndex().data(MessageModel::MessageRole);
        return row.isValid() ? row.value<ReceivedMessage>().deliveryKey : QString();
    });

    focusOnFind(this, m_text);
}

void MessagesPane::setUpDetails()
{
    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    m_detailsHeading = new QLabel(details);
    m_detailsHeading->setObjectName(u"detailsHeading"_s);
    m_detailsHeading->setWordWrap(true);
    m_detailsHeading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details = new QPlainTextEdit(details);
    m_details->setObjectName(u"detailsText"_s);
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    detailsLayout->addWidget(m_detailsHeading);
    detailsLayout->addWidget(m_details, 1);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"splitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(details);
    shareSplitter(m_splitter, {3, 1});
    foldDetailsUntilSelected(m_splitter, details, m_view->selectionModel());
    openOnEnter(m_view, details, [this] { updateDetails(); });

    m_stack = new ListingStack(m_splitter, this);
}

void MessagesPane::connectModel()
{
    connect(m_model, &PagedTableModel::stateChanged, this, &MessagesPane::updateState);
    connect(m_model, &PagedTableModel::totalCountChanged, this, &MessagesPane::updateCount);
    connect(m_model, &PagedTableModel::exactCountingChanged, this, &MessagesPane::updateCount);
    connect(m_model, &PagedTableModel::busyChanged, this, [this](bool busy) {
        m_busy->setVisible(busy);
        updateCount(); // the last page may have come
    });
    connect(m_model, &PagedTableModel::newRowsChanged, this, &MessagesPane::updateNewRows);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_anchor = QPersistentModelIndex();
        updateState();
        updateDetails();
    });
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first) { onRowsAboutToMove(first); });
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first) { onRowsAboutToMove(first); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MessagesPane::onRowsMoved);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MessagesPane::onRowsMoved);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int current = m_view->selectionModel()->currentIndex().row();
                if (current >= topLeft.row() && current <= bottomRight.row())
                    updateDetails();
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MessagesPane::updateDetails);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &MessagesPane::updateNewRows);
    // Home and End: the first and last messages of the listing; after the pane's own handling
    // of rows coming in above (onRowsMoved()), which keeps the row in view.
    auto *ends = new ListingEnds(m_view, ListingEnds::RowsAbove::LeftToOwner);
    ends->setModel(m_model);
}

MessagesPane::~MessagesPane()
{
    saveSettings();
}

QIcon MessagesPane::paneIcon()
{
    return themedIcon(IconId::Messages);
}

std::shared_ptr<const ExportSource> MessagesPane::exportSource() const
{
    return m_model->exportSource();
}

QString MessagesPane::exportDescription() const
{
    return tr("the messages shown (%1)").arg(PagedTableModel::countText(m_model->totalCount()));
}

void MessagesPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"columns"_s, m_view->horizontalHeader()->saveState());
    settings.setValue(u"detailsShare"_s, m_splitter->property(openDetailsShare));
    settings.setValue(u"sortColumn"_s, m_model->sortColumn());
    settings.setValue(u"descending"_s, m_model->sortOrder() == Qt::DescendingOrder);
    settings.setValue(u"follow"_s, isFollowing());
}

void MessagesPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_restoringSort = true;
    m_view->horizontalHeader()->restoreState(settings.value(u"columns"_s).toByteArray());
    if (const QVariant share = settings.value(u"detailsShare"_s); share.isValid())
        m_splitter->setProperty(openDetailsShare, share.toDouble());
    const int column = settings.value(u"sortColumn"_s, m_model->sortColumn()).toInt();
    const bool descending =
        settings.value(u"descending"_s, m_model->sortOrder() == Qt::DescendingOrder).toBool();
    m_model->sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_restoringSort = false;
    m_follow->setChecked(settings.value(u"follow"_s, isFollowing()).toBool());
}

void MessagesPane::onSortIndicatorChanged(int column, Qt::SortOrder order)
{
    if (m_restoringSort)
        return;
    if (MessageModel::isSortable(column)) {
        m_model->sort(column, order);
        return;
    }
    // Sorting by content or source would read the whole table: the indicator goes back.
    m_restoringSort = true;
    m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_restoringSort = false;
    Q_EMIT statusMessage(tr("Messages can be sorted by time or by number."));
}

// --- The filter ---------------------------------------------------------------------------

MessageFilter MessagesPane::filterFromBar() const
{
    MessageFilter filter;
    if (!m_text->text().trimmed().isEmpty())
        filter.text = m_text->text();
    filter.source = m_source->text().trimmed();
    filter.batchId = numberIn(m_batch);
    filter.numberFrom = numberIn(m_numberFrom);
    filter.numberTo = numberIn(m_numberTo);
    if (m_fromBox->isChecked())
        filter.from = m_fromEdit->dateTime().toUTC();
    if (m_toBox->isChecked())
        filter.to = m_toEdit->dateTime().toUTC();
    return filter;
}

void MessagesPane::applyFilter()
{
    m_filterTimer.stop();
    m_model->setFilter(filterFromBar());
    updateState();
}

QJsonObject MessagesPane::viewState() const
{
    const MessageFilter shown = filterFromBar();
    const auto number = [](std::optional<qint64> value) {
        return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
    };
    return {{u"text"_s, shown.text},
            {u"source"_s, shown.source},
            {u"batch"_s, number(shown.batchId)},
            {u"numberFrom"_s, number(shown.numberFrom)},
            {u"numberTo"_s, number(shown.numberTo)},
            {u"from"_s, SavedViews::timeValue(shown.from)},
            {u"to"_s, SavedViews::timeValue(shown.to)}};
}

void MessagesPane::applyViewState(const QJsonObject &state)
{
    m_text->setText(state[u"text"_s].toString());
    m_source->setText(state[u"source"_s].toString());
    for (const auto &[field, key] :
         {std::pair{m_batch, u"batch"_s}, std::pair{m_numberFrom, u"numberFrom"_s},
          std::pair{m_numberTo, u"numberTo"_s}}) {
        const QJsonValue value = state[key];
        field->setText(value.isDouble() ? QString::number(qint64(value.toDouble())) : QString());
    }
    SavedViews::showTime(m_fromBox, m_fromEdit, state[u"from"_s]);
    SavedViews::showTime(m_toBox, m_toEdit, state[u"to"_s]);
    applyFilter();
}

void MessagesPane::clearFilter()
{
    for (QLineEdit *field : {m_text, m_source, m_batch, m_numberFrom, m_numberTo})
        field->clear();
    m_fromBox->setChecked(false);
    m_toBox->setChecked(false);
    applyFilter();
}

void MessagesPane::focusOn(const PaneFocus &focus)
{
    if (!focus.message)
        return;
    for (QLineEdit *field : {m_text, m_source, m_batch})
        field->clear();
    m_fromBox->setChecked(false);
    m_toBox->setChecked(false);
    m_numberFrom->setText(QString::number(*focus.message));
    m_numberTo->setText(QString::number(*focus.message));
    applyFilter();
}

// --- What the pane says -------------------------------------------------------------------

QString MessagesPane::countText() const
{
    return m_count->text();
}

QString MessagesPane::stateText() const
{
    return m_stack->stateText();
}

QString MessagesPane::bannerText() const
{
    return m_banner->isVisibleTo(this) ? m_banner->text() : QString();
}

void MessagesPane::updateCount()
{
    const PagedTableModel::State state = m_model->state();
    RowCount count = m_model->totalCount();
    // Every row read (the operator scrolled to the end): the estimate gives way to the rows.
    if (state == PagedTableModel::State::Ready && count.precision != RowCount::Precision::Exact &&
        !m_model->canFetchMore({}) && !m_model->isBusy())
        count = RowCount{m_model->rowCount(), RowCount::Precision::Exact};
    if (state == PagedTableModel::State::Loading || state == PagedTableModel::State::Idle)
        m_count->setText(tr("Counting…"));
    else
        m_count->setText(m_model->countTextWhileCounting(count));
    m_count->setToolTip(count.precision == RowCount::Precision::Exact
                            ? QString()
                            : tr("Counted exactly up to %1 rows; beyond that, estimated")
                                  .arg(QLocale().toString(m_model->options().exactCountUpTo)));
}

void MessagesPane::updateState()
{
    const bool hasRows = m_model->rowCount() > 0;
    const bool failed = m_model->state() == PagedTableModel::State::Error;
    QString text;
    if (!hasRows) {
        switch (m_model->state()) {
        case PagedTableModel::State::Idle:
        case PagedTableModel::State::Loading:
            text = tr("Reading the messages…");
            break;
        case PagedTableModel::State::Error:
            text = tr("Cannot read the messages.\n%1\nPress F5 to try again.")
                       .arg(m_model->errorMessage());
            break;
        case PagedTableModel::State::Ready:
            text = m_model->filter().isEmpty()
                       ? tr("No messages are stored yet.\nThe receiver stores them here as they "
                            "arrive (see the Ingest pane); they show up without a refresh.")
                       : tr("No message matches the filter.\nChange it, or Clear it to see "
                            "every message.");
            break;
        }
    }
    m_stack->showRows(hasRows, text);
    // Rows in view stay in view when reading fails (a lost connection): the problem is told
    // above them.
    m_banner->setText(hasRows && failed
                          ? tr("Cannot read the messages: %1").arg(m_model->errorMessage())
                          : QString());
    m_banner->setVisible(hasRows && failed);
    if (failed)
        Q_EMIT statusMessage(m_model->errorMessage());
    updateCount();
}

void MessagesPane::updateDetails()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detailsHeading->setText(tr("Select a message to see it whole here."));
        m_details->clear();
        return;
    }
    if (!current.data(PagedTableModel::RowLoadedRole).toBool()) {
        m_detailsHeading->setText(tr("Reading the message…"));
        m_details->clear();
        return;
    }
    const auto m = current.data(MessageModel::MessageRole).value<ReceivedMessage>();
    QStringList fields{
        tr("Message #%1").arg(m.messageNumber),
        tr("arrived %1 (UTC %2)")
            .arg(m.timestamp.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s),
                 m.timestamp.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s)),
    };
    if (!m.source.isEmpty())
        fields << tr("from %1").arg(m.source);
    if (m.batchId)
        fields << tr("in %1").arg(batchFileName(*m.batchId));
    fields << tr("delivery key %1").arg(m.deliveryKey) << tr("id %1").arg(m.id)
           << tr("%Ln bytes", nullptr, int(m.content.size()));
    m_detailsHeading->setText(fields.join(u" · "_s));
    const QString content = MessageModel::contentText(m.content);
    if (m_details->toPlainText() != content)
        m_details->setPlainText(content);
}

QString MessagesPane::detailsText() const
{
    return m_detailsHeading->text() + u'\n' + m_details->toPlainText();
}

// --- Copying ------------------------------------------------------------------------------

QString MessagesPane::selectedRowsText() const
{
    return porthole::selectedRowsText(m_view, nullptr, copyText);
}

void MessagesPane::refresh()
{
    applyFilter();
    m_model->refresh();
}

} // namespace porthole
