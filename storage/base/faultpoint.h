#pragma once

namespace porthole {

// A place where a crash can be injected for real, to test that nothing is lost: when the
// environment variable PORTHOLE_FAULT_POINT names this point ("name", or "name:N" for the
// N-th time it is reached), the process kills itself with SIGKILL there, as a power cut would
// stop it. Without the variable it costs one comparison.
void faultPoint(const char *name);

// A place where a test holds the process, so that two processes are there at once: when the
// environment variable PORTHOLE_PAUSE_POINT is "name:FIFO" for this point, the process creates
// the file FIFO.PID (it has arrived), then reads one byte from the named pipe FIFO and goes on.
// "name@N:FIFO" holds the process at the N-th time it reaches the point only.
// Without the variable it costs one comparison.
void pausePoint(const char *name);

} // namespace porthole
