#pragma once

#include <QStringList>

namespace porthole {

// porthole send-demo --redis URL --key KEY [--mode stream|list|pubsub] [--rate N]
//                    [--count N] [--seed S] [--maxlen N]
int runSendDemoCommand(const QStringList &arguments);

} // namespace porthole
