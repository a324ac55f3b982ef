#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace porthole {

// Passwords in the system keychain (the Secret Service, KWallet, the macOS Keychain or the
// Windows credential store, through QtKeychain), never in a file of Porthole's. Every call
// is asynchronous: the keychain may ask the user to unlock it. Where no keychain runs, the
// calls fail with a message saying so; nothing falls back to plain text.
class PasswordStore : public QObject
{
    Q_OBJECT

public:
    explicit PasswordStore(QString service = QStringLiteral("Porthole"), QObject *parent = nullptr);

    struct Answer
    {
        QString password; // empty when none is kept
        QString error;    // empty when the keychain answered (also when it had none)
    };
    void read(const QString &key, std::function<void(const Answer &)> done);
    // Reads each key in turn; done gets the passwords found, by key. Keys the keychain has
    // nothing for, or cannot answer for, are left out.
    void readAll(const QStringList &keys,
                 std::function<void(const QHash<QString, QString> &found)> done);
    // done gets the error, empty on success.
    void write(const QString &key, const QString &password,
               std::function<void(const QString &error)> done);
    void remove(const QString &key, std::function<void(const QString &error)> done);

private:
    struct Reading
    {
        QStringList left;
        QHash<QString, QString> found;
        std::function<void(const QHash<QString, QString> &)> done;
    };
    void readNext(std::shared_ptr<Reading> reading);

    QString m_service;
};

} // namespace porthole
