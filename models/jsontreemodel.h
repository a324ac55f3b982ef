#pragma once

#include <QAbstractItemModel>
#include <QJsonDocument>
#include <QJsonValue>

#include <vector>

namespace porthole {

// One JSON document as a tree: a single top row "$" for the whole document, below it the
// members of objects (keyed by name) and the elements of arrays (keyed [0], [1], ...).
// Items are created when their parent is first expanded, each from its parent's value, so a
// large document costs nothing until it is browsed and browsing stays linear in what is seen.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        KeyColumn,
        ValueColumn,
        TypeColumn,
        ColumnCount
    };
    enum Role
    {
        // The item's JSON path, e.g. $.a.b[2]."key with space" (see jsonPathWithKey()).
        PathRole = Qt::UserRole + 1,
        // The item's value as compact JSON text, in full, for "copy value".
        CompactJsonRole,
        // The item's QJsonValue.
        JsonValueRole
    };

    explicit JsonTreeModel(QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Shows the document (a model reset); a null document leaves the model empty.
    void setDocument(const QJsonDocument &document);
    // Shows any value, a scalar too; an undefined value leaves the model empty.
    void setValue(const QJsonValue &value);
    void clear() { setValue(QJsonValue::Undefined); }

    QJsonValue value(const QModelIndex &index) const;
    QString path(const QModelIndex &index) const;
    QString compactJson(const QModelIndex &index) const;

private:
    static constexpr int NoNode = -1;

    struct Node
    {
        QJsonValue value;
        QString key; // empty for array elements and the root, which are named by position
        int parent = NoNode;
        int row = 0;
        int firstChild = NoNode; // children are contiguous once created
    };

    int nodeOf(const QModelIndex &index) const;
    int childrenOf(int node) const;
    QString keyText(int node) const;
    QString valueText(const QJsonValue &value) const;

    // Grows from const functions: creating children on first access is not a visible change.
    mutable std::vector<Node> m_nodes;
};

} // namespace porthole
