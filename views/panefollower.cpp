#include "panefollower.h"

#include "pagedtablemodel.h"

#include <QWidget>

namespace porthole {

PaneFollower::PaneFollower(const QWidget *pane, Models models, Live live, CatchUp catchUp)
    : m_pane(pane)
    , m_models(std::move(models))
    , m_live(std::move(live))
    , m_catchUp(catchUp)
{}

bool PaneFollower::isLive() const
{
    return !m_live || m_live();
}

void PaneFollower::update()
{
    const bool follow = isLive() && m_pane->isVisible();
    for (PagedTableModel *model : m_models()) {
        if (model)
            model->setLiveFollow(follow);
    }
}

void PaneFollower::shown()
{
    update();
    if (m_catchUp != CatchUp::OnShow || !isLive())
        return;
    // Back in sight: what came while hidden, now rather than at the next change or tick.
    for (PagedTableModel *model : m_models()) {
        if (model && model->state() == PagedTableModel::State::Ready)
            model->refresh();
    }
}

} // namespace porthole
