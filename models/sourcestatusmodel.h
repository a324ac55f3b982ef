#pragma once

#include "sourceprobe.h"

#include <QAbstractTableModel>
#include <QList>

namespace porthole {

// The data sources Porthole is pointed at (database, batch files, Redis), one a row.
class SourceStatusModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SourceColumn,
        StateColumn,
        LocationColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role
    {
        StateRole = Qt::UserRole + 1
    };

    explicit SourceStatusModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Replaces the rows. Rows of the same source kind in the same place are updated in
    // place, so that the selection and scroll position stay where they are.
    void setStatuses(const QList<SourceStatus> &statuses);
    QList<SourceStatus> statuses() const { return m_rows; }

    static QString kindName(SourceStatus::Kind kind);
    static QString stateName(SourceStatus::State state);
    // What was found, in the window's language ("SQLite 3.40.1, 22.3 MB, schema version 17 of
    // 17, 19 tables"); what went wrong, as the storage layer says it (in English). `brief`
    // leaves out a database's product, which its location tells (the cell; the tooltip has it
    // whole).
    static QString detailText(const SourceStatus &status, bool brief = false);

private:
    QList<SourceStatus> m_rows;
};

} // namespace porthole
