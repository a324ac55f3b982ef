#include "redisstreamview.h"

#include "consumergroupmodel.h"
#include "pane.h"
#include "redisbrowser.h"
#include "redislistings.h"
#include "redisparts.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

enum Order
{
    NewestFirst,
    OldestFirst,
    FromTime,
};

QString idWithTime(const QByteArray &id)
{
    const QDateTime time = streamIdTime(id);
    if (!time.isValid())
        return QString::fromLatin1(id);
    return u"%1 (%2)"_s.arg(QString::fromLatin1(id),
                            time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s));
}

} // namespace

RedisStreamView::RedisStreamView(RedisBrowser *browser, QWidget *parent)
    : QWidget(parent)
    , m_browser(browser)
    , m_entries(new StreamEntryModel(browser, this))
    , m_entryFilter(new QSortFilterProxyModel(this))
    , m_pending(new PendingEntryModel(browser, this))
    , m_groups(new ConsumerGroupModel(this))
{
    m_infoLabel = new QLabel(this);
    m_infoLabel->setObjectName(u"streamInfo"_s);
    m_infoLabel->setWordWrap(true);
    m_infoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(setUpEntries(), tr("&Entries"));
    m_tabs->addTab(setUpGroups(), tr("&Groups and pending"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &RedisStreamView::selectionChanged);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_infoLabel);
    layout->addWidget(m_tabs, 1);

    m_follow.setInterval(followIntervalMs);
    connect(&m_follow, &QTimer::timeout, this, &RedisStreamView::followFigures);
    m_follow.start();
}

QWidget *RedisStreamView::setUpEntries()
{
    auto *page = new QWidget(this);
    auto *go = new QPushButton(tr("&Go"), page);
    go->setToolTip(tr("Reads the entries from this time on, oldest first"));
    QHBoxLayout *bar = setUpEntryBar(page, go);
    QSplitter *splitter = setUpEntryRows(page);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    openOnEnter(m_entryView, m_payload);

    connect(m_order, &QComboBox::activated, this, &RedisStreamView::openEntries);
    connect(go, &QPushButton::clicked, this, &RedisStreamView::jumpToTime);
    connect(m_time, &QDateTimeEdit::editingFinished, this, [this] {
        if (m_order->currentIndex() == FromTime)
            jumpToTime();
    });
    connect(m_search, &QLineEdit::textChanged, m_entryFilter,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_search, &QLineEdit::textChanged, this, &RedisStreamView::updateEntryCount);
    connect(m_entries, &RedisPagedModel::stateChanged, this, &RedisStreamView::updateEntryCount);
    connect(m_entries, &QAbstractItemModel::rowsInserted, this, &RedisStreamView::updateEntryCount);
    connect(m_entryView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RedisStreamView::showEntry);
    connect(m_entries, &QAbstractItemModel::modelReset, this, &RedisStreamView::showEntry);
    // The first entry read is shown at once: the newest, the first from the time asked, or the
    // entry asked for (the first read from it, unless it is gone).
    connect(m_entryFilter, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first) {
                if (first == 0 && !m_entryView->currentIndex().isValid())
                    m_entryView->setCurrentIndex(m_entryFilter->index(0, 0));
                const QByteArray asked =
                    first == 0 ? std::exchange(m_entryAsked, {}) : QByteArray();
                if (!asked.isEmpty() && m_entries->entryAt(0).id != asked)
                    Q_EMIT statusMessage(
                        tr("Entry %1 is no longer in %2 (trimmed or deleted): "
                           "the entries after it are shown.")
                            .arg(QString::fromLatin1(asked), QString::fromUtf8(m_key)));
            });
    return page;
}

QHBoxLayout *RedisStreamView::setUpEntryBar(QWidget *page, QPushButton *go)
{
    m_order = new QComboBox(page);
    m_order->setObjectName(u"orderBox"_s);
    m_order->addItems({tr("Newest first"), tr("Oldest first"), tr("From a time")});
    m_order->setToolTip(tr("Which entries to read first: a page at a time, never the whole "
                           "stream"));
    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), page);
    m_time->setObjectName(u"timeField"_s);
    m_time->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    m_time->setCalendarPopup(true);
    m_time->setToolTip(tr("Entries added at this time (local) or later: the ids of a stream are "
                          "the times its entries were added"));
    m_search = new QLineEdit(page);
    m_search->setObjectName(u"searchField"_s);
    m_search->setPlaceholderText(tr("Search the entries read"));
    m_search->setToolTip(tr("Shows only the entries read so far whose id, fields or payload "
                            "hold this text"));
    m_search->setClearButtonEnabled(true);
    focusOnFind(page, m_search);
    m_entryCount = new QLabel(page);
    m_entryCount->setObjectName(u"entryCount"_s);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_order);
    bar->addWidget(m_time);
    bar->addWidget(go);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_entryCount);
    return bar;
}

