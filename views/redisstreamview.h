#pragma once

#include "streambrowser.h"
#include "streamgroups.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTableView;
class QTreeView;
class QTreeWidget;

namespace porthole {

class ConsumerGroupModel;
class PayloadView;
class PendingEntryModel;
class RedisBrowser;
class StreamEntryModel;

// One stream in the Redis pane: its XINFO figures atop; its entries a page at a time (newest
// first, oldest first, or from a time), searchable within what was read, with the selected
// entry's fields and payload; its consumer groups and consumers, and the pending entries of
// the group or consumer selected, poison ones flagged.
class RedisStreamView : public QWidget
{
    Q_OBJECT

public:
    // How often the stream's figures and groups are read again while shown.
    static constexpr int followIntervalMs = 5000;

    explicit RedisStreamView(RedisBrowser *browser, QWidget *parent = nullptr);

    // Reads the stream `key` anew: its figures, groups and newest entries; or, given an
    // `entry` id, the entries from that one on, with it selected (a journey's delivery).
    void open(const QByteArray &key, const QByteArray &entry = {});
    // Reads the same stream again, where it was (the figures, the groups, the first page).
    void reload();
    QByteArray key() const { return m_key; }
    // Shows the groups with `group` of the stream `key` selected, at once if it shows that
    // stream's groups already, else as soon as they are read (a map's group clicked).
    void showGroup(const QByteArray &key, const QByteArray &group);
    // Entries delivered more often than this are poison (the worker's --max-deliveries).
    void setMaxDeliveries(int deliveries);

    // For tests and screenshots.
    StreamEntryModel *entries() const { return m_entries; }
    PendingEntryModel *pending() const { return m_pending; }
    ConsumerGroupModel *groups() const { return m_groups; }
    QTableView *entryView() const { return m_entryView; }
    QTableView *pendingView() const { return m_pendingView; }
    QTreeView *groupView() const { return m_groupView; }
    QTabWidget *tabs() const { return m_tabs; }
    PayloadView *payloadView() const { return m_payload; }
    QLineEdit *searchField() const { return m_search; }
    QDateTimeEdit *timeField() const { return m_time; }
    QComboBox *orderBox() const { return m_order; }
    QString infoText() const;
    QString entryCountText() const;
    QString pendingCountText() const;
    // Reads the entries from the time in timeField().
    void jumpToTime();

    // What the actions take: the entries selected in the Entries tab (when it is shown), the
    // pending entries selected, the group and the consumer selected in the tree (a consumer's
    // row names its group too), and the idle time asked for.
    QList<QByteArray> selectedEntryIds() const;
    QList<QByteArray> selectedPendingIds() const;
    QByteArray selectedGroup() const;
    QByteArray selectedConsumer() const;
    qint64 minIdleMs() const;

Q_SIGNALS:
    void statusMessage(const QString &message);
    // One of the selections above changed.
    void selectionChanged();

private:
    QWidget *setUpEntries();
    QHBoxLayout *setUpEntryBar(QWidget *page, QPushButton *go);
    QSplitter *setUpEntryRows(QWidget *page);
    QWidget *setUpGroups();
    enum class Pending
    {
        Reread, // the pending entries of the selected group or consumer too
        Keep,   // as they were read
    };
    void readInfo();
    void readGroups(Pending pending);
    void followFigures();
    bool pendingFollowable() const;
    void openEntries();
    void showEntry();
    void showPendingOfSelection();
    void updateEntryCount();
    void updatePendingCount();
    // Selects the group showGroup() asked for, if it is among those shown; true if so.
    bool selectAskedGroup();

    RedisBrowser *m_browser;
    QTimer m_follow;
    QByteArray m_key;
    QByteArray m_entryAsked; // the entry open() was asked to select, until its page is read
    std::pair<QByteArray, QByteArray> m_groupAsked; // showGroup()'s stream and group, until shown
    StreamInfo m_figures;
    bool m_figuresRead = false;
    StreamEntryModel *m_entries = nullptr;
    QSortFilterProxyModel *m_entryFilter = nullptr;
    PendingEntryModel *m_pending = nullptr;
    ConsumerGroupModel *m_groups = nullptr;

    QLabel *m_infoLabel = nullptr;
    QTabWidget *m_tabs = nullptr;
    QComboBox *m_order = nullptr;
    QDateTimeEdit *m_time = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_entryCount = nullptr;
    QTableView *m_entryView = nullptr;
    QTreeWidget *m_fields = nullptr;
    PayloadView *m_payload = nullptr;
    QTreeView *m_groupView = nullptr;
    QSpinBox *m_idle = nullptr;
    QSpinBox *m_maxDeliveries = nullptr;
    QLabel *m_pendingHeading = nullptr;
    QLabel *m_pendingCount = nullptr;
    QTableView *m_pendingView = nullptr;
};

} // namespace porthole
