#pragma once

#include "attention.h"
#include "pane.h"

class QLabel;
class QTableView;
class QTreeView;

namespace porthole {

class AttentionStrip;
class ComponentHealthModel;
class ConsumerGroupModel;
class DatabaseHealthModel;
class TimescaleHealthModel;
class MapThumbnail;
class PipelineMapLoader;
class SourceStatusModel;
struct DatabaseHealth;
struct IngestStats;
struct PipelineSnapshot;
struct StreamGroupScan;

// The health of the pipeline at a glance. First what needs attention (AttentionStrip: alerts
// firing, components unhealthy or stale, the receiver in trouble, backlogs growing, new dead
// letters), each a link to its pane; the pipeline map small (MapThumbnail); then the data sources
// Porthole is pointed at and what each holds (with its size), the components and their last
// heartbeat (stale ones flagged), port messages by status, the dead letters and the age of the
// oldest, and the receiver's state and rate; beside them the database's health
// (DatabaseHealthModel): its size and the free space of its disk, connections, long and idle
// transactions, replication, and its tables; on TimescaleDB a line of its hypertables, continuous
// aggregates and jobs (a failing job in the warning colour) and a row each. Refreshed by whoever
// owns it (the console, every few seconds) and on F5.
class OverviewPane : public Pane
{
    Q_OBJECT

public:
    explicit OverviewPane(SourceStatusModel *sources, QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Overview"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    void setDataDirectory(const QString &path);
    QTableView *sourcesView() const { return m_sourcesView; }
    QTableView *componentsView() const { return m_componentsView; }
    ComponentHealthModel *components() const { return m_components; }
    QTreeView *consumersView() const { return m_consumersView; }
    ConsumerGroupModel *consumerGroups() const { return m_consumerGroups; }
    // The database's health, read by `model` (which the pane does not own); until it is given,
    // the section is hidden. The pane's refresh reads it again.
    void setDatabaseHealth(DatabaseHealthModel *model);
    QTableView *databaseTablesView() const { return m_databaseTables; }
    // TimescaleDB's line and rows, shown while the database has the extension.
    QTableView *timescaleView() const { return m_timescaleView; }
    QString timescaleText() const;
    bool timescaleJobFailing() const { return m_timescaleJobFailing; }
    // The pipeline map as the first picture, read by `loader` (which the pane does not own)
    // each time the pane reads its figures; shown while the map has something to draw, a click
    // opening the Pipeline map pane.
    void setPipelineMap(PipelineMapLoader *loader);
    MapThumbnail *mapThumbnail() const { return m_map; }
    // The database section's lines, for tests: space, sessions, replication, note.
    QStringList databaseTexts() const;
    bool databaseSpaceLow() const { return m_databaseSpaceLow; }
    // The one-line summaries, for tests: port messages, dead letters, receiver.
    QString messagesText() const;
    QString deadLettersText() const;
    QString ingestText() const;
    AttentionStrip *attention() const { return m_attention; }

public Q_SLOTS:
    void refresh() override;
    // Called when a refresh has delivered its results.
    void setLastChecked(const QDateTime &when);
    void setPipeline(const porthole::PipelineSnapshot &snapshot);
    void setIngestStats(const porthole::IngestStats &stats);
    void setConsumerGroups(const porthole::StreamGroupScan &scan);
    void setAlertStatuses(const QList<porthole::AlertStatus> &statuses);
    // The backlogs' trends from their history: a growing backlog the strip lists is judged by
    // its trend where it has one (BacklogWatch's guess from the refreshes where not), and the
    // consumer groups say when each drains.
    void setBacklogTrends(const porthole::BacklogTrendSet &trends);

Q_SIGNALS:
    void refreshRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *makeDatabaseSection();
    void showDatabaseHealth();
    void showTimescaleHealth(const DatabaseHealth &health);
    void showAttention();
    void judgeBacklogs();
    void open(const AttentionItem &item);

    AttentionStrip *m_attention = nullptr;
    MapThumbnail *m_map = nullptr;
    AttentionInputs m_attentionInputs;
    BacklogWatch m_groupBacklogs;
    BacklogWatch m_portBacklogs;
    BacklogTrendSet m_trends;
    QLabel *m_dataDirectory = nullptr;
    QLabel *m_lastChecked = nullptr;
    QTableView *m_sourcesView = nullptr;
    ComponentHealthModel *m_components = nullptr;
    QTableView *m_componentsView = nullptr;
    QLabel *m_componentsNote = nullptr;
    QLabel *m_messages = nullptr;
    QLabel *m_deadLetters = nullptr;
    QLabel *m_ingest = nullptr;
    ConsumerGroupModel *m_consumerGroups = nullptr;
    QTreeView *m_consumersView = nullptr;
    QLabel *m_consumersNote = nullptr;
    DatabaseHealthModel *m_health = nullptr;
    QWidget *m_databaseSection = nullptr;
    QLabel *m_databaseSpace = nullptr;
    QLabel *m_databaseSessions = nullptr;
    QLabel *m_databaseReplication = nullptr;
    QLabel *m_databaseNote = nullptr;
    QTableView *m_databaseTables = nullptr;
    bool m_databaseSpaceLow = false;
    TimescaleHealthModel *m_timescale = nullptr;
    QLabel *m_databaseTimescale = nullptr;
    QTableView *m_timescaleView = nullptr;
    bool m_timescaleJobFailing = false;
};

} // namespace porthole
