#pragma once

#include "commandline.h"
#include "connectionchooser.h"
#include "connectionfactory.h"
#include "databaseprep.h"
#include "preferences.h"
#include "storageerror.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

namespace porthole {

class ActionWorkflow;
class BacklogRecording;
class BacklogTrendLoader;
class DemoSession;
class ExportController;
class GoToController;
class IngestControl;
class IngestService;
class MainWindow;
class PasswordStore;
class ReportController;
class BackupController;
class RetentionController;
class SavedViewsController;
class SourceProbeService;
class SourceStatusModel;
struct ConnectionChoice;

// The window put together: the data the options name, the panes over them (made from the
// PaneRegistry), the window's services (receiver, probes, actions, export, report), the
// welcome page and the demo, the settings.
class WindowController : public QObject
{
    Q_OBJECT

public:
    explicit WindowController(GuiOptions options, QObject *parent = nullptr);
    ~WindowController() override;

    // The panes there are, in order; --pane takes one of these (see panecatalog.h).
    static QStringList paneIds();

    // Asked before an older database is migrated, or the receiver stopped to open other
    // data; answers whether to go ahead. Without one, the answer is yes.
    void setQuestion(Question question) { m_ask = std::move(question); }
    // How a migration runs while the operator waits (runWhileWaiting() in the window).
    void setLongTask(LongTask runLong) { m_runLong = std::move(runLong); }

    // Creates the data directory if needed, brings the database's schema up to date (the
    // embedded one without asking, another after asking) and builds the window (not shown
    // yet) with the pane it shows first. A database that cannot be used is shown as such in
    // the Overview; only an unusable data directory fails.
    //
    // The rest waits for the window's first frame, so that it comes sooner: the other panes,
    // made one an event-loop turn, then the services (the sources' probes, the backlogs'
    // sampling and trends, the receiver --ingest asked for, the recovery of unfinished
    // actions). A window not shown by then (a test's) starts them at once; started() tells
    // when all of it runs.
    Status setUp();
    // Every pane of the data open now is made and its services run.
    bool isStarted() const { return m_started; }
    // What happened to the database's schema at setUp: empty when all was well.
    QString databaseProblem() const { return m_databaseProblem; }
    // Nothing is written to the database open now: attached read-only, or opened so instead
    // of adopting or migrating it.
    bool isReadOnly() const { return m_readOnly; }
    // The saved view --view named, when the pane --pane named has none such: empty when shown.
    QString viewProblem() const { return m_viewProblem; }
    MainWindow *window() const { return m_window.get(); }
    SourceProbeService *probes() const { return m_probes; }
    IngestService *ingest() const { return m_ingest; }
    IngestControl *ingestControl() const { return m_ingestControl; }
    ActionWorkflow *actions() const { return m_actions; }
    ExportController *exporter() const { return m_export; }
    ReportController *reporter() const { return m_report; }
    RetentionController *retention() const { return m_retention; }
    BackupController *backup() const { return m_backup; }
    // Go to anything (Ctrl+K).
    GoToController *goTo() const { return m_goTo; }
    SavedViewsController *savedViews() const { return m_views; }

    QString dataDirectory() const { return m_dataDirectory; }
    // What the window shows now, as it is remembered.
    Connection currentConnection() const { return m_connection; }
    // The Redis server open now, with the password it was given, if any.
    std::optional<RedisUrl> redisServer() const { return m_redis; }

public Q_SLOTS:
    // File > Open Connection: the dialog, on the connection open now.
    void showConnectionDialog();
    // Opens what the dialog chose (see ConnectionChooser::open).
    void openConnection(const porthole::ConnectionChoice &choice);
    // Opens a profile or a recent connection (see ConnectionChooser::openRemembered).
    void openRemembered(const porthole::Connection &connection);
    // File > Settings: the dialog; what it keeps is used at once where it can be (the
    // Overview's refresh and stale threshold, the theme, the tables' font).
    void showSettings();
    void setPreferences(const porthole::Preferences &preferences);
    Preferences preferences() const { return m_preferences; }
    // How often the Overview looks at the sources again, in milliseconds.
    int overviewRefreshMs() const { return m_refresh->interval(); }

