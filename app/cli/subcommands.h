#pragma once

#include "commandline.h"

#include <QList>

namespace porthole {

// Every `porthole COMMAND`, in the order --help lists them.
const QList<Subcommand> &subcommands();

} // namespace porthole
