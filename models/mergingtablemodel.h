#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

namespace porthole {

// A table model whose rows are replaced by a fresh listing without a reset, so that a view
// keeps its selection and scroll position across a refresh.
class MergingTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    // Makes `rows` (the rows this model shows) equal to `fresh`: runs of rows gone are
    // removed from the back, so that the positions still to visit stay put; runs of new rows
    // are inserted; a kept row for which changed(shown, now) holds is replaced and reported.
    // Rows are matched by keyOf(row). The kept rows must stand in the same order in both
    // lists; when they do not, the model is reset to `fresh` instead.
    template <typename Row, typename KeyOf, typename Changed>
    void mergeRows(QList<Row> &rows, const QList<Row> &fresh, KeyOf keyOf, Changed changed)
    {
        using Key = decltype(keyOf(fresh.constFirst()));
        QSet<Key> freshKeys;
        for (const Row &row : fresh)
            freshKeys.insert(keyOf(row));
        for (int k = int(rows.size()) - 1; k >= 0;) {
            if (freshKeys.contains(keyOf(rows.at(k)))) {
                --k;
                continue;
            }
            const int end = k;
            while (k >= 0 && !freshKeys.contains(keyOf(rows.at(k))))
                --k;
            beginRemoveRows({}, k + 1, end);
            rows.remove(k + 1, end - k);
            endRemoveRows();
        }

        QSet<Key> kept;
        QList<Key> keptOrder;
        for (const Row &row : std::as_const(rows)) {
            kept.insert(keyOf(row));
            keptOrder.append(keyOf(row));
        }
        QList<Key> freshOrder;
        for (const Row &row : fresh) {
            if (kept.contains(keyOf(row)))
                freshOrder.append(keyOf(row));
        }
        if (keptOrder != freshOrder) {
            beginResetModel();
            rows = fresh;
            endResetModel();
            return;
        }

        for (int f = 0; f < fresh.size();) {
            if (kept.contains(keyOf(fresh.at(f)))) {
                if (changed(rows.at(f), fresh.at(f))) {
                    rows[f] = fresh.at(f);
                    Q_EMIT dataChanged(index(f, 0), index(f, columnCount() - 1));
                }
                ++f;
                continue;
            }
            int end = f;
            while (end < fresh.size() && !kept.contains(keyOf(fresh.at(end))))
                ++end;
            beginInsertRows({}, f, end - 1);
            for (int i = f; i < end; ++i)
                rows.insert(i, fresh.at(i));
            endInsertRows();
            f = end;
        }
    }
};

} // namespace porthole
