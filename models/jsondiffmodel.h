#pragma once

#include "jsondiff.h"

#include <QAbstractTableModel>
#include <QList>

namespace porthole {

// Two versions of a JSON document side by side: one row a difference, as diffJson() lists them.
class JsonDiffModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ChangeColumn,
        PathColumn,
        OldColumn,
        NewColumn,
        ColumnCount
    };
    enum Role
    {
        // The JsonDifference::Kind of the row, as an int; a delegate may colour by it.
        KindRole = Qt::UserRole + 1,
        // The JSON path of the row, in every column, for "copy path".
        PathRole,
        // The full compact JSON of the old or new value (Old and New columns), for "copy
        // value"; the display text is cut short for long values.
        CompactJsonRole
    };

    explicit JsonDiffModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Replaces the rows (a model reset).
    void setDifferences(const QList<JsonDifference> &differences);
    void compare(const QJsonValue &oldValue, const QJsonValue &newValue);
    void clear() { setDifferences({}); }
    const QList<JsonDifference> &differences() const { return m_rows; }
    // How many of the differences are of each kind.
    struct Counts
    {
        qsizetype added = 0;
        qsizetype removed = 0;
        qsizetype changed = 0;
    };
    Counts counts() const;

    static QString kindName(JsonDifference::Kind kind);

private:
    QList<JsonDifference> m_rows;
};

} // namespace porthole
