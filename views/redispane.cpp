#include "redispane.h"

#include "icons.h"
#include "redisactionbar.h"
#include "redisbrowser.h"
#include "redislistings.h"
#include "redislistview.h"
#include "redisparts.h"
#include "redisstreamview.h"
#include "redisvalueview.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Where the operator moved the edge between the key list and the key shown.
const QString splitterSetting = u"redis/keysAndValue"_s;

} // namespace

RedisPane::RedisPane(RedisBrowser *browser, QWidget *parent)
    : Pane(u"redis"_s, paneTitle(), parent)
    , m_browser(browser)
{
    if (!browser) {
        setUnavailable(tr("No Redis server is open. Name one with --redis redis://HOST:PORT "
                          "when you start Porthole, or in File > Open… (Redis server): this pane "
                          "then shows its keys and what each holds: streams with their consumer "
                          "groups and pending entries, lists, hashes, sets, sorted sets and "
                          "strings."));
        return;
    }
    m_keys = new RedisKeyModel(browser, this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"redisSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_keyPanel = setUpKeys();
    m_splitter->addWidget(m_keyPanel);
    m_splitter->addWidget(setUpDetail());
    // The key list keeps its width as the window grows or shrinks; the key shown takes the rest.
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_fitKeys.setSingleShot(true);
    m_fitKeys.setInterval(0);
    connect(&m_fitKeys, &QTimer::timeout, this, &RedisPane::fitKeyList);
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] { m_keysSizedByHand = true; });
    auto *toolBar = new QToolBar(this);
    toolBar->setObjectName(u"redisActions"_s);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_actions = new RedisActionBar(toolBar, m_stream, m_list);
    connect(m_detail, &QStackedWidget::currentChanged, this,
            [this] { m_actions->setShowing(m_detail->currentWidget()); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(toolBar);
    layout->addWidget(m_splitter, 1);
    // The key list's edge where the operator left it at the last start, else fitted to the keys.
    if (m_splitter->restoreState(QSettings().value(splitterSetting).toByteArray()))
        m_keysSizedByHand = true;
}

void RedisPane::showEvent(QShowEvent *event)
{
    Pane::showEvent(event);
    // The server is read when the pane is first looked at, not when the window opens.
    if (m_browser && !m_scanned)
        scan();
    if (m_splitter)
        m_fitKeys.start();
}

void RedisPane::resizeEvent(QResizeEvent *event)
{
    Pane::resizeEvent(event);
    if (m_splitter)
        m_fitKeys.start();
}

RedisPane::~RedisPane()
{
    if (!m_splitter)
        return; // no server: the setting is for the next pane that has one
    QSettings settings;
    if (m_keysSizedByHand)
        settings.setValue(splitterSetting, m_splitter->saveState());
    else
        settings.remove(splitterSetting);
}

QWidget *RedisPane::setUpKeys()
{
    auto *keys = new QWidget(this);
    m_pattern = new QLineEdit(keys);
    m_pattern->setObjectName(u"patternField"_s);
    m_pattern->setPlaceholderText(tr("Keys matching (every key)"));
    m_pattern->setToolTip(tr("Keys matching this pattern (SCAN's MATCH: * any characters, ? one, "
                             "[ab] a or b), such as orders:*"));
    m_pattern->setClearButtonEnabled(true);
    focusOnFind(this, m_pattern);
    m_type = new QComboBox(keys);
    m_type->setObjectName(u"typeBox"_s);
    m_type->addItem(tr("any type"));
    for (const char *type : {"stream", "list", "hash", "string", "set", "zset"})
        m_type->addItem(QString::fromLatin1(type), QByteArray(type));
    auto *scanButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Scan"), keys);
    scanButton->setToolTip(tr("Looks for the keys again (F5), a page at a time: never KEYS"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_type, 1);
    bar->addWidget(scanButton);

    m_sortedKeys = new QSortFilterProxyModel(this);
    m_sortedKeys->setSourceModel(m_keys);
    m_sortedKeys->setSortRole(RedisKeyModel::SortRole);
    m_keyView = listingTable(keys);
    m_keyView->setObjectName(u"keyView"_s);
    m_keyView->setModel(m_sortedKeys);
    m_keyView->setSortingEnabled(true);
    m_keyView->sortByColumn(RedisKeyModel::NameColumn, Qt::AscendingOrder);
    m_keyView->horizontalHeader()->setStretchLastSection(false);
    m_keyView->horizontalHeader()->setSectionResizeMode(RedisKeyModel::NameColumn,
                                                        QHeaderView::Stretch);
    // Room for the bold of the keys Porthole receives from.
    const int bold = m_keyView->fontMetrics().averageCharWidth() * 2;
    // Small figures: a larger one widens its column as it comes, and the key list with it (the
    // key list is as wide as its keys need; the key's name takes what the figures leave).
    fitColumn(m_keyView, RedisKeyModel::TypeColumn, u"stream"_s, bold);
    fitColumn(m_keyView, RedisKeyModel::LengthColumn, u"000"_s, bold);
    fitColumn(m_keyView, RedisKeyModel::MemoryColumn, u"00.0 KiB"_s, bold);
    fitColumn(m_keyView, RedisKeyModel::TtlColumn, u"never"_s);
    widenColumnsToRows(m_keyView, {RedisKeyModel::TypeColumn, RedisKeyModel::LengthColumn,
                                   RedisKeyModel::MemoryColumn, RedisKeyModel::TtlColumn});
    setUpKeyColumns();
    copyRowsOnCtrlC(m_keyView, [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_keyCount = new QLabel(keys);
    m_keyCount->setObjectName(u"keyCount"_s);
    m_keyCount->setWordWrap(true);

    auto *layout = new QVBoxLayout(keys);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pattern);
    layout->addLayout(bar);
    layout->addWidget(m_keyView, 1);
    layout->addWidget(m_keyCount);

    connect(m_pattern, &QLineEdit::returnPressed, this, &RedisPane::scan);
    connect(m_type, &QComboBox::activated, this, &RedisPane::scan);
    connect(scanButton, &QPushButton::clicked, this, &RedisPane::refresh);
    connect(m_keyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RedisPane::keySelected);
    connect(m_keys, &RedisPagedModel::stateChanged, this, &RedisPane::updateKeyCount);
    connect(m_keys, &QAbstractItemModel::rowsInserted, this, &RedisPane::updateKeyCount);
    connect(m_keys, &RedisPagedModel::stateChanged, this, &RedisPane::openFirstStreamOnce);
    // The key list's width follows its keys: as they come, and as the figures' columns widen.
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_sortedKeys, signal, this, [this] { m_fitKeys.start(); });
    connect(m_sortedKeys, &QAbstractItemModel::modelReset, this, [this] { m_fitKeys.start(); });
    connect(m_keyView->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        if (column != RedisKeyModel::NameColumn)
            m_fitKeys.start();
    });
    // A new scan (F5, an action done) finds the key shown again: it is the one selected.
    connect(m_sortedKeys, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_keyView->currentIndex().isValid() || m_open.isEmpty())
            return;
        if (const int row = m_keys->rowOf(m_open); row >= 0)
            m_keyView->setCurrentIndex(m_sortedKeys->mapFromSource(m_keys->index(row, 0)));
    });
    return keys;
}

