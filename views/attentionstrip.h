#pragma once

#include "attention.h"

#include <QFrame>

class QVBoxLayout;

namespace porthole {

// The Overview's first lines: what needs the operator now (attentionItems()), each a link to
// the pane that shows it, in the colour of its state; one calm line when nothing does.
class AttentionStrip : public QFrame
{
    Q_OBJECT

public:
    explicit AttentionStrip(QWidget *parent = nullptr);

    void setItems(const QList<AttentionItem> &items);
    QList<AttentionItem> items() const { return m_items; }
    // The lines as shown, for tests.
    QStringList texts() const;

Q_SIGNALS:
    void activated(const porthole::AttentionItem &item);

private:
    QList<AttentionItem> m_items;
    QVBoxLayout *m_lines = nullptr;
};

} // namespace porthole
