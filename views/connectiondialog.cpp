#include "connectiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

enum SourceRole
{
    KindRole = Qt::UserRole,
    IndexRole
};

enum class SourceKind
{
    New,
    Profile,
    Recent
};

QLineEdit *passwordField(const QString &objectName, const QString &placeholder)
{
    auto *field = new QLineEdit;
    field->setObjectName(objectName);
    field->setEchoMode(QLineEdit::Password);
    field->setPlaceholderText(placeholder);
    return field;
}

} // namespace

ConnectionDialog::ConnectionDialog(const QList<Connection> &profiles,
                                   const QList<Connection> &recent, QWidget *parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_recent(recent)
    , m_source(new QComboBox)
    , m_removeProfile(new QPushButton(tr("Delete Profile")))
    , m_database(new QLineEdit)
    , m_databasePassword(
          passwordField(u"databasePassword"_s, tr("from PGPASSWORD, ~/.pgpass or the keychain")))
    , m_folder(new QLineEdit)
    , m_redis(new QLineEdit)
    , m_redisPassword(passwordField(u"redisPassword"_s, tr("from REDISCLI_AUTH or the keychain")))
    , m_profileName(new QLineEdit)
    , m_keepPasswords(new QCheckBox(tr("&Keep the passwords in the system keychain")))
    , m_readOnly(new QCheckBox(tr("R&ead-only: change nothing, not even the schema")))
    , m_problem(new QLabel)
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel))
{
    setObjectName(u"ConnectionDialog"_s);
    setWindowTitle(tr("Open Connection"));

    setUpSources();
    QHBoxLayout *databaseRow = setUpDatabaseRow();
    QHBoxLayout *folderRow = setUpFolderRow();
    QFormLayout *form = setUpForm(databaseRow, folderRow);

    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(u"color: palette(link);"_s);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    for (QLineEdit *field :
         {m_database, m_databasePassword, m_folder, m_redis, m_redisPassword, m_profileName})
        connect(field, &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    validate();
}

// Where the fields are filled from: a new connection, a profile or a recent connection.
void ConnectionDialog::setUpSources()
{
    m_source->setObjectName(u"source"_s);
    const auto addSource = [this](const QString &text, SourceKind kind, qsizetype index) {
        m_source->addItem(text);
        m_source->setItemData(m_source->count() - 1, int(kind), KindRole);
        m_source->setItemData(m_source->count() - 1, int(index), IndexRole);
    };
    addSource(tr("New connection"), SourceKind::New, 0);
    for (qsizetype i = 0; i < m_profiles.size(); ++i)
        addSource(tr("Profile: %1").arg(m_profiles.at(i).name), SourceKind::Profile, i);
    for (qsizetype i = 0; i < m_recent.size(); ++i)
        addSource(tr("Recent: %1").arg(m_recent.at(i).label()), SourceKind::Recent, i);
    connect(m_source, &QComboBox::activated, this, &ConnectionDialog::onSourceChosen);
    m_removeProfile->setObjectName(u"removeProfile"_s);
    m_removeProfile->setEnabled(false);
    connect(m_removeProfile, &QPushButton::clicked, this, &ConnectionDialog::removeProfile);
}

QHBoxLayout *ConnectionDialog::setUpDatabaseRow()
{
    m_database->setObjectName(u"database"_s);
    m_database->setPlaceholderText(tr("a SQLite file, or postgresql://user@host:5432/db"));
    m_database->setMinimumWidth(380);
    auto *browseDatabase = new QPushButton(tr("F&ile…"));
    browseDatabase->setObjectName(u"browseDatabase"_s);
    connect(browseDatabase, &QPushButton::clicked, this, &ConnectionDialog::browseDatabase);
    auto *databaseRow = new QHBoxLayout;
    databaseRow->addWidget(m_database, 1);
    databaseRow->addWidget(browseDatabase);
    return databaseRow;
}

QHBoxLayout *ConnectionDialog::setUpFolderRow()
{
    m_folder->setObjectName(u"folder"_s);
    m_folder->setPlaceholderText(tr("the data directory's batch store"));
    auto *browseFolder = new QPushButton(tr("Fo&lder…"));
    browseFolder->setObjectName(u"browseFolder"_s);
    connect(browseFolder, &QPushButton::clicked, this, &ConnectionDialog::browseFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseFolder);
    return folderRow;
}

QFormLayout *ConnectionDialog::setUpForm(QHBoxLayout *databaseRow, QHBoxLayout *folderRow)
{
    m_redis->setObjectName(u"redis"_s);
    m_redis->setPlaceholderText(tr("none, or redis://host:6379/0"));
    m_profileName->setObjectName(u"profileName"_s);
    m_profileName->setPlaceholderText(tr("a name to save this connection under (optional)"));
    m_keepPasswords->setObjectName(u"keepPasswords"_s);
    m_keepPasswords->setToolTip(tr("Passwords are never written to Porthole's settings. Kept "
                                   "here, they are read from the system keychain next time."));

    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_source, 1);
    sourceRow->addWidget(m_removeProfile);
    auto *form = new QFormLayout;
    form->addRow(tr("&Use:"), sourceRow);
    form->addRow(tr("&Database:"), databaseRow);
    form->addRow(tr("Database &password:"), m_databasePassword);
    form->addRow(tr("&Batch files:"), folderRow);
    // A row of a field and its button: the label's key goes to the field (QFormLayout gives a
    // row that is a layout no buddy, and the label would show its '&').
    for (const auto &[row, field] : {std::pair<QLayout *, QWidget *>{sourceRow, m_source},
                                     {databaseRow, m_database},
                                     {folderRow, m_folder}})
        static_cast<QLabel *>(form->labelForField(row))->setBuddy(field);
    form->addRow(tr("&Redis:"), m_redis);
    form->addRow(tr("Redis pass&word:"), m_redisPassword);
    form->addRow(tr("Save as pro&file:"), m_profileName);
    form->addRow(QString(), m_keepPasswords);
    m_readOnly->setObjectName(u"readOnly"_s);
    m_readOnlyToolTip = tr("The database is attached as it is: it is not migrated, nothing in "
                           "the window can change it (no replay, edit, purge or move, not even "
                           "after unlocking), and the receiver cannot write into it.");
    m_readOnly->setToolTip(m_readOnlyToolTip);
    form->addRow(QString(), m_readOnly);
    return form;
}

