// `porthole`: runs the program for what its command line asks in its place, with the same
// arguments (execv: the same process, so a desktop entry, a shell's job control and a service
// manager see one program): a command (`porthole ingest ...`) in `porthole-cli`, which links
// no widget library and so runs on a server without a display; anything else (the window,
// --help, --version) in `porthole-window`. It loads no library of its own: the window's start
// pays for one program's libraries, not two.

#include "programchoice.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

int main(int argc, char *argv[])
{
    const bool command = argc > 1 && porthole::namesCommand(argv[1]);
    // The programs' folder (PORTHOLE_PROGRAMS, relative to this program's): the build's and
    // the installation's layout alike.
    std::string program(4096, '\0');
    const ssize_t length = ::readlink("/proc/self/exe", program.data(), program.size());
    if (length <= 0 || static_cast<size_t>(length) >= program.size()) {
        std::fprintf(stderr, "porthole: cannot find its own program: %s\n", std::strerror(errno));
        return 1;
    }
    program.resize(static_cast<size_t>(length));
    program.erase(program.rfind('/') + 1);
    program += PORTHOLE_PROGRAMS "/";
    program += command ? "porthole-cli" : "porthole-window";
    ::execv(program.c_str(), argv); // returns only when it failed
    std::fprintf(stderr, "porthole: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
    return 1;
}
