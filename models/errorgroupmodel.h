#pragma once

#include "errorsignature.h"

#include <QAbstractTableModel>
#include <QList>

namespace porthole {

// Dead letters grouped by the signature of their error (see errorSignature()), most frequent
// first: one row a group with its count and the first and last time it was seen.
class ErrorGroupModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SignatureColumn,
        CountColumn,
        FirstSeenColumn,
        LastSeenColumn,
        ColumnCount
    };
    enum Role
    {
        // One original message of the group, in every column (also the signature's tooltip).
        ExampleMessageRole = Qt::UserRole + 1,
        // The signature, in every column, for filtering the dead letters of one group.
        SignatureRole
    };

    explicit ErrorGroupModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Regroups from the (error message, created_at) rows (a model reset).
    void setOccurrences(const QList<ErrorOccurrence> &occurrences);
    void clear() { setOccurrences({}); }
    const QList<ErrorGroup> &groups() const { return m_groups; }

private:
    QList<ErrorGroup> m_groups;
};

} // namespace porthole
