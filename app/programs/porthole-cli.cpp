#include "application.h"

// `porthole-cli`: every command, with no widget library; without one, the window's program
// opens the window in its place.
int main(int argc, char *argv[])
{
    return porthole::runPorthole(argc, argv, porthole::execWindowProgram);
}