// Beside a key's name, its type and length; its memory (MEMORY USAGE) and time to live are in
// its tooltip, and columns on demand, so that the key list stays as narrow as short names allow.
void RedisPane::setUpKeyColumns()
{
    m_keyView->hideColumn(RedisKeyModel::MemoryColumn);
    m_keyView->hideColumn(RedisKeyModel::TtlColumn);
    QHeaderView *header = m_keyView->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](QPoint at) {
        QMenu menu(this);
        for (const int column : {RedisKeyModel::MemoryColumn, RedisKeyModel::TtlColumn}) {
            QAction *shown = menu.addAction(m_keys->headerData(column, Qt::Horizontal).toString());
            shown->setCheckable(true);
            shown->setChecked(!m_keyView->isColumnHidden(column));
            connect(shown, &QAction::toggled, this,
                    [this, column](bool on) { setKeyColumnShown(column, on); });
        }
        menu.exec(header->mapToGlobal(at));
    });
    // A key that expires shows the time to live of all.
    connect(m_keys, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                if (m_keyColumnsChosen || !m_keyView->isColumnHidden(RedisKeyModel::TtlColumn))
                    return;
                for (int row = first; row <= last; ++row) {
                    if (m_keys->keyAt(row).ttlMs >= 0) {
                        m_keyView->showColumn(RedisKeyModel::TtlColumn);
                        m_fitKeys.start();
                        return;
                    }
                }
            });
}

