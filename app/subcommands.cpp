#include "subcommands.h"

namespace porthole {

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> commands{};
    return commands;
}

} // namespace porthole