QSplitter *RedisStreamView::setUpEntryRows(QWidget *page)
{
    m_entryFilter->setSourceModel(m_entries);
    m_entryFilter->setFilterKeyColumn(-1);
    m_entryFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_entryView = listingTable(page);
    m_entryView->setObjectName(u"entryView"_s);
    m_entryView->setModel(m_entryFilter);
    m_entryView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_entryView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RedisStreamView::selectionChanged);
    fitColumn(m_entryView, StreamEntryModel::IdColumn, u"0000000000000-00"_s);
    fitColumn(m_entryView, StreamEntryModel::AddedColumn, u"0000-00-00 00:00:00.000"_s);
    m_entryView->setColumnWidth(StreamEntryModel::FieldsColumn,
                                m_entryView->fontMetrics().averageCharWidth() * 10);
    copyRowsOnCtrlC(m_entryView, [this](const QString &message) { Q_EMIT statusMessage(message); });

    m_fields = new QTreeWidget(page);
    m_fields->setObjectName(u"fieldsView"_s);
    m_fields->setHeaderLabels({tr("Field"), tr("Value")});
    m_fields->setRootIsDecorated(false);
    m_fields->setAlternatingRowColors(true);
    m_payload = new PayloadView(page);
    auto *detail = new QSplitter(Qt::Horizontal, page);
    detail->setChildrenCollapsible(false);
    detail->addWidget(m_fields);
    detail->addWidget(m_payload);
    shareSplitter(detail, {1, 2});
    // The entries above their detail, not beside it: the table has the view's width, and the
    // payload column, after the id, the time and the fields, the rest of it.
    auto *splitter = new QSplitter(Qt::Vertical, page);
    splitter->setObjectName(u"entrySplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_entryView);
    splitter->addWidget(detail);
    shareSplitter(splitter, {1, 1});
    return splitter;
}

QWidget *RedisStreamView::setUpGroups()
{
    auto *page = new QWidget(this);
    m_groupView = new QTreeView(page);
    m_groupView->setObjectName(u"groupView"_s);
    m_groupView->setModel(m_groups);
    m_groupView->setUniformRowHeights(true);
    m_groupView->setAlternatingRowColors(true);
    m_groupView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_groupView->header()->setStretchLastSection(false);
    m_groupView->header()->setSectionResizeMode(ConsumerGroupModel::NameColumn,
                                                QHeaderView::Stretch);

    m_pendingHeading = new QLabel(page);
    m_pendingHeading->setObjectName(u"pendingHeading"_s);
    m_idle = new QSpinBox(page);
    m_idle->setObjectName(u"idleField"_s);
    m_idle->setRange(0, 30 * 24 * 3600);
    m_idle->setSuffix(tr(" s"));
    m_idle->setPrefix(tr("idle ≥ "));
    m_idle->setToolTip(tr("Only entries that have waited at least this long since their last "
                          "delivery"));
    m_maxDeliveries = new QSpinBox(page);
    m_maxDeliveries->setObjectName(u"maxDeliveriesField"_s);
    m_maxDeliveries->setRange(1, 1000000);
    m_maxDeliveries->setValue(static_cast<int>(m_pending->maxDeliveries()));
    m_maxDeliveries->setPrefix(tr("poison over "));
    m_maxDeliveries->setSuffix(tr(" deliveries"));
    m_maxDeliveries->setToolTip(tr("The worker's --max-deliveries: an entry delivered more often "
                                   "is a poison entry, which it moves to the dead letters"));
    m_pendingCount = new QLabel(page);
    m_pendingCount->setObjectName(u"pendingCount"_s);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_pendingHeading, 1);
    bar->addWidget(m_idle);
    bar->addWidget(m_maxDeliveries);
    bar->addWidget(m_pendingCount);

    m_pendingView = listingTable(page);
    m_pendingView->setObjectName(u"pendingView"_s);
    m_pendingView->setModel(m_pending);
    m_pendingView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_pendingView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RedisStreamView::selectionChanged);
    connect(m_groupView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RedisStreamView::selectionChanged);
    fitColumn(m_pendingView, PendingEntryModel::IdColumn, u"0000000000000-00"_s);
    m_pendingView->setColumnWidth(PendingEntryModel::ConsumerColumn,
                                  m_pendingView->fontMetrics().averageCharWidth() * 24);
    fitColumn(m_pendingView, PendingEntryModel::IdleColumn, u"00 h 00 min"_s);
    fitColumn(m_pendingView, PendingEntryModel::DeliveriesColumn, u"000 (poison)"_s);
    copyRowsOnCtrlC(m_pendingView,
                    [this](const QString &message) { Q_EMIT statusMessage(message); });

    auto *pendingPart = new QWidget(page);
    auto *pendingLayout = new QVBoxLayout(pendingPart);
    pendingLayout->setContentsMargins(0, 0, 0, 0);
    pendingLayout->addLayout(bar);
    pendingLayout->addWidget(m_pendingView, 1);
    auto *splitter = new QSplitter(Qt::Vertical, page);
    splitter->setObjectName(u"groupSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_groupView);
    splitter->addWidget(pendingPart);
    shareSplitter(splitter, {2, 3});
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(splitter);

    connect(m_groupView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RedisStreamView::showPendingOfSelection);
    connect(m_idle, &QSpinBox::editingFinished, this, &RedisStreamView::showPendingOfSelection);
    connect(m_maxDeliveries, &QSpinBox::valueChanged, m_pending,
            &PendingEntryModel::setMaxDeliveries);
    connect(m_pending, &RedisPagedModel::stateChanged, this, &RedisStreamView::updatePendingCount);
    connect(m_pending, &QAbstractItemModel::rowsInserted, this,
            &RedisStreamView::updatePendingCount);
    return page;
}

