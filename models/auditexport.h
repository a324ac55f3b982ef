#pragma once

#include "auditlog.h"
#include "connectionfactory.h"

#include <QFutureWatcher>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace porthole {

// The audit log written out for a report or an auditor: every entry a filter matches, newest
// first, every column, as CSV (RFC 4180, see CsvWriter; JSON columns as compact JSON text) or
// as JSON (an array of objects, one a line).
enum class AuditExportFormat
{
    Csv,
    Json
};
// By the file's suffix (.csv, .json, any case); none for any other.
std::optional<AuditExportFormat> auditExportFormatFor(const QString &path);

// id, occurred_at, actor, action, target_table, affected_count, filter, affected_ids, before,
// after, details.
QStringList auditCsvHeader();
// An entry's fields in that order: occurred_at in ISO 8601 UTC with milliseconds, JSON
// columns as compact JSON, NULL as an empty field.
QStringList auditCsvFields(const AuditEntry &entry);
// An entry as one JSON object with those members (NULL as null).
QJsonObject auditEntryJson(const AuditEntry &entry);

struct AuditExportResult
{
    qint64 entries = 0;
    QString error; // empty when it worked
    bool cancelled = false;
};

// Reads the matching entries page by page through AuditLog and writes them to `path` through
// a QSaveFile: the file is there whole or not at all (a file of that name stays as it was on
// failure or cancel). `cancelled` is asked between pages. Runs on the thread that owns `db`.
AuditExportResult exportAuditLog(const QSqlDatabase &db, const AuditFilter &filter,
                                 const QString &path, AuditExportFormat format,
                                 const std::function<bool()> &cancelled = {});

// Runs exportAuditLog() on a pool thread with a connection of its own, one export at a time,
// and says how it ended on the thread that started it. Destroying it cancels the export under
// way and waits for it.
class AuditExport : public QObject
{
    Q_OBJECT

public:
    explicit AuditExport(ConnectionFactory factory, QObject *parent = nullptr);
    ~AuditExport() override;

    bool isRunning() const { return m_watcher.isRunning(); }
    // Starts writing; false (and failed() is not emitted) when an export is under way already.
    // A path with neither suffix fails at once with a message.
    bool start(const AuditFilter &filter, const QString &path);
    void cancel();

Q_SIGNALS:
    void finished(const QString &path, qint64 entries);
    void failed(const QString &path, const QString &message);

private:
    void onFinished();

    ConnectionFactory m_factory;
    QFutureWatcher<AuditExportResult> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QString m_path;
};

} // namespace porthole
