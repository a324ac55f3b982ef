#pragma once

// The models a pane under test shows, made as the window's pane registry makes them
// (app/window/paneregistry.cpp) and kept here, so that they outlive the pane: declare the
// PaneModels before the pane.

#include "auditlogmodel.h"
#include "componentstatemodel.h"
#include "connectionfactory.h"
#include "databasehealthmodel.h"
#include "healthhistorymodel.h"
#include "metricsloader.h"
#include "pagedtablemodel.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"
#include "sensoreventmodels.h"
#include "sinkstoragemodel.h"
#include "tablebrowsermodels.h"

#include <QObject>

namespace porthole {

class PaneModels : public QObject
{
public:
    // Every model reads with connections `factory` makes, the listings with `options` (short
    // pages and retries in tests).
    explicit PaneModels(ConnectionFactory factory, PagedTableModel::Options options = {})
        : m_factory(std::move(factory))
        , m_options(options)
    {}

    PortMessageModel *portMessages() { return new PortMessageModel(m_factory, m_options, this); }
    PortMessageLookup *lookup() { return new PortMessageLookup(m_factory, this); }
    AuditLogModel *auditLog() { return new AuditLogModel(m_factory, m_options, this); }
    ComponentStateModel *componentState(ComponentStateModel::Listing listing)
    {
        return new ComponentStateModel(m_factory, listing, m_options, this);
    }
    HealthHistoryModel *healthHistory()
    {
        return new HealthHistoryModel(m_factory, m_options, this);
    }
    MetricsLoader *metrics() { return new MetricsLoader(m_factory, this); }
    SensorListModel *sensors() { return new SensorListModel(m_factory, m_options, this); }
    ProcessedEventModel *events() { return new ProcessedEventModel(m_factory, m_options, this); }
    SensorMetricModel *sensorMetrics() { return new SensorMetricModel(m_factory, m_options, this); }
    SinkStorageModel *sinkStorage() { return new SinkStorageModel(m_factory, m_options, this); }
    DatabaseHealthModel *databaseHealth() { return new DatabaseHealthModel(m_factory, this); }
    CatalogModel *catalog() { return new CatalogModel(m_factory, m_options, this); }

private:
    ConnectionFactory m_factory;
    PagedTableModel::Options m_options;
};

} // namespace porthole
