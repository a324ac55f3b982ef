#pragma once

#include <QString>
#include <QStringList>

namespace porthole {

// The SQL console's history: the statements run, the latest first, each once, at most
// `limit`; kept in the settings (QSettings, "tables/consoleHistory"), so that the next session
// finds them. Nothing but the statements' text is kept.
class QueryHistory
{
public:
    explicit QueryHistory(int limit = 50);

    // The statements, the latest first.
    QStringList statements() const;
    // `sql` first (moved there if it was run before); the oldest go beyond the limit.
    void add(const QString &sql);
    void clear();

private:
    int m_limit;
};

} // namespace porthole
