#pragma once

#include "batchexportdialog.h"
#include "connectionfactory.h"
#include "exportdialog.h"
#include "exportsource.h"

#include <QObject>
#include <QPointer>
#include <QProgressDialog>

#include <memory>
#include <optional>

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
    // The batch files of `folder`: opens the dialog (one file, when one is selected, or all).
    void exportBatches(const QString &folder, qint64 selected, int files);
    bool startBatches(const QString &folder, std::optional<qint64> batch, const QString &path);
    bool isRunning() const;
    void cancel();

    // For tests: the dialog open now, and the progress of the export under way.
    ExportDialog *dialog() const { return m_dialog; }
    BatchExportDialog *batchDialog() const { return m_batchDialog; }
    QProgressDialog *progressDialog() const { return m_progress; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void finished(const QString &path, qint64 rows);
    void failed(const QString &path, const QString &message);

private:
    // What is written: a table's rows, or the messages of one batch file or of them all.
    enum class Exported
    {
        TableRows,
        BatchFile,
        AllBatchFiles,
    };

    void onProgress(qint64 rows, qint64 total, bool exact);
    void started(Exported what, const QString &name, const QString &path);
    // "Exporting port_messages to rows.csv…"
    QString exportingText(const QString &path) const;
    void onFinished(const QString &path, qint64 rows, const QString &note);
    void onFailed(const QString &path, const QString &message);

    QWidget *m_window;
    TableExport *m_export;
    QPointer<ExportDialog> m_dialog;
    QPointer<BatchExportDialog> m_batchDialog;
    QPointer<QProgressDialog> m_progress;
    Exported m_what = Exported::TableRows;
    QString m_name; // the table or the batch file
    QString m_path;
    bool m_cancelled = false;
};

} // namespace porthole
