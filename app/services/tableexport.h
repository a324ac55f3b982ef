#pragma once

#include "connectionfactory.h"
#include "exportsource.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace porthole {

struct ExportOutcome
{
    qint64 rows = 0;
    QString error; // empty when it worked
    bool cancelled = false;
    QString note; // what a person should know of an export that worked
    // Rows written with a value of a JSON column kept undecoded (see writeExport()), and the
    // first of them as ExportCallbacks::undecoded was told.
    qint64 undecodedRows = 0;
    QString firstUndecoded;
};

// Writes every row of `source`, in its order, to `path` as `settings` say, reading them with
// one statement (a snapshot of the listing as it was when the export began) and writing them as
// they come, so that memory stays the same whatever their number. CSV: a header line of the
// column names, then a line a row (RFC 4180, see CsvWriter); NULL is an empty field and an
// empty text "" (as PostgreSQL's COPY writes them), JSON columns their compact JSON text. JSON: an
// array of objects, members in column order; JSON Lines: one such object a line. The file is
// written through a QSaveFile: it is there whole or not at all. `keepGoing` is asked with the rows
// written so far every few thousand rows; false cancels.
//
// A value of a JSON column that the database cannot read as JSON, or whose JSON is not UTF-8,
// does not stop the export: it is written as the text it is when that is UTF-8, else as
// {"base64": "..."} (in CSV that text is the field), and its row is told to `undecoded` as it is
// written, by the table's key ("port_messages id 7: message_data is not JSON (written as
// text)"), and counted in the outcome's note. Runs on the thread that owns `db`.
ExportOutcome writeExport(const QSqlDatabase &db, const ExportSource &source,
                          const ExportSettings &settings, const QString &path,
                          const std::function<bool(qint64 rows)> &keepGoing = {},
                          const std::function<void(const QString &row)> &undecoded = {});

// Runs writeExport() on a pool thread with a connection of its own, one export at a time: counts
// the rows first (for progress), then writes them. Tells the thread that started it how far it
// got ten times a second and how it ended. Destroying it cancels the export under way and waits
// for it.
class TableExport : public QObject
{
    Q_OBJECT

public:
    explicit TableExport(ConnectionFactory factory, QObject *parent = nullptr);
    ~TableExport() override;

    bool isRunning() const { return m_watcher.isRunning(); }
    // False when an export is under way already.
    bool start(std::shared_ptr<const ExportSource> source, const ExportSettings &settings,
               const QString &path);
    // The messages of batch file `id` (none: of all) as JSON (writeBatchJson()); the rows
    // counted are messages, the total unknown.
    bool startBatches(const QString &directory, std::optional<qint64> id, const QString &path);
    void cancel();

Q_SIGNALS:
    // `total` is -1 until counted; `exact` false when it is an estimate.
    void progress(qint64 rows, qint64 total, bool exact);
    void finished(const QString &path, qint64 rows, const QString &note);
    // Cancelled too (the message says so); nothing was written then.
    void failed(const QString &path, const QString &message);

private:
    struct Shared
    {
        std::atomic<qint64> rows{0};
        std::atomic<qint64> total{-1};
        std::atomic_bool exact{false};
        std::atomic_bool cancel{false};
    };

    void onFinished();
    void tell();

    ConnectionFactory m_factory;
    QFutureWatcher<ExportOutcome> m_watcher;
    std::shared_ptr<Shared> m_shared;
    QTimer m_progressTimer;
    QString m_path;
};

} // namespace porthole
