#pragma once

#include "healthrepository.h"
#include "pagedtablemodel.h"
#include "pane.h"

#include <QElapsedTimer>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace porthole {

class HealthHistoryModel;
class HealthTimeline;
class HealthTimelineLoader;
class ListingStack;

// system_health over time: every heartbeat row, newest first, of one component or of all,
// narrowed by status; above the rows a timeline of each component's status (bands from one
// heartbeat to the next, gaps where the heartbeats stopped for longer than "Gap over"), drawn
// from the rows read so far; beside the filter the component's latest status. Follows new
// heartbeats while shown and Live is on; Export… writes every row the filter matches. Nothing
// here changes a row.
class HealthHistoryPane : public Pane
{
    Q_OBJECT

public:
    // Shows the rows `model` reads (not taken over: its owner keeps it).
    explicit HealthHistoryPane(HealthHistoryModel *model, QWidget *parent = nullptr);
    ~HealthHistoryPane() override;

    static QString paneTitle() { return tr("Health history"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;

    // The settings group "healthhistory": the splitter, the columns and the gap threshold.
    void saveSettings() const;
    void restoreSettings();

    // Applies what the bar says at once (typing a component applies it a moment after the
    // last key).
    void applyFilter();
    // Shows `component`'s history (empty: every component's).
    void showComponent(const QString &component);
    void focusOn(const PaneFocus &focus) override { showComponent(focus.component); }
    void setGapSeconds(int seconds);
    // The timeline's heartbeats come from `loader` (not taken over): the last hour, or the last
    // hour of the data, whatever the listing has read. Without one, the listing's rows.
    void setTimelineLoader(HealthTimelineLoader *loader);

    bool isLive() const;
    void setLive(bool live);

    // For the window, tests and screenshots.
    HealthHistoryModel *model() const { return m_model; }
    HealthTimeline *timeline() const { return m_timeline; }
    QTableView *view() const { return m_view; }
    QComboBox *componentField() const { return m_component; }
    QComboBox *statusField() const { return m_status; }
    QSpinBox *gapField() const { return m_gap; }
    QPushButton *exportButton() const { return m_export; }
    QString latestText() const;
    QString countText() const;
    QString stateText() const;

public Q_SLOTS:
    void refresh() override;

private:
    QHBoxLayout *setUpBar();
    QHBoxLayout *setUpStatus();
    void connectFilter();
    void setUpRows();
    void connectModel();

    void updateState();
    void updateTimeline();
    void loadTimeline();
    void drawTimeline(const QList<HealthRecord> &records, const QDateTime &from = {},
                      const QDateTime &to = {});

    HealthHistoryModel *m_model = nullptr;
    HealthTimelineLoader *m_timelineLoader = nullptr;
    HealthTimelineData m_timelineData; // what the loader read last
    QElapsedTimer m_sinceTimelineLoad;
    QComboBox *m_component = nullptr;
    QComboBox *m_status = nullptr;
    QSpinBox *m_gap = nullptr;
    QCheckBox *m_live = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_latest = nullptr;
    QLabel *m_count = nullptr;
    HealthTimeline *m_timeline = nullptr;
    ListingStack *m_stack = nullptr;
    QTableView *m_view = nullptr;
    QSplitter *m_splitter = nullptr;
    QTimer m_filterTimer;
    QTimer m_timelineTimer; // many pages and changes make one redraw
};

} // namespace porthole