void ConnectionDialog::setConnection(const Connection &connection)
{
    m_database->setText(connection.database);
    m_folder->setText(QDir::toNativeSeparators(connection.batchDirectory));
    m_redis->setText(connection.redis);
    m_profileName->setText(connection.name);
    m_readOnly->setChecked(connection.readOnly);
    m_databasePassword->clear();
    m_redisPassword->clear();
}

Result<DatabaseUrl> ConnectionDialog::databaseFromText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return StorageError::invalidArgument(
            tr("Name a database: a SQLite file, or a postgresql:// URL."));
    if (trimmed.startsWith(u"sqlite:"_s) || trimmed.contains(u"://"_s))
        return DatabaseUrl::parse(trimmed);
    QString path = QDir::fromNativeSeparators(trimmed);
    if (path == u"~"_s || path.startsWith(u"~/"_s))
        path = QDir::homePath() + path.mid(1);
    return DatabaseUrl::sqliteFile(QDir::current().absoluteFilePath(path));
}

void ConnectionDialog::focusField(const QString &field)
{
    QLineEdit *edit = field == u"folder"_s ? m_folder : field == u"redis"_s ? m_redis : m_database;
    edit->setFocus(Qt::OtherFocusReason);
    edit->selectAll();
}

Result<ConnectionChoice> ConnectionDialog::choice() const
{
    auto database = databaseFromText(m_database->text());
    if (!database)
        return database.error();
    ConnectionChoice chosen;
    chosen.database = std::move(database).value();
    if (!m_databasePassword->text().isEmpty()) {
        if (chosen.database.isSqlite())
            return StorageError::invalidArgument(tr("A SQLite file takes no password."));
        chosen.database = chosen.database.withPassword(m_databasePassword->text());
    }
    const QString redisText = m_redis->text().trimmed();
    if (!redisText.isEmpty()) {
        auto redis = RedisUrl::parse(redisText);
        if (!redis)
            return redis.error();
        chosen.redis = std::move(redis).value();
        if (!m_redisPassword->text().isEmpty())
            chosen.redis = chosen.redis->withPassword(m_redisPassword->text());
    } else if (!m_redisPassword->text().isEmpty()) {
        return StorageError::invalidArgument(tr("A Redis password needs a Redis server."));
    }
    const QString folder = m_folder->text().trimmed();
    chosen.connection.name = m_profileName->text().trimmed();
    chosen.connection.database = chosen.database.toDisplayString();
    chosen.connection.batchDirectory =
        folder.isEmpty()
            ? QString()
            : QDir::cleanPath(QDir::current().absoluteFilePath(QDir::fromNativeSeparators(folder)));
    chosen.connection.redis = chosen.redis ? chosen.redis->toDisplayString() : QString();
    chosen.connection.readOnly = m_readOnly->isChecked();
    chosen.connection = ConnectionProfiles::withoutPasswords(chosen.connection);
    const bool typedPassword = !chosen.database.password().isEmpty() ||
                               (chosen.redis && !chosen.redis->password().isEmpty());
    chosen.keepPasswords = typedPassword && m_keepPasswords->isChecked();
    return chosen;
}

