#pragma once

#include "redisbrowser.h"

#include <QAbstractTableModel>
#include <QString>

namespace porthole {

// What the Redis pane's listings share: rows read a page at a time through a RedisBrowser, the
// first page when something is opened, the next when the view scrolls to the end
// (canFetchMore/fetchMore), never more than maxRows in all. Opening something else drops the
// answers still coming for what was open before.
class RedisPagedModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Rows kept at the most (unless a listing keeps fewer: rowLimit()): past that, the operator
    // narrows the listing (a time, an idle time) instead of scrolling further.
    static constexpr int maxRows = 100000;

    explicit RedisPagedModel(RedisBrowser *browser, QObject *parent = nullptr);

    bool isLoading() const { return m_loading; }
    // Every row there is has been read (or rowLimit() of them: isCapped()).
    bool atEnd() const { return m_atEnd; }
    bool isCapped() const { return m_capped; }
    // Why the last read failed; empty when it did not.
    QString error() const { return m_error; }

    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

Q_SIGNALS:
    // A page arrived, or the read failed (error()), or the listing was opened anew.
    void stateChanged();
    void failed(const QString &message);

protected:
    RedisBrowser *browser() const { return m_browser; }
    // Forgets what was read (the model resets), for something new to be opened; then load().
    void restart();
    // Reads a page with `read` and hands it to `apply`, on the GUI thread, unless restart()
    // came in between. `apply` appends the rows and says whether that was the last page.
    template <typename T>
    void load(RedisBrowser::Read<T> read, std::function<bool(const T &page)> apply)
    {
        if (m_loading)
            return;
        setLoading(true);
        const quint64 generation = m_generation;
        m_browser->ask<T>(this, std::move(read),
                          [this, generation, apply = std::move(apply)](const Result<T> &page) {
                              if (generation != m_generation)
                                  return;
                              if (page)
                                  finish(apply(*page), {});
                              else
                                  finish(false, page.errorMessage());
                          });
    }
    // The next page after the rows there are; called by fetchMore() while not atEnd().
    virtual void loadMore() = 0;
    // Drops every row, inside restart()'s model reset.
    virtual void clearRows() = 0;
    // Rows kept at the most: maxRows, or fewer for a listing whose rows are large.
    virtual int rowLimit() const { return maxRows; }

private:
    void setLoading(bool loading);
    void finish(bool last, const QString &error);

    RedisBrowser *m_browser;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_atEnd = true;
    bool m_capped = false;
    QString m_error;
};

} // namespace porthole
