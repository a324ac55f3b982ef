#pragma once

namespace porthole {

// The very start of the process, before anything opens a file, a socket or a pipe:
// - file descriptors 0, 1 and 2 are made open (to /dev/null) where they were closed, so that
//   nothing the program opens takes the number of a standard stream: a pipe or a database
//   file given fd 2 would be written to as standard error;
// - SIGPIPE is ignored for the whole run, so that a reader gone away (standard error's pipe, a
//   server's socket) gives a write error, which is ignored on standard error, not the end of
//   the process.
void prepareProcess();

// SIGINT, SIGTERM and SIGHUP ask a command to stop instead of killing it (SIGHUP: the terminal
// or the session that started it went away; a worker stops cleanly, as for SIGTERM). While an
// object lives, the signals are caught; the previous handlers come back when it goes. One at
// a time.
//
// A loop polls requested(); an event loop watches readFd() with a QSocketNotifier.
class StopSignals
{
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;

    // The signal that asked to stop, or 0.
    static int requested();
    // Readable once a stop was asked; take() empties it.
    int readFd() const;
    void take() const;
};

} // namespace porthole