void ConnectionDialog::onSourceChosen(int index)
{
    const auto kind = SourceKind(m_source->itemData(index, KindRole).toInt());
    const int at = m_source->itemData(index, IndexRole).toInt();
    switch (kind) {
    case SourceKind::New:
        setConnection({});
        break;
    case SourceKind::Profile:
        setConnection(m_profiles.at(at));
        break;
    case SourceKind::Recent:
        setConnection(m_recent.at(at));
        break;
    }
    m_removeProfile->setEnabled(kind == SourceKind::Profile);
    // A profile saved read-only stays so: opened, or saved again under its name. Another
    // connection to the same data is a new one, chosen as such.
    const bool lockedReadOnly = kind == SourceKind::Profile && m_profiles.at(at).readOnly;
    m_readOnly->setEnabled(!lockedReadOnly);
    m_readOnly->setToolTip(lockedReadOnly
                               ? tr("This profile was saved read-only, and opens read-only.")
                               : m_readOnlyToolTip);
}

void ConnectionDialog::removeProfile()
{
    const int index = m_source->currentIndex();
    if (SourceKind(m_source->itemData(index, KindRole).toInt()) != SourceKind::Profile)
        return;
    const QString name = m_profiles.at(m_source->itemData(index, IndexRole).toInt()).name;
    m_source->setItemText(index, tr("Profile: %1 (deleted)").arg(name));
    m_source->setItemData(index, int(SourceKind::New), KindRole);
    m_removeProfile->setEnabled(false);
    if (m_profileName->text().trimmed() == name)
        m_profileName->clear();
    emit profileRemoved(name);
}

void ConnectionDialog::browseDatabase()
{
    const auto current = databaseFromText(m_database->text());
    const QString start = current && current->isSqlite() ? current->filePath() : QDir::homePath();
    // A new file is a new, empty database: Porthole creates its tables on opening.
    const QString path = QFileDialog::getSaveFileName(
        this, tr("SQLite Database"), start,
        tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_database->setText(QDir::toNativeSeparators(path));
}

void ConnectionDialog::browseFolder()
{
    const QString start = m_folder->text().isEmpty() ? QDir::homePath() : m_folder->text();
    const QString path = QFileDialog::getExistingDirectory(this, tr("Batch-File Folder"), start);
    if (!path.isEmpty())
        m_folder->setText(QDir::toNativeSeparators(path));
}

void ConnectionDialog::validate()
{
    const auto chosen = choice();
    m_problem->setText(chosen ? QString() : chosen.errorMessage());
    m_problem->setVisible(!chosen);
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(chosen.ok());
    const auto database = databaseFromText(m_database->text());
    m_databasePassword->setEnabled(!database || !database->isSqlite());
    m_keepPasswords->setEnabled(!m_databasePassword->text().isEmpty() ||
                                !m_redisPassword->text().isEmpty());
}

} // namespace porthole
