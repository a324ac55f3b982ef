#include "repositorysupport.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace porthole {

QString timeOrderedUuid(qint64 unixMs, quint64 randomHigh, quint64 randomLow)
{
    const auto ms = static_cast<quint64>(unixMs) & 0xffffffffffffULL;
    const auto data1 = static_cast<uint>(ms >> 16);
    const auto data2 = static_cast<ushort>(ms & 0xffff);
    const auto data3 = static_cast<ushort>(0x7000 | (randomHigh & 0x0fff));      // version 7
    const auto variant = static_cast<uchar>(0x80 | ((randomHigh >> 12) & 0x3f)); // RFC variant
    const auto byte = [randomLow](int i) {
        return static_cast<uchar>(randomLow >> (8 * i));
    };
    return QUuid(data1, data2, data3, variant, byte(0), byte(1), byte(2), byte(3), byte(4), byte(5),
                 byte(6))
        .toString(QUuid::WithoutBraces);
}

QString groupedCount(qint64 n)
{
    return QLocale::c().toString(n);
}

QString newUuid()
{
    QRandomGenerator *random = QRandomGenerator::system();
    return timeOrderedUuid(QDateTime::currentMSecsSinceEpoch(), random->generate64(),
                           random->generate64());
}

Status checkName(const QString &value, const QString &what, int maxLength)
{
    if (value.isEmpty())
        return StorageError::invalidArgument(u"The %1 is empty; give it a name."_s.arg(what));
    if (value.contains(QChar(u'\0')))
        return StorageError::invalidArgument(
            u"The %1 contains a NUL character, which the database cannot store."_s.arg(what));
    // Characters, as the database counts them: a pair of UTF-16 surrogates is one.
    if (value.size() > maxLength && value.toUcs4().size() > maxLength)
        return StorageError::invalidArgument(
            u"The %1 '%2...' is longer than %3 characters; shorten it."_s.arg(what)
                .arg(value.left(40))
                .arg(maxLength));
    return success();
}

Status checkJson(const QByteArray &json, const QString &what, bool optional)
{
    if (json.isEmpty()) {
        if (optional)
            return success();
        return StorageError{StorageError::Kind::InvalidJson,
                            u"The %1 is empty; it must be a JSON document."_s.arg(what)};
    }
    QJsonParseError error;
    QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return StorageError{StorageError::Kind::InvalidJson,
                            u"The %1 is not valid JSON: %2 at offset %3. Nothing was saved."_s
                                .arg(what, error.errorString())
                                .arg(error.offset)};
    return success();
}

QString distinctValuesCte(const QString &name, const QString &table, const QString &column)
{
    // Each step asks the index for the first value greater than the one before; both engines
    // answer that with one descent of the index. TEXT keeps PostgreSQL from objecting to
    // VARCHAR(n) in one term and VARCHAR in the other.
    return u"%1(value) AS ("
           "SELECT CAST((SELECT %3 FROM %2 ORDER BY %3 LIMIT 1) AS TEXT) "
           "UNION ALL "
           "SELECT CAST((SELECT %3 FROM %2 WHERE %3 > %1.value ORDER BY %3 LIMIT 1) AS TEXT) "
           "FROM %1 WHERE %1.value IS NOT NULL)"_s.arg(name, table, column);
}

QString latestPerComponentSql(SqlEngine engine, const QString &table,
                              const std::function<QString(const QString &alias)> &columns,
                              const QString &filter, const QString &order)
{
    const QString latestOf =
        u"FROM %1 v WHERE v.component_name = c.value%2 ORDER BY %3 LIMIT 1"_s.arg(
            table, filter.isEmpty() ? QString() : u" AND "_s + filter, order);
    const QString from =
        engine == SqlEngine::PostgreSQL
            ? u"FROM components c CROSS JOIN LATERAL (SELECT %1 %2) r"_s.arg(columns(u"v"_s),
                                                                             latestOf)
            : u"FROM components c JOIN %1 r ON r.id = (SELECT v.id %2)"_s.arg(table, latestOf);
    return u"WITH RECURSIVE "_s + distinctValuesCte(u"components"_s, table, u"component_name"_s) +
           u" SELECT "_s + columns(u"r"_s) + u' ' + from +
           u" WHERE c.value IS NOT NULL ORDER BY r.component_name"_s;
}

} // namespace porthole
