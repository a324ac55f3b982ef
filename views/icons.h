#pragma once

#include <QIcon>
#include <QList>
#include <QString>

class QToolBar;

namespace porthole {

// The icons of the panes and their actions, by what they stand for. Several may share one
// picture (Play starts the receiver, resumes it and replays messages).
enum class IconId
{
    Refresh,
    Play,
    Pause,
    Stop,
    Unlock,
    Delete,
    DeletePurged,
    Undo,
    Back,
    Forward,
    Up,
    Down,
    Warning,
    // A toolbar's overflow button: the actions there was no room for.
    MoreActions,
    // The panes, as the main window lists them.
    Overview,
    BatchFiles,
    Messages,
    Checkpoints,
    Queues,
    DeadLetters,
    Metrics,
    Ingest,
    Audit,
    SensorEvents,
    Tables,
    ComponentState,
    SinkStorage,
    HealthHistory,
    Redis,
    Alerts,
    Journey,
    PipelineMap,
    Timeline,
    Ledger,
};

// Every IconId, in declaration order.
QList<IconId> allIconIds();

// The name of the icon in the freedesktop Icon Naming Specification ("view-refresh"), which
// desktop icon themes know it by; MoreActions, which the specification lacks, has the name
// Breeze and other themes give it ("overflow-menu").
QString iconName(IconId id);

// The SVG Porthole carries for the icon (":/porthole/icons/actions/view-refresh.svg"), and its
// white variant for a highlighted row (".../actions/selected/view-refresh.svg").
QString bundledIconPath(IconId id);
QString bundledSelectedIconPath(IconId id);

// The icon from the desktop's icon theme, or, where the theme has none (a plain desktop, no
// theme at all), the bundled SVG, which draws sharp at any size and device pixel ratio.
QIcon themedIcon(IconId id);

// Gives the overflow button of `toolBar` (the chevrons that open the actions there is no room
// for) the MoreActions icon, which reads on a light and on a dark window: the style's own is
// drawn black, and vanishes in the dark theme.
void useReadableOverflowButton(QToolBar *toolBar);

// Porthole's own icon: as a package installs it into the hicolor theme, under the application
// id, or else the bundled SVG.
QIcon applicationIcon();

} // namespace porthole