void RedisStreamView::open(const QByteArray &key, const QByteArray &entry)
{
    m_key = key;
    m_entryAsked = entry;
    m_figuresRead = false;
    m_search->clear();
    m_groups->setGroups({});
    if (entry.isEmpty()) {
        m_order->setCurrentIndex(NewestFirst);
        reload();
        return;
    }
    // From the entry's time on (F5 reads from there again), its page from the entry itself.
    m_order->setCurrentIndex(FromTime);
    m_time->setDateTime(streamIdTime(entry).toLocalTime());
    readInfo();
    readGroups(Pending::Reread);
    m_entries->openFrom(key, entry);
}

void RedisStreamView::reload()
{
    readInfo();
    readGroups(Pending::Reread);
    openEntries();
}

void RedisStreamView::followFigures()
{
    // Only what is small to read: a page of entries or of pending entries stays as read, and
    // F5 reads it again.
    if (!isVisible() || m_key.isEmpty() || m_browser->pending() > 0)
        return;
    readInfo();
    readGroups(Pending::Keep);
}

void RedisStreamView::setMaxDeliveries(int deliveries)
{
    m_maxDeliveries->setValue(deliveries);
}

// The pending entries follow too while they are one page and none is selected: the operator
// who scrolled or selected keeps what is shown.
bool RedisStreamView::pendingFollowable() const
{
    return m_tabs->currentIndex() == 1 && m_pending->atEnd() && !m_pending->isLoading() &&
           m_pending->rowCount() <= PendingEntryModel::pageSize &&
           !m_pendingView->selectionModel()->hasSelection();
}

void RedisStreamView::readInfo()
{
    if (!m_figuresRead)
        m_infoLabel->setText(tr("Reading the stream %1…").arg(QString::fromUtf8(m_key)));
    m_browser->ask<StreamInfo>(
        this, [key = m_key](RedisClient &client) { return readStreamInfo(client, key); },
        [this, key = m_key](const Result<StreamInfo> &info) {
            if (key != m_key)
                return;
            m_figuresRead = info.ok();
            if (info)
                m_figures = *info;
            m_infoLabel->setText(info ? infoText() : info.errorMessage());
        });
}

