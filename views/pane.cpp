#include "pane.h"

namespace porthole {

Pane::Pane(QString id, QString title, QWidget *parent)
    : QWidget(parent)
    , m_id(std::move(id))
    , m_title(std::move(title))
{}

} // namespace porthole
