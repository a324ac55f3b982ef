#pragma once

namespace porthole {

// SIGINT and SIGTERM ask a command to stop instead of killing it; SIGPIPE is ignored, so a
// server that goes away gives an error. While an object lives, the signals are caught; the
// previous handlers come back when it goes. One at a time.
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
