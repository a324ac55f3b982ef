#include "subcommands.h"

#include "migratecommand.h"

using namespace Qt::StringLiterals;

namespace porthole {

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> commands{
        {u"migrate"_s, u"Show or change a database's schema version"_s, runMigrateCommand},
    };
    return commands;
}

} // namespace porthole
