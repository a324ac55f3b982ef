#pragma once

#include "connectionfactory.h"
#include "exportdialog.h"
#include "exportsource.h"

#include <QObject>
#include <QPointer>
#include <QProgressDialog>

#include <memory>

class QWidget;

namespace porthole {

class Pane;
class TableExport;

// File > Export: asks how with an ExportDialog, writes with a TableExport beside the GUI, shows
// how far it got in a progress dialog whose Cancel stops it (nothing is written then), and says
// how it ended in the status bar, or in a message box when it failed. One export at a time.
class ExportController : public QObject
{
    Q_OBJECT

public:
    ExportController(ConnectionFactory factory, QWidget *window, QObject *parent = nullptr);

    // Opens the dialog for the pane's listing (window-modal, not blocking); Export starts it.
    void exportPane(porthole::Pane *pane);
    // Starts at once; false (and a status message) when an export is under way.
    bool start(std::shared_ptr<const ExportSource> source, const ExportSettings &settings,
               const QString &path);
    bool isRunning() const;
    void cancel();

    // For tests: the dialog open now, and the progress of the export under way.
    ExportDialog *dialog() const { return m_dialog; }
    QProgressDialog *progressDialog() const { return m_progress; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void finished(const QString &path, qint64 rows);
    void failed(const QString &path, const QString &message);

private:
    void onProgress(qint64 rows, qint64 total, bool exact);
    void onFinished(const QString &path, qint64 rows);
    void onFailed(const QString &path, const QString &message);

    QWidget *m_window;
    TableExport *m_export;
    QPointer<ExportDialog> m_dialog;
    QPointer<QProgressDialog> m_progress;
    QString m_table;
    QString m_path;
    bool m_cancelled = false;
};

} // namespace porthole
