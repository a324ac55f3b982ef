#include "queryhistory.h"

#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsKey = u"tables/consoleHistory"_s;

} // namespace

QueryHistory::QueryHistory(int limit)
    : m_limit(std::max(1, limit))
{}

QStringList QueryHistory::statements() const
{
    return QSettings().value(settingsKey).toStringList();
}

void QueryHistory::add(const QString &sql)
{
    const QString statement = sql.trimmed();
    if (statement.isEmpty())
        return;
    QStringList list = statements();
    list.removeAll(statement);
    list.prepend(statement);
    while (list.size() > m_limit)
        list.removeLast();
    QSettings().setValue(settingsKey, list);
}

void QueryHistory::clear()
{
    QSettings().remove(settingsKey);
}

} // namespace porthole
