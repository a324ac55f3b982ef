#pragma once

#include "pane.h"

class QLabel;
class QTableView;

namespace porthole {

class SourceStatusModel;

// The health of the pipeline at a glance. For now: the data sources Porthole is
// pointed at and what each holds.
class OverviewPane : public Pane
{
    Q_OBJECT

public:
    explicit OverviewPane(SourceStatusModel *sources, QWidget *parent = nullptr);

    QIcon icon() const override;
    void setDataDirectory(const QString &path);
    QTableView *sourcesView() const { return m_sourcesView; }

public Q_SLOTS:
    void refresh() override;
    // Called when a refresh has delivered its results.
    void setLastChecked(const QDateTime &when);

Q_SIGNALS:
    void refreshRequested();

private:
    QLabel *m_dataDirectory = nullptr;
    QLabel *m_lastChecked = nullptr;
    QTableView *m_sourcesView = nullptr;
};

} // namespace porthole
