#pragma once

#include <QList>

#include <functional>

class QWidget;

namespace porthole {

class PagedTableModel;

// What every pane with live listings does as it leaves and comes back into sight, in one place:
// its models follow the database (PagedTableModel::setLiveFollow) only while the pane is shown
// and `live` says so (a pane's "Live" box), since nobody looks at a hidden pane; and, with
// CatchUp::OnShow, a pane shown again refreshes the listings that are ready, so that what came
// while it was hidden appears now rather than at the next change or tick.
//
// Pane holds one (Pane::followWhileShown()) and tells it of its show and hide events; the pane
// calls Pane::updateFollow() when `live` changes or a model is replaced.
class PaneFollower
{
public:
    enum class CatchUp
    {
        None,  // shown again, the models follow on from where they were
        OnShow // shown again, the ready models refresh at once
    };
    using Models = std::function<QList<PagedTableModel *>()>; // null entries are skipped
    using Live = std::function<bool()>;                       // null: always live

    PaneFollower(const QWidget *pane, Models models, Live live, CatchUp catchUp);

    // Live follow on for each model if the pane is shown and live, off otherwise: on a hide
    // event, and whenever `live` changes.
    void update();
    // On a show event: update(), and the catch-up.
    void shown();

private:
    bool isLive() const;

    const QWidget *m_pane;
    Models m_models;
    Live m_live;
    CatchUp m_catchUp;
};

} // namespace porthole
