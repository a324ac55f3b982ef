#pragma once

#include "connectionprofiles.h"
#include "databaseurl.h"
#include "redisurl.h"
#include "storageerror.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace porthole {

// What the operator asked to open.
struct ConnectionChoice
{
    Connection connection;         // as it is kept: without passwords
    DatabaseUrl database;          // with the password typed, if any
    std::optional<RedisUrl> redis; // with the password typed, if any
    bool keepPasswords = false;    // put the typed passwords in the system keychain
};

// File > Open Connection: a database (a SQLite file or a PostgreSQL URL), a batch-file
// folder and a Redis server, typed, browsed to, or taken from a profile or a recent
// connection. Passwords are typed in fields of their own, used for this connection and,
// if asked, kept in the system keychain; never in the settings.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectionDialog(const QList<Connection> &profiles, const QList<Connection> &recent,
                     QWidget *parent = nullptr);

    // Fills the fields (from the connection open now, say).
    void setConnection(const Connection &connection);
    // Puts the cursor in a field: "database", "folder" or "redis" (the welcome page's ways in).
    void focusField(const QString &field);
    // What the fields say, or why they cannot be opened.
    Result<ConnectionChoice> choice() const;

    // Turns what was typed into a database URL: a URL, or a SQLite file's path.
    static Result<DatabaseUrl> databaseFromText(const QString &text);

Q_SIGNALS:
    // The operator deleted a profile in the dialog.
    void profileRemoved(const QString &name);

private:
    void setUpSources();
    QHBoxLayout *setUpDatabaseRow();
    QHBoxLayout *setUpFolderRow();
    QFormLayout *setUpForm(QHBoxLayout *databaseRow, QHBoxLayout *folderRow);
    void onSourceChosen(int index);
    void removeProfile();
    void browseDatabase();
    void browseFolder();
    void validate();

    QList<Connection> m_profiles;
    QList<Connection> m_recent;
    QComboBox *m_source = nullptr;
    QPushButton *m_removeProfile = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_databasePassword = nullptr;
    QLineEdit *m_folder = nullptr;
    QLineEdit *m_redis = nullptr;
    QLineEdit *m_redisPassword = nullptr;
    QLineEdit *m_profileName = nullptr;
    QCheckBox *m_keepPasswords = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QString m_readOnlyToolTip;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace porthole
