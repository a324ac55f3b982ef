#pragma once

#include "fallbacktable.h"
#include "paging.h"
#include "sqltypes.h"
#include "storageerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace porthole {

// One version of a named checkpoint (docs/DATABASE.md, Tables).
struct Checkpoint
{
    QString id;
    QString name;
    QString component;
    QByteArray data;     // JSON
    QByteArray metadata; // JSON or null
    qint64 version = 0;
    bool isLatest = false;
    QDateTime createdAt;
    QDateTime expiresAt; // invalid: never
    qint64 dataSize = 0; // bytes of the data as the database holds it (JSONB: as text)

    bool isExpired(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }
};

// A checkpoint name with its latest version, as the Checkpoints pane lists them.
struct CheckpointSummary
{
    QString name;
    QString component;
    qint64 latestVersion = 0;
    // How many versions it has, counted up to CheckpointRepository::versionsCountedUpTo: one
    // more than that means "more than that".
    qint64 versionCount = 0;
    QDateTime latestAt;
    QDateTime expiresAt; // of the latest version; invalid: never

    bool isExpired(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }
    friend bool operator==(const CheckpointSummary &, const CheckpointSummary &) = default;
};

class CheckpointRepository
{
public:
    explicit CheckpointRepository(QSqlDatabase db);

    // names() counts each name's versions up to this: a list of names reads no more than this
    // many of each name's versions, however many there are.
    static constexpr qint64 versionsCountedUpTo = 1000;

    // The latest version of each checkpoint whose name or component contains `contains` (any
    // case; empty: every one), for names() and other readers of checkpoints.
    static WhereClause latestWhere(SqlEngine engine, const QString &contains);
    // Every checkpoint name with its latest version, by name; with `contains`, only those whose
    // name or component holds that text (case-insensitive; bound, never spliced into the SQL).
    Result<QList<CheckpointSummary>> names(const QString &contains = {}) const;
    // Every version of one checkpoint, newest first, without their data (dataSize says how
    // big it is).
    Result<QList<Checkpoint>> versions(const QString &name) const;
    // One version with its data; version 0 means the latest.
    Result<Checkpoint> get(const QString &name, qint64 version = 0) const;
    // Stores a new version (the previous latest + 1), which becomes the latest. Invalid JSON
    // is refused before anything is written. Writers that race for the same version number
    // are retried, so each gets a version of its own.
    Result<Checkpoint> save(const QString &name, const QString &component, const QByteArray &data,
                            const QByteArray &metadata = {}, const QDateTime &expiresAt = {});

private:
    QSqlDatabase m_db;
    SqlEngine m_engine;
    FallbackTable m_table;
};

} // namespace porthole
