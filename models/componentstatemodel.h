#pragma once

#include "componentstaterepository.h"
#include "exportsource.h"
#include "pagedtablemodel.h"

#include <QJsonValue>
#include <QMetaType>

namespace porthole {

// A table of component_state rows, read page by page in the background (see PagedTableModel)
// through ComponentStateRepository::page(), in one of two listings: Components, every component
// with its highest version, by name; or Versions, every version of the component set with
// setComponent(), newest first (none until one is set). The Component state pane shows one of
// each. Nothing here changes a row.
class ComponentStateModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum class Listing
    {
        Components,
        Versions
    };
    enum Column
    {
        ComponentColumn,
        TypeColumn,
        VersionColumn,
        UpdatedColumn,
        StateColumn,
        ColumnCount
    };
    enum Role
    {
        StateRole = Qt::UserRole + 1, // the whole ComponentState
        JsonRole,                     // state_data as a QJsonValue (undefined when not JSON)
        VersionRole,                  // the version as an int
    };

    ComponentStateModel(ConnectionFactory factory, Listing listing, QObject *parent = nullptr);
    ComponentStateModel(ConnectionFactory factory, Listing listing, Options options,
                        QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    Listing listing() const { return m_listing; }
    // Versions: the component whose versions are listed; starts over unless it is the one
    // shown. An empty name lists nothing.
    void setComponent(const QString &componentName);
    QString component() const { return m_filter.component; }
    // Only rows of this component type (empty: any); starts over unless it is the one shown.
    void setType(const QString &type);
    QString type() const { return m_filter.type; }

    // What File > Export writes: every version of the component shown (Versions), or of every
    // component (Components), of the type chosen.
    std::shared_ptr<const ExportSource> exportSource() const override
    {
        return componentStateExport(m_filter);
    }

    // state_data parsed; an undefined value when it is not JSON.
    static QJsonValue jsonOf(const ComponentState &state);

protected:
    QVariant rowData(const QVariant &row, int column, int role) const override;

private:
    void restart() override;
    QStringList watchedTables() const override { return {QStringLiteral("component_state")}; }
    QString sortColumnSql(int column) const override;

    const Listing m_listing;
    ComponentStateFilter m_filter;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::ComponentState)
