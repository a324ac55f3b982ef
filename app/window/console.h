#pragma once

#include "commandline.h"
#include "connectionprofiles.h"
#include "panecatalog.h"
#include "preferences.h"
#include "storageerror.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

namespace porthole {

class ActionController;
class ExportController;
class ReportController;
class ConnectionFactory;
class DatabaseUrl;
class MigrationRunner;
class DemoSession;
class IngestService;
class DeadLettersPane;
class Pane;
class QueuesPane;
class MainWindow;
class PasswordStore;
struct ConnectionChoice;
struct IngestConfig;
struct IngestRequest;
class OverviewPane;
class SourceProbeService;
class SourceStatusModel;
class WelcomePage;

// The GUI put together: the data sources the options name, the models over them,
// the panes and the window.
class Console : public QObject
{
    Q_OBJECT

public:
    explicit Console(GuiOptions options, QObject *parent = nullptr);
    ~Console() override;

    // The panes there are, in order; --pane takes one of these (see panecatalog.h).
    static QStringList paneIds() { return porthole::paneIds(); }

    // Asked before an older database is migrated, or the receiver stopped to open other
    // data; answers whether to go ahead. Without one, the answer is yes.
    // Asks the operator; `details` is shown on request (may be empty).
    using Question =
        std::function<bool(const QString &title, const QString &text, const QString &details)>;
    void setQuestion(Question question) { m_ask = std::move(question); }

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
    ActionController *actions() const { return m_actions; }
    ExportController *exporter() const { return m_export; }
    ReportController *reporter() const { return m_report; }

    QString dataDirectory() const { return m_dataDirectory; }
    // What the window shows now, as it is remembered.
    Connection currentConnection() const { return m_connection; }
    // The Redis server open now, with the password it was given, if any.
    std::optional<RedisUrl> redisServer() const { return m_redis; }

public Q_SLOTS:
    // File > Open Connection: the dialog, on the connection open now.
    void showConnectionDialog();
    // Opens what the dialog chose: saves the profile if it was named, keeps the typed
    // passwords in the keychain if asked, and opens the data.
    void openConnection(const porthole::ConnectionChoice &choice);
    // File > Settings: the dialog; what it keeps is used at once where it can be (the
    // Overview's refresh and stale threshold, the theme, the tables' font).
    void showSettings();
    void setPreferences(const porthole::Preferences &preferences);
    Preferences preferences() const { return m_preferences; }
    // How often the Overview looks at the sources again, in milliseconds.
    int overviewRefreshMs() const { return m_refresh->interval(); }
    // What the receiver is started with for what the Ingest pane asks: false, with the
    // problem, when the request cannot be followed.
    bool ingestConfig(const IngestRequest &request, const DatabaseUrl &database,
                      IngestConfig *config, QString *problem) const;

    // Welcome > Start the demo: fills the demo store (the first time), starts a private Redis
    // server with traffic when redis-server is installed, then opens the store with the
    // receiver following the traffic.
    void startDemo();
    DemoSession *demo() const { return m_demo; }
    // The program the demo runs its steps with (`porthole generate`...): this one by default.
    void setDemoProgram(const QString &program) { m_demoProgram = program; }

    // Opens a profile or a recent connection. A password the URL lacks is taken from the
    // environment (PGPASSWORD, ~/.pgpass, REDISCLI_AUTH) or else the system keychain.
    void openRemembered(const porthole::Connection &connection);

Q_SIGNALS:
    // The window shows other data now.
    void connectionOpened(const porthole::Connection &connection);
    // Something the operator must read (a database that cannot be used, a password not
    // kept): runGui shows it in a message box.
    void problem(const QString &title, const QString &text);

private:
    struct Sources
    {
        Connection connection;
        DatabaseUrl database;
        QString batchDirectory;
        std::optional<RedisUrl> redis;
    };
    void openSources(const Sources &sources);
    Sources sourcesOf(const Connection &connection, const DatabaseUrl &database,
                      const std::optional<RedisUrl> &redis) const;
    void withPasswords(Sources sources, std::function<void(const Sources &)> then);
    void keepPasswords(const ConnectionChoice &choice);
    void fillRecentMenu();
    void showWelcome();
    void startIngestAsked();
    void prepareDatabase(const DatabaseUrl &url, bool embedded);
    // Migrates (or adopts) after showing the plan and asking; the problem, or empty.
    QString migrateAfterAsking(MigrationRunner &runner, const DatabaseUrl &url, bool embedded);
    void setUpIngest(const DatabaseUrl &database, const QString &batches);
    void setUpExport(const ConnectionFactory &connections, const Sources &sources);
    void setUpActions(const ConnectionFactory &connections, bool readOnly, QueuesPane *queues,
                      DeadLettersPane *deadLetters, Pane *audit);

    GuiOptions m_options;
    Question m_ask;
    QString m_databaseProblem;
    QStringList m_tables;    // the tables and views of the database open now
    bool m_readOnly = false; // the data open now was attached read-only: nothing writes to it
    QString m_dataDirectory;
    QString m_defaultBatchDirectory;
    Connection m_connection;
    std::optional<RedisUrl> m_redis;
    QObject *m_session = nullptr; // parent of the models of the data open now
    SourceStatusModel *m_sources = nullptr;
    SourceProbeService *m_probes = nullptr;
    IngestService *m_ingest = nullptr;
    ActionController *m_actions = nullptr; // of the data open now
    ExportController *m_export = nullptr;  // of the data open now
    ReportController *m_report = nullptr;  // of the data open now
    PasswordStore *m_passwords = nullptr;
    Preferences m_preferences;
    QTimer *m_refresh = nullptr;
    DemoSession *m_demo = nullptr;
    QString m_demoProgram;
    std::unique_ptr<MainWindow> m_window;
};

// Runs the window until it is closed; returns the exit code. Needs a QApplication.
int runGui(const GuiOptions &options);

} // namespace porthole
