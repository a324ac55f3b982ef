#pragma once

#include "commandline.h"

#include <QString>

namespace porthole {

// Opens the window for `options` with the process's arguments; returns the exit code.
using WindowRunner = int (*)(int argc, char *argv[], const GuiOptions &options);

// The window's program (PORTHOLE_WINDOW_PROGRAM, beside this program: the build's and the
// installation's layout alike).
QString windowProgram();

// The `porthole-cli` program's window: the window's program takes this process's place with
// the same arguments (execv), so that the command line itself never loads a widget library.
int execWindowProgram(int argc, char *argv[], const GuiOptions &options);

// The whole program: parses the command line, then runs a subcommand without a GUI, or opens
// the window with `runWindow`. Returns the process exit code.
int runPorthole(int argc, char *argv[], WindowRunner runWindow);

} // namespace porthole
