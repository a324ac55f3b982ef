#include "ingeststatus.h"

#include <QCoreApplication>

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
    case IngestState::Stalled:
        return u"stalled"_s;
    }
    return {};
}

QString ingestStateText(IngestState state)
{
    switch (state) {
    case IngestState::Stopped:
        //: The receiver's state, as in "Receiver: stopped"; the Ingest pane capitalises it
        return QCoreApplication::translate("porthole::IngestState", "stopped");
    case IngestState::Connecting:
        return QCoreApplication::translate("porthole::IngestState", "connecting");
    case IngestState::Running:
        return QCoreApplication::translate("porthole::IngestState", "running");
    case IngestState::Paused:
        return QCoreApplication::translate("porthole::IngestState", "paused");
    case IngestState::Reconnecting:
        return QCoreApplication::translate("porthole::IngestState", "reconnecting");
    case IngestState::WaitingForSink:
        return QCoreApplication::translate("porthole::IngestState", "waiting for the store");
    case IngestState::Stopping:
        return QCoreApplication::translate("porthole::IngestState", "stopping");
    case IngestState::Failed:
        return QCoreApplication::translate("porthole::IngestState", "failed");
    case IngestState::Stalled:
        return QCoreApplication::translate("porthole::IngestState", "stalled");
    }
    return {};
}

} // namespace porthole
