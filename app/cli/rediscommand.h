#pragma once

#include <QStringList>

namespace porthole {

// porthole redis --redis URL keys [--match P] [--type T] [--limit N] [--json]
//                          | stream KEY [--from ID|TIME | --after ID | --last] [--count N] [--json]
//                          | pending KEY GROUP [--consumer C] [--idle MS] [--after ID] [--count N]
//                                              [--max-deliveries N] [--json]
int runRedisCommand(const QStringList &arguments);

} // namespace porthole
