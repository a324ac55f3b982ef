#pragma once

#include "pagedtablemodel.h"
#include "pane.h"
#include "sensoreventsrepository.h"

#include <QTimer>

class QCheckBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace porthole {

class ChangeNotifier;
class ProcessedEventModel;
class SensorListModel;
class SensorMetricModel;

// The sensor consumer's tables (seed 003): the sensors with how many processed events and
// metrics each has; for the chosen sensor (or all), its processed_events above its metrics,
// each row with what the seed's validation queries find (an event without a metric, a
// metric without an event, an event id stored twice, a timestamp before the sensor's previous
// one), narrowed by event id and to the rows with a finding. File > Export writes the listing
// that last had the focus. Nothing here changes a row.
class SensorEventsPane : public Pane
{
    Q_OBJECT

public:
    enum class Listing
    {
        Events,
        Metrics
    };

    // Shows what the three models read (not taken over: their owner keeps them).
    SensorEventsPane(SensorListModel *sensors, ProcessedEventModel *events,
                     SensorMetricModel *metrics, QWidget *parent = nullptr);
    // Saves the layout in the settings.
    ~SensorEventsPane() override;

    static QString paneTitle() { return tr("Sensor events"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;

    // The three listings refresh on the changes `notifier` tells while the pane is shown.
    void watchChanges(ChangeNotifier *notifier);

    // The settings group "sensorevents": the splitters and the columns.
    void saveSettings() const;
    void restoreSettings();

    // The filter as the pane shows it now, and applying it at once (typing applies it a moment
    // after the last key).
    SensorEventFilter filterFromBar() const;
    void applyFilter();
    // Shows `sensorId` (empty: every sensor).
    void showSensor(const QString &sensorId);
    // The event `focus.search` names (a journey's step): every sensor, its id in the filter.
    void focusOn(const PaneFocus &focus) override;
    // Which listing File > Export writes: the one whose table had the focus last.
    Listing exportedListing() const { return m_exported; }
    void setExportedListing(Listing listing) { m_exported = listing; }

    // For the window, tests and screenshots.
    SensorListModel *sensorModel() const { return m_sensors; }
    ProcessedEventModel *eventModel() const { return m_events; }
    SensorMetricModel *metricModel() const { return m_metrics; }
    QTableView *sensorView() const { return m_sensorView; }
    QTableView *eventView() const { return m_eventView; }
    QTableView *metricView() const { return m_metricView; }
    QLineEdit *eventIdField() const { return m_eventId; }
    QCheckBox *findingsBox() const { return m_findings; }
    QPushButton *allSensorsButton() const { return m_allSensors; }
    QString sensorHeading() const;
    QString eventCountText() const;
    QString metricCountText() const;

public Q_SLOTS:
    void refresh() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QHBoxLayout *setUpFilterBar();
    QWidget *setUpSensors();
    QWidget *setUpEventsAndMetrics();
    void connectModels();

    void updateStates();
    void updateHeading();

    SensorListModel *m_sensors = nullptr;
    ProcessedEventModel *m_events = nullptr;
    SensorMetricModel *m_metrics = nullptr;
    QString m_sensorId;
    Listing m_exported = Listing::Metrics;

    QLineEdit *m_eventId = nullptr;
    QCheckBox *m_findings = nullptr;
    QPushButton *m_allSensors = nullptr;
    QLabel *m_heading = nullptr;
    QTableView *m_sensorView = nullptr;
    QTableView *m_eventView = nullptr;
    QTableView *m_metricView = nullptr;
    QLabel *m_sensorCount = nullptr;
    QLabel *m_eventCount = nullptr;
    QLabel *m_metricCount = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_eventsAndMetrics = nullptr;
    QTimer m_filterTimer;
};

} // namespace porthole
