#include "redisurl.h"

#include "displayurl.h"

#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

Result<RedisUrl> RedisUrl::parse(const QString &text)
{
    // The reason may quote the URL again (QUrl's does): both are shown without a password.
    const auto bad = [&text](const QString &why) {
        return StorageError::invalidArgument(
            u"Not a Redis URL: \"%1\": %2. Use redis://[user:password@]host:port/db."_s.arg(
                displayUrl(text), displayUrl(why)));
    };
    const QUrl qurl(text.trimmed(), QUrl::StrictMode);
    if (qurl.scheme() != u"redis"_s)
        return bad(u"the scheme must be redis"_s);
    if (!qurl.isValid() || qurl.host().isEmpty())
        return bad(qurl.isValid() ? u"the host is missing"_s : qurl.errorString());
    if (qurl.hasQuery() || qurl.hasFragment())
        return bad(u"it has a query or fragment, which Porthole does not use"_s);

    RedisUrl url;
    url.m_host = qurl.host();
    // An IPv6 address's zone (fe80::1%eth0) is an interface's name: QUrl gives other characters
    // back still percent-encoded when it reads its own string again, another host.
    if (const qsizetype zone = url.m_host.indexOf(u'%'); zone >= 0) {
        const QStringView name = QStringView(url.m_host).mid(zone + 1);
        const auto interfaceChar = [](QChar c) {
            return (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'-' || c == u'_' ||
                   c == u'.';
        };
        if (name.isEmpty() || !std::all_of(name.begin(), name.end(), interfaceChar))
            return bad(u"the IPv6 zone must be an interface's name, such as eth0"_s);
    }
    url.m_port = qurl.port(6379);
    if (url.m_port <= 0 || url.m_port > 65535)
        return bad(u"the port is out of range"_s);
    url.m_userName = qurl.userName(QUrl::FullyDecoded);
    url.m_password = qurl.password(QUrl::FullyDecoded);
    const QString path = qurl.path(QUrl::FullyDecoded).mid(1);
    if (!path.isEmpty()) {
        bool ok = false;
        url.m_database = path.toInt(&ok);
        if (!ok || url.m_database < 0)
            return bad(u"the database must be a number from 0"_s);
    }
    return url;
}

RedisUrl RedisUrl::local(int port)
{
    RedisUrl url;
    url.m_port = port;
    return url;
}

RedisUrl RedisUrl::withPassword(const QString &password) const
{
    RedisUrl copy = *this;
    copy.m_password = password;
    return copy;
}

RedisUrl RedisUrl::atNode(const QString &host, int port) const
{
    RedisUrl copy = *this;
    copy.m_host = host;
    copy.m_port = port;
    return copy;
}

QString RedisUrl::toDisplayString() const
{
    QUrl url;
    url.setScheme(u"redis"_s);
    url.setHost(m_host);
    url.setPort(m_port);
    url.setUserName(m_userName);
    if (!m_password.isEmpty())
        url.setPassword(u"***"_s);
    if (m_database != 0)
        url.setPath(u"/"_s + QString::number(m_database));
    // Encoded, so that parse() (strict, and trimming white space) reads it back as this URL:
    // a decoded space, or a name ending in U+00A0, would not survive it.
    return url.toString(QUrl::FullyEncoded);
}

} // namespace porthole
