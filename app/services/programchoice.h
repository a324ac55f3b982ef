#pragma once

#include <string_view>

namespace porthole {

// Whether a command line `porthole ARGS` runs a command (`porthole ingest ...`): its first
// argument is not an option. Everything after it is the command's. Header-only and without Qt:
// the `porthole` launcher (app/programs/porthole.cpp) decides with it which program runs the
// line before any library is loaded, and parseCommandLine() reads the line by the same rule.
constexpr bool namesCommand(std::string_view firstArgument)
{
    return !firstArgument.starts_with('-');
}

} // namespace porthole
