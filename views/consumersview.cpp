#include "consumersview.h"

#include "consumergroupmodel.h"

#include <QHeaderView>

using namespace Qt::StringLiterals;

namespace porthole {

ConsumersView::ConsumersView(ConsumerGroupModel *model, QWidget *parent)
    : QTreeView(parent)
{
    setObjectName(u"consumersView"_s);
    setModel(model);
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(ConsumerGroupModel::NameColumn, QHeaderView::Stretch);
    for (int column = ConsumerGroupModel::PendingColumn; column < ConsumerGroupModel::ColumnCount;
         ++column)
        header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    connect(model, &QAbstractItemModel::modelReset, this, &QTreeView::expandAll);
}

} // namespace porthole
