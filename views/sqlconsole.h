#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace porthole {

class ConsoleModel;
class ListingStack;
class QueryHistory;

// The Tables pane's SQL console: an editor for one statement, Run (Ctrl+Enter) and Cancel,
// the history of the statements run (QueryHistory, kept in the settings), and the result of
// `model`, read a page at a time as it scrolls, File > Export writing it whole (the pane hands
// the model's exportSource() on). What went wrong (a refused write, a syntax error, a lost
// connection) shows in the result's place, never in a dialog. The statement runs on the
// model's thread: the window stays responsive, and Cancel stops it.
class SqlConsole : public QWidget
{
    Q_OBJECT

public:
    // Shows `model` (not taken over: the pane keeps it).
    explicit SqlConsole(ConsoleModel *model, QWidget *parent = nullptr);
    ~SqlConsole() override;

    ConsoleModel *model() const { return m_model; }
    QPlainTextEdit *editor() const { return m_editor; }
    QTableView *resultView() const { return m_view; }
    QComboBox *historyBox() const { return m_history; }
    QPushButton *cancelButton() const { return m_cancel; }
    // What stands in the result's place (empty while its rows show), and the line above it.
    QString stateText() const;
    QString statusText() const;

public Q_SLOTS:
    // Runs the editor's statement and adds it to the history.
    void run();
    void cancel();

Q_SIGNALS:
    void statusMessage(const QString &message);
    void exportRequested();

private:
    void updateState();
    void fillHistory();

    ConsoleModel *m_model;
    std::unique_ptr<QueryHistory> m_historyStore;
    QPlainTextEdit *m_editor = nullptr;
    QComboBox *m_history = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_view = nullptr;
    ListingStack *m_stack = nullptr;
};

} // namespace porthole
