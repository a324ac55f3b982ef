#pragma once

#include "pane.h"
#include "redislistings.h"

#include <QByteArray>
#include <QTimer>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace porthole {

class RedisActionBar;
class RedisBrowser;
class RedisListView;
class RedisStreamView;
class RedisValueView;

// What sits on the Redis server of the connection: its keys (SCAN by pattern and type, a page
// at a time, with each key's type and length; its memory and time to live in its tooltip, and
// as columns when asked for or, the time to live, when a key expires), and the key selected: a
// stream (entries, groups, consumers, pending entries), a list used as a queue (elements and
// processing lists), or a hash, set, sorted set or string (its elements a page at a time). The
// key list is as wide as its keys need, up to two fifths of the pane, until the operator moves
// the splitter; the key shown has the rest. Every read runs on the browser's thread; nothing
// here changes the server. Without a Redis server it says how to name one.
class RedisPane : public Pane
{
    Q_OBJECT

public:
    // Shows what `browser` reads (not taken over); null: no Redis server is configured.
    explicit RedisPane(RedisBrowser *browser, QWidget *parent = nullptr);
    ~RedisPane() override;

    static QString paneTitle() { return tr("Redis"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }

    // Scans the keys the pattern and type fields say, from the start.
    void scan();
    // Shows the key `key` (selecting it in the list when the scan has found it).
    void openKey(const QByteArray &key);
    void focusOn(const PaneFocus &focus) override;
    // Entries delivered more often than this are poison (the worker's --max-deliveries).
    void setMaxDeliveries(int deliveries);
    // The streams, lists and channels Porthole receives from: first in the key list (the scan
    // starts again when they change).
    void setKnownKeys(const QList<RedisKeyModel::KnownKey> &keys);
    // A read-only connection: the actions stay locked.
    void setReadOnly(bool readOnly);
    // The actions on what the pane shows; null without a server.
    RedisActionBar *actionBar() const { return m_actions; }

    // For the window, tests and screenshots.
    RedisKeyModel *keys() const { return m_keys; }
    QTableView *keyView() const { return m_keyView; }
    QLineEdit *patternField() const { return m_pattern; }
    QComboBox *typeBox() const { return m_type; }
    RedisStreamView *streamView() const { return m_stream; }
    RedisListView *listView() const { return m_list; }
    RedisValueView *valueView() const { return m_value; }
    QSplitter *splitter() const { return m_splitter; }
    // The width the key list takes until the operator moves the splitter: its keys' longest
    // name (among the first rows) and the other columns shown, up to two fifths of the pane.
    int keyListWidth() const;
    QByteArray openKeyName() const { return m_open; }
    QString keyCountText() const;
    // Shows or hides a column of the key list (its header's context menu): the memory and the
    // time to live are hidden until asked for, the time to live shown by itself when a key
    // listed expires, unless the operator chose.
    void setKeyColumnShown(int column, bool shown);
    // What the right side shows when it shows no key ("Select a key on the left…").
    QString placeholderText() const;

public Q_SLOTS:
    void refresh() override;

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QWidget *setUpKeys();
    void setUpKeyColumns();
    QWidget *setUpDetail();
    void keySelected();
    void showKey(const QByteArray &key, const QByteArray &type);
    // Whether `key`, of `type`, is what the detail shows now.
    bool shows(const QByteArray &key, const QByteArray &type) const;
    void updateKeyCount();
    void openFirstStreamOnce();
    // Gives the key list the width it asks for, unless the operator moved the splitter.
    void fitKeyList();

    RedisBrowser *m_browser;
    RedisKeyModel *m_keys = nullptr;
    QSortFilterProxyModel *m_sortedKeys = nullptr;
    QSplitter *m_splitter = nullptr;
    QWidget *m_keyPanel = nullptr;
    QTimer m_fitKeys; // coalesces the reasons to fit the key list into one
    bool m_keysSizedByHand = false;
    bool m_keyColumnsChosen = false;
    QLineEdit *m_pattern = nullptr;
    QComboBox *m_type = nullptr;
    QLabel *m_keyCount = nullptr;
    QTableView *m_keyView = nullptr;
    QStackedWidget *m_detail = nullptr;
    QLabel *m_placeholder = nullptr;
    RedisStreamView *m_stream = nullptr;
    RedisListView *m_list = nullptr;
    RedisValueView *m_value = nullptr;
    RedisActionBar *m_actions = nullptr;
    QByteArray m_open;
    QByteArray m_entryAsked; // the stream entry focusOn() asked for, until its stream opens
    bool m_openedFirst = false;
    bool m_scanned = false;
};

} // namespace porthole
