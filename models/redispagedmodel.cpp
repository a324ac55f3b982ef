#include "redispagedmodel.h"

namespace porthole {

RedisPagedModel::RedisPagedModel(RedisBrowser *browser, QObject *parent)
    : QAbstractTableModel(parent)
    , m_browser(browser)
{
    Q_ASSERT(browser);
}

bool RedisPagedModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading && m_error.isEmpty();
}

void RedisPagedModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadMore();
}

void RedisPagedModel::restart()
{
    beginResetModel();
    ++m_generation; // the answers on their way are for what was open before
    m_loading = false;
    // Until the first page is asked for, there is nothing more to fetch: a view the reset
    // makes ask for more must not read from anywhere but where the caller opens.
    m_atEnd = true;
    m_capped = false;
    m_error.clear();
    clearRows();
    endResetModel();
    Q_EMIT stateChanged();
}

void RedisPagedModel::setLoading(bool loading)
{
    m_loading = loading;
    Q_EMIT stateChanged();
}

void RedisPagedModel::finish(bool last, const QString &error)
{
    m_loading = false;
    m_error = error;
    m_capped = rowCount() >= rowLimit();
    m_atEnd = last || m_capped;
    Q_EMIT stateChanged();
    if (!error.isEmpty())
        Q_EMIT failed(error);
}

} // namespace porthole
