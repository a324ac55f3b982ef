#pragma once

#include <QTreeView>

namespace porthole {

class ConsumerGroupModel;

// The consumer groups of streams and their consumers, a tree always expanded: the Overview
// shows every group of its Redis server, the Ingest pane its worker's group.
class ConsumersView : public QTreeView
{
    Q_OBJECT

public:
    explicit ConsumersView(ConsumerGroupModel *model, QWidget *parent = nullptr);
};

} // namespace porthole
