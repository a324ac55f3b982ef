#pragma once

#include "alertrules.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace porthole {

class EnvironmentReader;
struct ConfigEntry;

// Where the worker's alerts go besides /alerts and /metrics: an HTTP POST of JSON per alert
// that fires or resolves (workeralerts.h says what is sent and how it is retried).
struct AlertWebhookOptions
{
    QUrl url;
    std::chrono::milliseconds timeout{10000}; // one attempt's limit
    std::chrono::milliseconds firstRetry{1000};
    std::chrono::milliseconds longestRetry{60000};
    int maxAttempts = 8; // then the notification is dropped, with a warning
    int maxQueued = 100; // beyond: the oldest waiting notification is dropped
};

// The `alerts:` section of an environment of the worker's configuration file:
//
//   alerts:
//     interval: 15s          # between rounds; the default
//     defaults: false        # true: start from defaultAlertRules()
//     rules:                 # the keys of the rules' JSON (alertrules.h)
//       - id: dead-letters
//         kind: dead_letter_growth
//         window: 5m
//         threshold: 0
//     webhook:
//       url: https://hooks.example/porthole
//       timeout: 10s
//       first_retry: 1s      # doubled after each failure,
//       longest_retry: 60s   # up to this
//
// A rule whose id is a default's replaces that default.
struct WorkerAlertConfig
{
    std::chrono::milliseconds interval{15000};
    QList<AlertRule> rules;
    std::optional<AlertWebhookOptions> webhook;
};

// Reads `section` (the alerts: entry at `path`) into *alerts, or fails `reader` with the rule
// and key at fault.
void readWorkerAlerts(EnvironmentReader &reader, const ConfigEntry &section, const QString &path,
                      std::optional<WorkerAlertConfig> *alerts);

// Group-lag and pending-age rules that name no stream watch the worker's own stream and
// group; where the worker reads a list or a channel (`streams` false) there is none, and they
// are left out. A rule naming a stream reads it on the worker's Redis server, every group of
// it or the one the rule names. `key` and `group` are the worker's.
QList<AlertRule> fitAlertRulesToWorker(const QList<AlertRule> &rules, const QString &key,
                                       const QString &group, bool streams);

} // namespace porthole
