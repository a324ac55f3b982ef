#include "ingeststatus.h"

using namespace Qt::StringLiterals;

namespace porthole {

QString ingestStateName(IngestState state)
{
    switch (state) {
    case IngestState::Stopped:
        return u"stopped"_s;
    case IngestState::Connecting:
        return u"connecting"_s;
    case IngestState::Running:
        return u"running"_s;
    case IngestState::Paused:
        return u"paused"_s;
    case IngestState::Reconnecting:
        return u"reconnecting"_s;
    case IngestState::WaitingForSink:
        return u"waiting for the store"_s;
    case IngestState::Stopping:
        return u"stopping"_s;
    case IngestState::Failed:
        return u"failed"_s;
    }
    return {};
}

} // namespace porthole