void RedisPane::setKeyColumnShown(int column, bool shown)
{
    if (!m_keyView || column == RedisKeyModel::NameColumn)
        return;
    m_keyColumnsChosen = true;
    m_keyView->setColumnHidden(column, !shown);
    m_fitKeys.start();
}

QWidget *RedisPane::setUpDetail()
{
    m_detail = new QStackedWidget(this);
    m_placeholder = new QLabel(m_detail);
    m_placeholder->setObjectName(u"redisPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_stream = new RedisStreamView(m_browser, m_detail);
    m_list = new RedisListView(m_browser, m_detail);
    m_value = new RedisValueView(m_browser, m_detail);
    m_detail->addWidget(m_placeholder);
    m_detail->addWidget(m_stream);
    m_detail->addWidget(m_list);
    m_detail->addWidget(m_value);
    connect(m_stream, &RedisStreamView::statusMessage, this, &Pane::statusMessage);
    // An entry's journey: what the ingest worker stored it as, by its delivery key.
    const auto deliveryKeyOf = [this](const QList<QByteArray> &ids) {
        return ids.isEmpty() ? QString()
                             : QString::fromUtf8("stream:" + m_stream->key() + ':' + ids.first());
    };
    addJourneyAction(m_stream->entryView(), this,
                     [this, deliveryKeyOf] { return deliveryKeyOf(m_stream->selectedEntryIds()); });
    addJourneyAction(m_stream->pendingView(), this, [this, deliveryKeyOf] {
        return deliveryKeyOf(m_stream->selectedPendingIds());
    });
    connect(m_list, &RedisListView::statusMessage, this, &Pane::statusMessage);
    connect(m_value, &RedisValueView::statusMessage, this, &Pane::statusMessage);
    connect(m_list, &RedisListView::openKeyRequested, this, &RedisPane::openKey);
    return m_detail;
}

QIcon RedisPane::paneIcon()
{
    return themedIcon(IconId::Redis);
}

void RedisPane::scan()
{
    if (!m_browser)
        return;
    m_scanned = true;
    m_keys->scan(m_pattern->text().toUtf8(), m_type->currentData().toByteArray());
}

void RedisPane::refresh()
{
    if (!m_browser)
        return;
    scan();
    if (m_detail->currentWidget() == m_stream)
        m_stream->reload();
    else if (m_detail->currentWidget() == m_list)
        m_list->reload();
    else if (m_detail->currentWidget() == m_value)
        m_value->reload();
}

void RedisPane::setKnownKeys(const QList<RedisKeyModel::KnownKey> &keys)
{
    if (!m_keys || keys == m_keys->knownKeys())
        return;
    m_keys->setKnownKeys(keys);
    if (m_scanned)
        scan();
}

void RedisPane::setReadOnly(bool readOnly)
{
    if (m_actions)
        m_actions->setReadOnly(readOnly);
}

void RedisPane::setMaxDeliveries(int deliveries)
{
    if (m_stream)
        m_stream->setMaxDeliveries(deliveries);
}

void RedisPane::focusOn(const PaneFocus &focus)
{
    m_entryAsked = focus.entry.toLatin1();
    if (!focus.key.isEmpty()) {
        openKey(focus.key.toUtf8());
    } else if (!focus.stream.isEmpty()) {
        if (m_stream && !focus.group.isEmpty()) // its groups, that one selected
            m_stream->showGroup(focus.stream.toUtf8(), focus.group.toUtf8());
        openKey(focus.stream.toUtf8());
    }
}

void RedisPane::openKey(const QByteArray &key)
{
    if (!m_browser)
        return;
    m_openedFirst = true; // asked for: the first stream is not opened in its place
    if (const int row = m_keys->rowOf(key); row >= 0) {
        m_keyView->setCurrentIndex(m_sortedKeys->mapFromSource(m_keys->index(row, 0)));
        if (m_open == key && !m_entryAsked.isEmpty())
            m_stream->open(key, std::exchange(m_entryAsked, {})); // it showed already
        if (m_open == key)
            return; // keySelected() opened it
    }
    m_keyView->clearSelection();
    m_open = key;
    // Not in the list (the pattern leaves it out, or the scan has not come to it): the server
    // says what it is.
    m_browser->ask<RedisKey>(
        this, [key](RedisClient &client) { return readKey(client, key); },
        [this, key](const Result<RedisKey> &found) {
            // Another key asked for since, or the scan listed this one and it shows already.
            if (m_open != key || (found && shows(key, found->type)))
                return;
            if (found) {
                showKey(key, found->type);
                return;
            }
            m_placeholder->setText(found.errorMessage());
            m_detail->setCurrentWidget(m_placeholder);
        });
}

void RedisPane::keySelected()
{
    const QModelIndex current = m_keyView->currentIndex();
    if (!current.isValid())
        return;
    const QByteArray key = current.data(RedisKeyModel::KeyRole).toByteArray();
    const QByteArray type = current.data(RedisKeyModel::TypeRole).toByteArray();
    if (key == m_open && shows(key, type))
        return; // found again by a new scan: it shows already
    m_open = key;
    showKey(key, type);
}

bool RedisPane::shows(const QByteArray &key, const QByteArray &type) const
{
    const QWidget *showing = m_detail->currentWidget();
    if (type == "stream")
        return showing == m_stream && m_stream->key() == key;
    if (type == "list")
        return showing == m_list && m_list->key() == key;
    return showing == m_value && m_value->type() == type && m_value->key() == key;
}

void RedisPane::showKey(const QByteArray &key, const QByteArray &type)
{
    if (type == "stream") {
        m_stream->open(key, std::exchange(m_entryAsked, {}));
        m_detail->setCurrentWidget(m_stream);
    } else if (type == "list") {
        m_list->open(key);
        m_detail->setCurrentWidget(m_list);
    } else if (RedisValueView::shows(type)) {
        m_value->open(key, type);
        m_detail->setCurrentWidget(m_value);
    } else if (type == "channel") {
        const int row = m_keys->rowOf(key);
        const qint64 subscribers = row < 0 ? -1 : m_keys->keyAt(row).length;
        m_placeholder->setText(
            tr("%1 is a pub/sub channel, with %2 clients subscribed now. Redis keeps nothing of "
               "a channel: a message published while no one listens is lost, and nothing of it "
               "can be shown here. A stream keeps its entries: see DEPLOYMENT.md.")
                .arg(QString::fromUtf8(key), QLocale().toString(std::max<qint64>(0, subscribers))));
        m_detail->setCurrentWidget(m_placeholder);
    } else if (type == "none") {
        m_placeholder->setText(tr("There is no key %1 (any more).").arg(QString::fromUtf8(key)));
        m_detail->setCurrentWidget(m_placeholder);
    } else {
        m_placeholder->setText(
            tr("%1 is a %2, a type of a Redis module this pane does not read. It shows "
               "streams, lists, hashes, sets, sorted sets and strings.")
                .arg(QString::fromUtf8(key), QString::fromUtf8(type)));
        m_detail->setCurrentWidget(m_placeholder);
    }
}

QString RedisPane::keyCountText() const
{
    return m_keyCount ? m_keyCount->text() : QString();
}

QString RedisPane::placeholderText() const
{
    return m_placeholder ? m_placeholder->text() : QString();
}

void RedisPane::updateKeyCount()
{
    const QLocale locale;
    const int count = m_keys->rowCount();
    const QString found =
        count == 1 ? tr("%n key found", nullptr, count) : tr("%n keys found", nullptr, count);
    if (!m_keys->error().isEmpty())
        m_keyCount->setText(m_keys->error());
    else if (m_keys->isLoading())
        m_keyCount->setText(tr("%1; scanning…").arg(found));
    else if (m_keys->isCapped())
        m_keyCount->setText(tr("%1: narrow the pattern to see others").arg(found));
    else if (!m_keys->atEnd())
        m_keyCount->setText(tr("%1 so far; scroll down to scan further").arg(found));
    else if (m_keys->rowCount() == 0)
        m_keyCount->setText(m_pattern->text().isEmpty() && m_type->currentIndex() == 0
                                ? tr("The server holds no key: nothing was sent to it yet.")
                                : tr("No key matches. Clear the pattern or pick another type."));
    else
        m_keyCount->setText(tr("%1; the scan is complete").arg(found));
    if (m_detail->currentWidget() == m_placeholder && m_keyView->currentIndex().isValid() == false)
        m_placeholder->setText(m_keys->rowCount() == 0
                                   ? QString()
                                   : tr("Select a key on the left to see what it holds."));
}

// The first view shows something: the first stream found (by name), once.
void RedisPane::openFirstStreamOnce()
{
    if (m_openedFirst || m_keys->isLoading() || m_keyView->currentIndex().isValid())
        return;
    for (int row = 0; row < m_sortedKeys->rowCount(); ++row) {
        const QModelIndex index = m_sortedKeys->index(row, 0);
        if (index.data(RedisKeyModel::TypeRole).toByteArray() == "stream") {
            m_openedFirst = true;
            m_keyView->setCurrentIndex(index);
            return;
        }
    }
}

int RedisPane::keyListWidth() const
{
    if (!m_keyView)
        return 0;
    // The figures' columns as they are (sized to a sample, widened to their rows).
    int width = 2 * m_keyView->frameWidth() + m_keyView->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < RedisKeyModel::ColumnCount; ++column) {
        if (column != RedisKeyModel::NameColumn && !m_keyView->isColumnHidden(column))
            width += m_keyView->columnWidth(column);
    }
    // The longest name among the first rows, in bold where Porthole receives from it.
    QFont bold = m_keyView->font();
    bold.setBold(true);
    const QFontMetrics plain(m_keyView->font());
    const QFontMetrics strong(bold);
    const int pad = 2 * plain.averageCharWidth();
    int name = m_keyView->horizontalHeader()->sectionSizeHint(RedisKeyModel::NameColumn);
    const int rows = std::min(m_sortedKeys->rowCount(), 1000);
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = m_sortedKeys->index(row, RedisKeyModel::NameColumn);
        const QFontMetrics &metrics =
            index.data(RedisKeyModel::KnownRole).toBool() ? strong : plain;
        name = std::max(name, metrics.horizontalAdvance(index.data().toString()) + pad);
    }
    // Never more than two fifths of the pane: a long name is cut, and its tooltip shows it.
    const QList<int> sizes = m_splitter->sizes();
    const int least = m_keyPanel->minimumSizeHint().width();
    const int most = std::max(least, (sizes.value(0) + sizes.value(1)) * 2 / 5);
    return std::clamp(width + name, least, most);
}

void RedisPane::fitKeyList()
{
    const QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    if (m_keysSizedByHand || total <= 0 || !isVisible())
        return;
    const int width = keyListWidth();
    if (width != sizes.value(0))
        m_splitter->setSizes({width, total - width});
}

} // namespace porthole