QString RedisStreamView::infoText() const
{
    if (!m_figuresRead)
        return m_infoLabel->text();
    const QLocale locale;
    const QString name = QString::fromUtf8(m_key).toHtmlEscaped();
    // Two texts, as English has no translation to pick "1 group" or "2 groups" from.
    const QString groups = m_figures.groups == 1 ? tr("%n consumer group", nullptr, 1)
                                                 : tr("%n consumer groups", nullptr,
                                                      static_cast<int>(m_figures.groups));
    if (m_figures.length == 0)
        return tr("<b>%1</b>: an empty stream, %2 entries added in all; %3.")
            .arg(name, locale.toString(std::max<qint64>(0, m_figures.entriesAdded)), groups);
    QString text = tr("<b>%1</b>: %2 entries, from %3 to %4; %5.")
                       .arg(name, locale.toString(m_figures.length), idWithTime(m_figures.firstId),
                            idWithTime(m_figures.lastId), groups);
    const qint64 removed = m_figures.entriesAdded - m_figures.length;
    if (m_figures.entriesAdded >= 0 && removed > 0)
        text += u' ' + tr("%1 added in all, %2 deleted or trimmed (the last up to %3).")
                           .arg(locale.toString(m_figures.entriesAdded), locale.toString(removed),
                                QString::fromLatin1(m_figures.maxDeletedId));
    else if (m_figures.entriesAdded >= 0)
        text += u' ' + tr("None deleted or trimmed.");
    return text;
}

void RedisStreamView::readGroups(Pending pending)
{
    if (pending == Pending::Reread)
        m_pendingHeading->setText(tr("Select a group or a consumer above to see its pending "
                                     "entries."));
    m_browser->ask<QList<StreamGroup>>(
        this, [key = m_key](RedisClient &client) { return readStreamGroups(client, key); },
        [this, key = m_key, pending](const Result<QList<StreamGroup>> &groups) {
            if (key != m_key)
                return;
            if (!groups) {
                m_pendingHeading->setText(groups.errorMessage());
                return;
            }
            m_groups->setGroups(*groups);
            m_groupView->expandAll();
            qint64 held = 0;
            for (const StreamGroup &group : *groups)
                held += group.pending;
            m_tabs->setTabText(
                1, groups->isEmpty()
                       ? tr("&Groups and pending (none)")
                       : tr("&Groups and pending (%1 pending)").arg(QLocale().toString(held)));
            if (groups->isEmpty())
                m_pendingHeading->setText(tr("No consumer group reads this stream: a worker "
                                             "started with --mode stream creates its group."));
            else if (selectAskedGroup())
                return;
            else if (!m_groupView->currentIndex().isValid())
                m_groupView->setCurrentIndex(m_groups->index(0, 0));
            else if (pending == Pending::Reread || pendingFollowable())
                showPendingOfSelection();
        });
}

void RedisStreamView::showGroup(const QByteArray &key, const QByteArray &group)
{
    m_groupAsked = {key, group};
    if (key == m_key)
        selectAskedGroup();
}

bool RedisStreamView::selectAskedGroup()
{
    if (m_groupAsked.first != m_key || m_groupAsked.second.isEmpty())
        return false;
    const QList<StreamGroup> groups = m_groups->groups();
    for (qsizetype row = 0; row < groups.size(); ++row) {
        if (groups.at(row).group.toUtf8() != m_groupAsked.second)
            continue;
        m_groupAsked = {};
        m_tabs->setCurrentIndex(1);
        const QModelIndex index = m_groups->index(int(row), 0);
        if (m_groupView->currentIndex() == index)
            showPendingOfSelection(); // selected already: its pending entries read again
        else
            m_groupView->setCurrentIndex(index); // which reads its pending entries
        return true;
    }
    return false;
}

void RedisStreamView::openEntries()
{
    m_entryAsked.clear();
    if (m_order->currentIndex() == FromTime)
        jumpToTime();
    else
        m_entries->open(m_key, m_order->currentIndex() == OldestFirst ? StreamDirection::Forward
                                                                      : StreamDirection::Backward);
}

void RedisStreamView::jumpToTime()
{
    m_order->setCurrentIndex(FromTime);
    m_entries->openAt(m_key, m_time->dateTime());
}

void RedisStreamView::showEntry()
{
    const QModelIndex current = m_entryFilter->mapToSource(m_entryView->currentIndex());
    m_fields->clear();
    if (!current.isValid()) {
        m_payload->clear(m_entries->rowCount() == 0
                             ? QString()
                             : tr("Select an entry to see its fields and payload here."));
        return;
    }
    const StreamEntry entry = m_entries->entryAt(current.row());
    for (const auto &[name, value] : entry.fields)
        new QTreeWidgetItem(m_fields, {QString::fromUtf8(name), payloadSummary(value)});
    m_fields->resizeColumnToContents(0);
    QString deadReason;
    const QByteArray payload = StreamEntryModel::payloadOf(entry, &deadReason);
    m_payload->setPayload(payload);
    if (!deadReason.isEmpty())
        Q_EMIT statusMessage(tr("The receiver keeps entry %1 as a dead letter: %2")
                                 .arg(QString::fromLatin1(entry.id), deadReason));
}

