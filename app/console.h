#pragma once

#include "commandline.h"
#include "storageerror.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace porthole {

class IngestService;
class MainWindow;
struct IngestConfig;
struct IngestRequest;
class OverviewPane;
class SourceProbeService;
class SourceStatusModel;

// The GUI put together: the data sources the options name, the models over them,
// the panes and the window.
class Console : public QObject
{
    Q_OBJECT

public:
    explicit Console(GuiOptions options, QObject *parent = nullptr);
    ~Console() override;

    // The panes there are, in order; --pane takes one of these.
    static QStringList paneIds();

    // Asked before an older database is migrated; answers whether to go ahead. The default
    // asks the operator in a dialog.
    using MigrationQuestion = std::function<bool(const QString &question)>;
    void setMigrationQuestion(MigrationQuestion question) { m_askToMigrate = std::move(question); }

    // Creates the data directory if needed, brings the database's schema up to date (the
    // embedded one without asking, another after asking) and builds the window (not shown
    // yet). A database that cannot be used is shown as such in the Overview; only an
    // unusable data directory fails.
    Status setUp();
    // What happened to the database's schema at setUp: empty when all was well.
    QString databaseProblem() const { return m_databaseProblem; }
    MainWindow *window() const { return m_window.get(); }
    SourceProbeService *probes() const { return m_probes; }
    IngestService *ingest() const { return m_ingest; }

    QString dataDirectory() const { return m_dataDirectory; }

private:
    void prepareDatabase(const DatabaseUrl &url, bool embedded);
    void setUpIngest(const DatabaseUrl &database, const QString &batches);
    bool ingestConfig(const IngestRequest &request, const DatabaseUrl &database,
                      IngestConfig *config, QString *problem) const;

    GuiOptions m_options;
    MigrationQuestion m_askToMigrate;
    QString m_databaseProblem;
    QString m_dataDirectory;
    SourceStatusModel *m_sources = nullptr;
    SourceProbeService *m_probes = nullptr;
    IngestService *m_ingest = nullptr;
    std::unique_ptr<MainWindow> m_window;
};

// Runs the window until it is closed; returns the exit code. Needs a QApplication.
int runGui(const GuiOptions &options);

} // namespace porthole
