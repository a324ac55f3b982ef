#pragma once

#include <QStringList>

namespace porthole {

// The window's panes by the ids that `--pane`, the settings and the tests name them with, in
// the order of the window's list. The window makes each from its row in its PaneRegistry
// (app/window/paneregistry.h), which has these ids in this order; the command line, which
// never loads the window, needs the ids alone.
QStringList paneIds();

} // namespace porthole
