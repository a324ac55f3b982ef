#pragma once

#include <QPalette>
#include <QString>

namespace porthole {

// What the operator sets in File > Settings, kept in QSettings' "preferences" group. A value
// out of its range (edited by hand) reads as its default.
struct Preferences
{
    enum class Theme
    {
        System, // the desktop's palette, light or dark as it is set there
        Light,
        Dark
    };

    // Porthole's own store when no --data-dir is given; empty: the default
    // (~/.local/share/Porthole/porthole). Read at start.
    QString dataDirectory;
    // The connection profile opened at start when the command line names no data; empty:
    // Porthole's own store. Read at start.
    QString defaultProfile;
    // Who the operator is, in the audit log of what they do; empty: user@host
    // (AuditLog::defaultOperator()). On a shared account it tells people apart.
    QString operatorName;
    int overviewRefreshSeconds = 10; // the Overview's sources, heartbeats and consumers
    int staleAfterSeconds = 60;      // a component's heartbeat older than this is stale
    // How often the backlogs are sampled into the backlog history while data is open; 0: never.
    int backlogSampleSeconds = 15;
    // The receiver's group commit: each group stored in one transaction (or one fsync of the
    // batch files) holds at most this many messages, and Redis is waited for at most this long
    // for the first of a group. Used when the receiver starts.
    int groupMessages = 1000;
    int groupWaitMs = 1000;
    // The keys of a port message's metadata that tie a message's hops together, and those that
    // name a hop's cause, comma-separated (docs/DATABASE.md, "Correlation"); empty: the
    // defaults. Kept as journey/keys and journey/causeKeys, which `porthole trace` reads too.
    // Read when data is opened.
    QString journeyKeys;
    QString journeyCauseKeys;
    Theme theme = Theme::System;
    int tableFontPoints = 0; // 0: the desktop's font size

    static constexpr int minRefreshSeconds = 2, maxRefreshSeconds = 3600;
    static constexpr int minStaleSeconds = 5, maxStaleSeconds = 86400;
    static constexpr int maxSampleSeconds = 3600;
    static constexpr int minGroupMessages = 1, maxGroupMessages = 10000;
    // Below the Redis command timeout (5 s), which a blocking read must stay under.
    static constexpr int minGroupWaitMs = 10, maxGroupWaitMs = 4000;
    static constexpr int minFontPoints = 6, maxFontPoints = 32;

    static Preferences load();
    void save() const;
    bool operator==(const Preferences &) const = default;
};

QString themeName(Preferences::Theme theme);

// Sets the application's palette and the tables' font as `preferences` say, live: every
// window open follows. The System theme gives back the palette and style the desktop gave
// at start. Needs a QApplication.
void applyAppearance(const Preferences &preferences);

// A dark palette for the Fusion style, with links, highlights and disabled text readable on
// it.
QPalette darkPalette();

} // namespace porthole
