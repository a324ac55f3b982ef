#pragma once

#include "ingestservice.h"
#include "ingeststatus.h"

#include <QObject>
#include <QStringList>

#include <functional>

namespace porthole::test {

// The ingest service (its worker on a thread of its own) with what it reported, as the test's
// thread received it: the last statistics and every distinct error. `check`, when set, sees
// each report as it comes (an invariant that must hold at every moment), before `last` is it.
class WatchedIngest
{
public:
    WatchedIngest()
    {
        QObject::connect(&service, &IngestService::statsChanged, &m_receiver,
                         [this](const IngestStats &stats) {
                             if (check)
                                 check(stats); // `last` is still the report before
                             last = stats;
                             if (!stats.lastError.isEmpty() && !errors.contains(stats.lastError))
                                 errors.append(stats.lastError);
                         });
    }
    WatchedIngest(const WatchedIngest &) = delete;
    WatchedIngest &operator=(const WatchedIngest &) = delete;

    IngestStats last;
    QStringList errors;
    std::function<void(const IngestStats &)> check;

private:
    QObject m_receiver; // goes after the service, and takes the reports still queued with it

public:
    IngestService service;
};

} // namespace porthole::test