void RedisStreamView::showPendingOfSelection()
{
    const QModelIndex current = m_groupView->currentIndex();
    if (!current.isValid())
        return;
    const QModelIndex groupIndex = current.parent().isValid() ? current.parent() : current;
    const StreamGroup group = m_groups->groups().value(groupIndex.row());
    PendingQuery query;
    query.key = m_key;
    query.group = group.group.toUtf8();
    if (current.parent().isValid())
        query.consumer = group.consumers.value(current.row()).name.toUtf8();
    query.minIdleMs = qint64(m_idle->value()) * 1000;
    m_pendingHeading->setText(
        query.consumer.isEmpty()
            ? tr("Pending in group <b>%1</b>, every consumer's:").arg(group.group.toHtmlEscaped())
            : tr("Pending in group <b>%1</b>, held by <b>%2</b>:")
                  .arg(group.group.toHtmlEscaped(),
                       QString::fromUtf8(query.consumer).toHtmlEscaped()));
    m_pending->open(query);
}

namespace {

QList<QByteArray> selectedIds(const QTableView *view, int role)
{
    QList<QByteArray> ids;
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids << row.data(role).toByteArray();
    return ids;
}

} // namespace

QList<QByteArray> RedisStreamView::selectedEntryIds() const
{
    return m_tabs->currentIndex() == 0 ? selectedIds(m_entryView, StreamEntryModel::EntryIdRole)
                                       : QList<QByteArray>();
}

QList<QByteArray> RedisStreamView::selectedPendingIds() const
{
    return m_tabs->currentIndex() == 1 ? selectedIds(m_pendingView, PendingEntryModel::EntryIdRole)
                                       : QList<QByteArray>();
}

QByteArray RedisStreamView::selectedGroup() const
{
    const QModelIndex current = m_groupView->currentIndex();
    if (m_tabs->currentIndex() != 1 || !current.isValid())
        return {};
    const QModelIndex group = current.parent().isValid() ? current.parent() : current;
    return m_groups->groups().value(group.row()).group.toUtf8();
}

QByteArray RedisStreamView::selectedConsumer() const
{
    const QModelIndex current = m_groupView->currentIndex();
    if (m_tabs->currentIndex() != 1 || !current.isValid() || !current.parent().isValid())
        return {};
    return m_groups->groups()
        .value(current.parent().row())
        .consumers.value(current.row())
        .name.toUtf8();
}

qint64 RedisStreamView::minIdleMs() const
{
    return qint64(m_idle->value()) * 1000;
}

QString RedisStreamView::entryCountText() const
{
    return m_entryCount->text();
}

QString RedisStreamView::pendingCountText() const
{
    return m_pendingCount->text();
}

void RedisStreamView::updateEntryCount()
{
    const QLocale locale;
    QString text;
    if (!m_entries->error().isEmpty())
        text = m_entries->error();
    else if (m_entries->isLoading() && m_entries->rowCount() == 0)
        text = tr("Reading…");
    else if (!m_search->text().isEmpty())
        text = tr("%1 of the %2 entries read match")
                   .arg(locale.toString(m_entryFilter->rowCount()),
                        locale.toString(m_entries->rowCount()));
    else if (m_entries->isCapped())
        text = tr("%1 entries read: go to a time to see others")
                   .arg(locale.toString(m_entries->rowCount()));
    else if (m_entries->atEnd())
        text = m_entries->rowCount() == 0
                   ? tr("No entries")
                   : tr("All %1 entries read").arg(locale.toString(m_entries->rowCount()));
    else
        text =
            tr("%1 entries read; scroll down for more").arg(locale.toString(m_entries->rowCount()));
    m_entryCount->setText(text);
}

void RedisStreamView::updatePendingCount()
{
    const QLocale locale;
    if (!m_pending->error().isEmpty()) {
        m_pendingCount->setText(m_pending->error());
        return;
    }
    QString text =
        m_pending->atEnd()
            ? tr("%1 pending").arg(locale.toString(m_pending->rowCount()))
            : tr("%1 pending read; scroll for more").arg(locale.toString(m_pending->rowCount()));
    if (const int poison = m_pending->poisonCount(); poison > 0)
        text += u", "_s + tr("%1 poison").arg(locale.toString(poison));
    m_pendingCount->setText(text);
}

} // namespace porthole
