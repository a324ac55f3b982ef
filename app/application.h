#pragma once

namespace porthole {

// Sets the names QSettings and QStandardPaths use. Call before anything reads them.
void setApplicationIdentity();

// The whole program: parses the command line, then runs a subcommand without a GUI, or
// the window. Returns the process exit code.
int runPorthole(int argc, char *argv[]);

} // namespace porthole
