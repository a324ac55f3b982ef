#include "application.h"

// `porthole`: the command line; the window's program opens the window.
int main(int argc, char *argv[])
{
    return porthole::runPorthole(argc, argv, porthole::execWindowProgram);
}
