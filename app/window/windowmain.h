#pragma once

#include "commandline.h"

namespace porthole {

// Opens the window for `options` in a QApplication of this process: its icon, its desktop
// entry, the desktop language's translation. Returns the exit code.
int runWindow(int argc, char *argv[], const GuiOptions &options);

} // namespace porthole
