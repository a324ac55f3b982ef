#pragma once

#include <span>

namespace porthole::test {

// One test unit of a folder's test executable: tests/<folder>/tst_<name>.cpp, whose own main
// (QTEST_MAIN and its kin, or a main of its own) is compiled under the name `main`.
struct TestUnit
{
    const char *name;
    int (*main)(int argc, char **argv);
};

// The main of a folder's test executable (tst_<folder>): runs the unit its first argument
// names with the rest of the arguments (QtTest's options, test functions), as that unit's
// executable of its own would. The unit is kept in PORTHOLE_TEST_UNIT for the processes it
// starts: a unit that starts this program again without arguments (a writer to kill, a demo
// child) gets itself. Each unit is its own application name, so its own settings. Without a
// known unit: the list of units, exit status 2.
int runTestUnit(int argc, char **argv, std::span<const TestUnit> units);

} // namespace porthole::test