    // Welcome > Start the demo: fills the demo store (the first time), starts a private Redis
    // server with traffic when redis-server is installed, then opens the store with the
    // receiver following the traffic.
    void startDemo();
    DemoSession *demo() const { return m_demo; }
    // The program the demo runs its steps with (`porthole generate`...): this one by default.
    void setDemoProgram(const QString &program) { m_demoProgram = program; }

Q_SIGNALS:
    // The window shows other data now.
    void connectionOpened(const porthole::Connection &connection);
    // isStarted() became true, for the data open now.
    void started();
    // Something the operator must read (a database that cannot be used, a password not
    // kept): runGui shows it in a message box.
    void problem(const QString &title, const QString &text);

private:
    // Opens `sources` in place of the data open now; false when the operator kept the
    // receiver running instead.
    bool openSources(const DataSources &sources);
    // The window drew its first frame (or was never shown): makeRemainingPanes().
    void firstFrameDrawn();
    // Makes the next pane not made yet, one an event-loop turn, then startServices().
    void makeRemainingPanes();
    // What the data open now runs beside its panes (see setUp()).
    void startServices();
    bool eventFilter(QObject *watched, QEvent *event) override;
    void makePanes(const DataSources &sources, const ConnectionFactory &connections);
    void showWelcome();
    // Shows the saved view --view names on the pane --pane named, or says in viewProblem() why not.
    void openViewAsked();
    void setUpActions(const ConnectionFactory &connections, bool readOnly);
    void setUpExport(const ConnectionFactory &connections, const DataSources &sources);
    // The backlog history of the data open now, sampled while it is open.
    void recordBacklogs(const ConnectionFactory &connections);

    GuiOptions m_options;
    Question m_ask;
    LongTask m_runLong;
    QString m_databaseProblem;
    QString m_viewProblem;
    QString m_firstPane;       // the pane setUp() shows: --pane, else the one shown last
    bool m_firstFrame = false; // the window has drawn its first frame (or was never shown)
    bool m_started = false;    // of the data open now: see isStarted()
    QStringList m_tables;      // the tables and views of the database open now
    bool m_readOnly = false;   // the data open now was attached read-only: nothing writes to it
    QString m_dataDirectory;
    Connection m_connection;
    std::optional<RedisUrl> m_redis;
    QObject *m_session = nullptr;                   // parent of the models of the data open now
    std::optional<ConnectionFactory> m_connections; // of the data open now
    SourceStatusModel *m_sources = nullptr;
    SourceProbeService *m_probes = nullptr;
    IngestService *m_ingest = nullptr;
    IngestControl *m_ingestControl = nullptr;
    ActionWorkflow *m_actions = nullptr;        // of the data open now
    ExportController *m_export = nullptr;       // of the data open now
    ReportController *m_report = nullptr;       // of the data open now
    RetentionController *m_retention = nullptr; // of the data open now
    BackupController *m_backup = nullptr;       // of the data open now
    QPointer<BacklogRecording> m_backlog;       // of the data open now; none when read-only
    QPointer<BacklogTrendLoader> m_trends;      // the backlogs' trends of the data open now
    GoToController *m_goTo = nullptr;
    SavedViewsController *m_views = nullptr;
    PasswordStore *m_passwords = nullptr;
    ConnectionChooser *m_chooser = nullptr;
    Preferences m_preferences;
    QTimer *m_refresh = nullptr;
    DemoSession *m_demo = nullptr;
    QString m_demoProgram;
    std::unique_ptr<MainWindow> m_window;
};

// Runs the window until it is closed; returns the exit code. Needs a QApplication.
int runGui(const GuiOptions &options);

} // namespace porthole
