#pragma once

#include "storageerror.h"

#include <QString>

namespace porthole {

// redis://[user:password@]host[:port][/db]. The password is used to AUTH and never shown.
class RedisUrl
{
public:
    static Result<RedisUrl> parse(const QString &text);
    static RedisUrl local(int port);

    QString host() const { return m_host; }
    int port() const { return m_port; }
    int database() const { return m_database; }
    QString userName() const { return m_userName; }
    QString password() const { return m_password; }
    RedisUrl withPassword(const QString &password) const;
    // The same user, password and database on another server: a cluster node.
    RedisUrl atNode(const QString &host, int port) const;

    // The URL with a password, if any, shown as "***"; otherwise it parses back to this URL.
    QString toDisplayString() const;

    friend bool operator==(const RedisUrl &, const RedisUrl &) = default;

private:
    QString m_host = QStringLiteral("127.0.0.1");
    int m_port = 6379;
    int m_database = 0;
    QString m_userName;
    QString m_password;
};

} // namespace porthole
