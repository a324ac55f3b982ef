#pragma once

#include "reportdata.h"
#include "reportdialog.h"
#include "reportwriter.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QProgressDialog>

class QWidget;

namespace porthole {

// File > Report: asks for the range and the file (ReportDialog), reads the data on a pool
// thread with a connection of its own, then draws the charts and writes the file on the GUI
// thread (charts are widgets), and says how it went in the status bar, or in a message box
// when it failed. One report at a time.
class ReportController : public QObject
{
    Q_OBJECT

public:
    // `sources`: the database, batch folder and Redis server open now; its range is not used.
    ReportController(ReportRequest sources, QWidget *window, QObject *parent = nullptr);
    ~ReportController() override;

    // Opens the dialog (window-modal, not blocking); Write Report starts it.
    void ask();
    // Starts at once; false (and a status message) when a report is under way. With
    // `compareSeconds`, compared with the same range that long before (--compare-to).
    bool start(const QDateTime &from, const QDateTime &to, bool checkBatchFiles,
               ReportFormat format, const QString &path, qint64 compareSeconds = 0);
    bool isRunning() const { return m_watcher.isRunning(); }

    ReportDialog *dialog() const { return m_dialog; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void finished(const QString &path);
    void failed(const QString &path, const QString &message);

private:
    struct Outcome
    {
        std::optional<ReportData> data;
        QString error;
    };
    void onGathered();
    void fail(const QString &message);

    ReportRequest m_sources;
    QWidget *m_window;
    QFutureWatcher<Outcome> m_watcher;
    QPointer<ReportDialog> m_dialog;
    QPointer<QProgressDialog> m_progress;
    ReportFormat m_format = ReportFormat::Pdf;
    QString m_path;
    bool m_cancelled = false;
};

} // namespace porthole
