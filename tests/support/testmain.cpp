#include "testmain.h"

#include <QCoreApplication>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace porthole::test {

namespace {

constexpr const char *unitVariable = "PORTHOLE_TEST_UNIT";

const TestUnit *findUnit(std::span<const TestUnit> units, const char *name)
{
    if (!name)
        return nullptr;
    const auto unit = std::ranges::find_if(units, [name](const TestUnit &candidate) {
        return std::strcmp(candidate.name, name) == 0;
    });
    return unit == units.end() ? nullptr : &*unit;
}

int printUsage(const char *program, std::span<const TestUnit> units)
{
    std::fprintf(stderr, "usage: %s UNIT [QtTest options and test functions]\nunits:", program);
    for (const TestUnit &unit : units)
        std::fprintf(stderr, " %s", unit.name);
    std::fprintf(stderr, "\n");
    return 2;
}

} // namespace

int runTestUnit(int argc, char **argv, std::span<const TestUnit> units)
{
    if (const TestUnit *unit = findUnit(units, argc > 1 ? argv[1] : nullptr)) {
        setenv(unitVariable, unit->name, 1);
        // Settings of its own (a unit may name itself otherwise): units run side by side, and
        // one that clears its settings must not clear another's under way.
        QCoreApplication::setApplicationName(QString::fromLatin1(unit->name));
        std::vector<char *> arguments{argv[0]};
        arguments.insert(arguments.end(), argv + 2, argv + argc);
        arguments.push_back(nullptr);
        return unit->main(argc - 1, arguments.data());
    }
    if (const TestUnit *unit = findUnit(units, std::getenv(unitVariable))) {
        QCoreApplication::setApplicationName(QString::fromLatin1(unit->name));
        return unit->main(argc, argv);
    }
    return printUsage(argv[0], units);
}

} // namespace porthole::test
