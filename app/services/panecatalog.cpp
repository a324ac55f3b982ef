#include "panecatalog.h"

using namespace Qt::StringLiterals;

namespace porthole {

QStringList paneIds()
{
    return {u"overview"_s,       u"batches"_s,     u"messages"_s,
            u"checkpoints"_s,    u"queues"_s,      u"deadletters"_s,
            u"metrics"_s,        u"ingest"_s,      u"audit"_s,
            u"componentstate"_s, u"sinkstorage"_s, u"healthhistory"_s,
            u"sensorevents"_s,   u"tables"_s,      u"redis"_s,
            u"alerts"_s,         u"journey"_s,     u"map"_s,
            u"timeline"_s,       u"ledger"_s};
}

} // namespace porthole
