#include "databaseurl.h"

#include "displayurl.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The reason may quote the URL again (QUrl's does): both are shown without a password.
StorageError badUrl(const QString &text, const QString &why)
{
    return StorageError::invalidArgument(
        u"Not a database URL: \"%1\": %2. Use sqlite:///absolute/path.db, sqlite:relative.db "
        "or postgresql://user@host:port/database."_s.arg(displayUrl(text), displayUrl(why)));
}

Result<DatabaseUrl> parseSqlite(const QString &text)
{
    QString path = text.mid(u"sqlite:"_s.size());
    if (path.startsWith(u"///"_s))
        path = path.mid(2); // sqlite:///abs -> /abs
    else if (path.startsWith(u"//"_s))
        return badUrl(text, u"a SQLite URL has no host; use three slashes for an absolute path"_s);
    if (path.isEmpty())
        return badUrl(text, u"the file path is missing"_s);
    if (path.contains(QChar(u'\0')))
        return badUrl(text, u"the path contains a NUL character"_s);
    DatabaseUrl url = DatabaseUrl::sqliteFile(path);
    // White space at the end of a URL is cut off, so such a file could not be named again.
    if (url.filePath().back().isSpace())
        return badUrl(text, u"the file path ends in white space"_s);
    return url;
}

} // namespace

const QSet<QString> &DatabaseUrl::knownOptions()
{
    static const QSet<QString> options{
        u"sslmode"_s,
        u"sslrootcert"_s,
        u"sslcert"_s,
        u"sslkey"_s,
        u"sslcrl"_s,
        u"connect_timeout"_s,
        u"application_name"_s,
        u"target_session_attrs"_s,
        u"keepalives"_s,
        u"keepalives_idle"_s,
        u"keepalives_interval"_s,
        u"keepalives_count"_s,
        u"options"_s,
        u"service"_s,
        u"passfile"_s,
        u"requiressl"_s,
        u"krbsrvname"_s,
        u"gssencmode"_s,
    };
    return options;
}

DatabaseUrl DatabaseUrl::sqliteFile(const QString &path)
{
    DatabaseUrl url;
    url.m_engine = Engine::SQLite;
    // Qt reads a path that starts with ':' as a resource, never made absolute; here it is a file
    // in the current directory (and ":memory:" a file of that name, not SQLite's in-memory one).
    const QString file = path.startsWith(u':') ? u"./"_s + path : path;
    url.m_filePath = QDir::cleanPath(QFileInfo(file).absoluteFilePath());
    return url;
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(u"sqlite:"_s, Qt::CaseInsensitive))
        return parseSqlite(trimmed);

    const QUrl qurl(trimmed, QUrl::StrictMode);
    const QString scheme = qurl.scheme().toLower();
    if (scheme != u"postgresql"_s && scheme != u"postgres"_s)
        return badUrl(text, scheme.isEmpty() ? u"it has no scheme"_s
                                             : u"the scheme \"%1\" is not known"_s.arg(scheme));
    if (!qurl.isValid())
        return badUrl(text, qurl.errorString());

    DatabaseUrl url;
    url.m_engine = Engine::PostgreSQL;
    url.m_host = qurl.host().isEmpty() ? u"localhost"_s : qurl.host();
    url.m_port = qurl.port(5432);
    if (url.m_port <= 0 || url.m_port > 65535)
        return badUrl(text, u"the port is out of range"_s);
    url.m_userName = qurl.userName(QUrl::FullyDecoded);
    url.m_password = qurl.password(QUrl::FullyDecoded);
    url.m_databaseName = qurl.path(QUrl::FullyDecoded).mid(1);
    if (url.m_databaseName.isEmpty())
        url.m_databaseName = url.m_userName.isEmpty() ? u"postgres"_s : url.m_userName;
    // Checked after the default too: a name with a slash cannot be written as the URL's path.
    if (url.m_databaseName.contains(u'/'))
        return badUrl(text, u"the database name (the user name, when none is given) contains a "
                            "slash"_s);

    const QUrlQuery query(qurl);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"host"_s) { // libpq allows a socket directory here
            url.m_host = value;
            continue;
        }
        if (!knownOptions().contains(key))
            return badUrl(text,
                          u"the option \"%1\" is not a PostgreSQL connection option"_s.arg(key));
        // Qt's PostgreSQL driver takes every ';' of the options for a separator.
        if (value.contains(u';'))
            return badUrl(text, u"the value of the option \"%1\" contains ';', which cannot be "
                                "passed on to PostgreSQL"_s.arg(key));
        url.m_options.insert(key, value);
    }
    return url;
}

DatabaseUrl DatabaseUrl::withDatabaseName(const QString &name) const
{
    DatabaseUrl copy = *this;
    copy.m_databaseName = name;
    return copy;
}

DatabaseUrl DatabaseUrl::withPassword(const QString &password) const
{
    DatabaseUrl copy = *this;
    copy.m_password = password;
    return copy;
}

QString DatabaseUrl::toDisplayString() const
{
    if (m_engine == Engine::SQLite)
        return u"sqlite://"_s + m_filePath;

    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(m_host);
    // A host that a URL's authority cannot hold as it is (a socket folder, which only the
    // query's host= can give) goes back to the query, so that the string parses to this URL.
    const bool hostInQuery = m_host.isEmpty() || url.host() != m_host;
    if (hostInQuery)
        url.setHost(QString());
    url.setPort(m_port);
    url.setUserName(m_userName);
    if (!m_password.isEmpty())
        url.setPassword(u"***"_s);
    url.setPath(u"/"_s + m_databaseName);
    // QUrlQuery takes "%41" in a value for an encoded "A": a '%' of the value is encoded first.
    const auto encoded = [](QString value) {
        return value.replace(u'%', u"%25"_s);
    };
    QUrlQuery query;
    if (hostInQuery)
        query.addQueryItem(u"host"_s, encoded(m_host));
    for (auto it = m_options.cbegin(); it != m_options.cend(); ++it)
        query.addQueryItem(it.key(), encoded(it.value()));
    url.setQuery(query);
    // Encoded, so that parse() (strict, and trimming white space) reads it back as this URL:
    // a decoded space, or a name ending in U+00A0, would not survive it.
    return url.toString(QUrl::FullyEncoded);
}

QString DatabaseUrl::driverName() const
{
    return m_engine == Engine::SQLite ? u"QSQLITE"_s : u"QPSQL"_s;
}

} // namespace porthole
