#pragma once

#include <QDialog>
#include <QUrl>
#include <QWidget>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace porthole {

class RemoteWorkerModel;

// Asks for a remote worker: its address (as `porthole ingest --listen` prints it), a name to
// show, and its token, if it has one. With a fixed URL it asks for the token only.
class RemoteWorkerDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RemoteWorkerDialog(QWidget *parent = nullptr);

    // For "Set token…": the worker is given, only its token is asked.
    void setFixedWorker(const QUrl &url, const QString &name);

    QUrl url() const { return m_url; } // valid once accepted
    QString name() const;
    QString token() const;

    QLineEdit *urlField() const { return m_urlField; }
    QLineEdit *nameField() const { return m_nameField; }
    QLineEdit *tokenField() const { return m_tokenField; }
    QPushButton *okButton() const;
    QString problemText() const;

private:
    void check();

    QUrl m_url;
    QLineEdit *m_urlField = nullptr;
    QLineEdit *m_nameField = nullptr;
    QLineEdit *m_tokenField = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

// The Overview's remote workers: each worker's state, rate, pending entries and last error,
// asked every few seconds (RemoteWorkerModel), with "Add worker…", "Set token…" and "Remove".
// The list (URL, name, whether a token is needed) is kept in the settings; tokens are not:
// they are asked for again each session.
class RemoteWorkersPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RemoteWorkersPanel(QWidget *parent = nullptr);

    RemoteWorkerModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *tokenButton() const { return m_token; }
    QPushButton *removeButton() const { return m_remove; }
    QString noteText() const;

public Q_SLOTS:
    void addWorker();    // opens the dialog
    void setToken();     // for the selected worker
    void removeWorker(); // the selected one

private:
    void load();
    void save() const;
    void update();
    int selectedRow() const;

    RemoteWorkerModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_note = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_token = nullptr;
    QPushButton *m_remove = nullptr;
};

} // namespace porthole
