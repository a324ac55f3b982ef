#include "application.h"
#include "windowmain.h"

// `porthole-window`: the window, and every command as `porthole` runs it.
int main(int argc, char *argv[])
{
    return porthole::runPorthole(argc, argv, porthole::runWindow);
}
