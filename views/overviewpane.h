#pragma once

#include "pane.h"

class QLabel;
class QTableView;
class QTreeView;

namespace porthole {

class ComponentHealthModel;
class ConsumerGroupModel;
class SourceStatusModel;
struct IngestStats;
struct PipelineSnapshot;
struct StreamGroupScan;

// The health of the pipeline at a glance: the data sources Porthole is pointed at and what
// each holds (with its size), the components and their last heartbeat (stale ones flagged),
// port messages by status, the dead letters and the age of the oldest, and the receiver's
// state and rate. Refreshed by whoever owns it (the console, every few seconds) and on F5.
class OverviewPane : public Pane
{
    Q_OBJECT

public:
    explicit OverviewPane(SourceStatusModel *sources, QWidget *parent = nullptr);

    QIcon icon() const override;
    void setDataDirectory(const QString &path);
    QTableView *sourcesView() const { return m_sourcesView; }
    QTableView *componentsView() const { return m_componentsView; }
    ComponentHealthModel *components() const { return m_components; }
    QTreeView *consumersView() const { return m_consumersView; }
    ConsumerGroupModel *consumerGroups() const { return m_consumerGroups; }
    // The one-line summaries, for tests: port messages, dead letters, receiver.
    QString messagesText() const;
    QString deadLettersText() const;
    QString ingestText() const;

public Q_SLOTS:
    void refresh() override;
    // Called when a refresh has delivered its results.
    void setLastChecked(const QDateTime &when);
    void setPipeline(const porthole::PipelineSnapshot &snapshot);
    void setIngestStats(const porthole::IngestStats &stats);
    void setConsumerGroups(const porthole::StreamGroupScan &scan);

Q_SIGNALS:
    void refreshRequested();

private:
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
};

} // namespace porthole
