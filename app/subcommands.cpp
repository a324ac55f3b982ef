#include "subcommands.h"

#include "generatecommand.h"
#include "migratecommand.h"

using namespace Qt::StringLiterals;

namespace porthole {

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> commands{
        {u"migrate"_s, u"Show or change a database's schema version"_s, runMigrateCommand},
        {u"generate"_s, u"Fill a database with realistic synthetic data"_s, runGenerateCommand},
    };
    return commands;
}

} // namespace porthole
