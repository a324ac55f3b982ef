#pragma once

#include "pagedtablemodel.h"
#include "pane.h"
#include "portmessagerepository.h"

#include <QList>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QToolButton;

namespace porthole {

class MessageActionBar;
class PortMessageBrowser;
class PortMessageLookup;
class PortMessageModel;
class QueueFilterCounts;
class BacklogTrendSet;

// port_messages as the operator browses them: a filter bar (port, statuses, a time range, text
// in the payload or the error), the rows newest first, read page by page in the background
// however many there are, and the selected message in full. New rows arrive live.
class QueuesPane : public Pane
{
    Q_OBJECT

public:
    // Shows the rows `model` reads, a message in full through `lookup`; neither is taken over:
    // their owner keeps them.
    QueuesPane(PortMessageModel *model, PortMessageLookup *lookup, QWidget *parent = nullptr);
    // Saves the layout in the settings.
    ~QueuesPane() override;

    static QString paneTitle() { return tr("Queues"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;
    // Lists the messages of `focus.port`, whatever their status or time.
    void focusOn(const PaneFocus &focus) override;

    // The filter as the bar shows it; setting it sets the bar (one port at most; the dead
    // letters and error signatures are the Dead letters pane's).
    PortMessageFilter filter() const;
    void setFilter(const PortMessageFilter &filter);
    // The filter as a saved view: port, statuses, from, to, text.
    QJsonObject viewState() const override;
    void applyViewState(const QJsonObject &state) override;

    // Refresh live every few seconds while the pane is shown (on by default).
    bool isLive() const;
    void setLive(bool live);

    // The settings group "queues": columns, sort, splitter, live.
    void saveSettings() const;
    void restoreSettings();

    // For the window, tests and screenshots.
    PortMessageModel *model() const { return m_model; }
    PortMessageBrowser *browser() const { return m_browser; }
    MessageActionBar *actionBar() const { return m_actionBar; }
    PortMessageLookup *lookup() const { return m_lookup; }
    QComboBox *portBox() const { return m_port; }
    QToolButton *statusButton(const QString &status) const;
    QCheckBox *fromBox() const { return m_fromBox; }
    QDateTimeEdit *fromEdit() const { return m_from; }
    QCheckBox *toBox() const { return m_toBox; }
    QDateTimeEdit *toEdit() const { return m_to; }
    QLineEdit *searchField() const { return m_search; }
    QCheckBox *liveBox() const { return m_live; }
    QueueFilterCounts *counts() const { return m_counts; }

public Q_SLOTS:
    void refresh() override;
    // The ports' backlogs' trends, for the pending and processing chips' tooltips and the port
    // list's (QueueFilterCounts::setTrends()).
    void setBacklogTrends(const porthole::BacklogTrendSet &trends);

private:
    QHBoxLayout *setUpStatuses();
    void setUpTimeRange();
    QLabel *setUpSearch();

    void applyFilter();
    void onPorts(const QStringList &ports);

    PortMessageModel *m_model = nullptr;
    PortMessageLookup *m_lookup = nullptr;
    QueueFilterCounts *m_counts = nullptr;
    PortMessageBrowser *m_browser = nullptr;
    MessageActionBar *m_actionBar = nullptr;
    QComboBox *m_port = nullptr;
    QList<QToolButton *> m_statuses;
    QCheckBox *m_fromBox = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QCheckBox *m_toBox = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_live = nullptr;
    // Typing and spinning through dates settle before the listing starts over.
    QTimer m_debounce;
    bool m_settingFilter = false;
};

} // namespace porthole
