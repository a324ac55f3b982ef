#include "application.h"

int main(int argc, char *argv[])
{
    return porthole::runPorthole(argc, argv);
}
