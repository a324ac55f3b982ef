#pragma once

#include "pagedtableloader.h"

#include <functional>
#include <utility>

namespace porthole {

// The rows of a repository's page as a paged listing holds them: each record with its key.
template <typename Record, typename KeyOf>
Result<PagedRows> pagedRows(const Result<Page<Record>> &page, KeyOf keyOf)
{
    if (!page)
        return page.error();
    PagedRows out;
    out.atStart = page->atStart;
    out.atEnd = page->atEnd;
    out.rows.reserve(page->rows.size());
    for (const Record &record : page->rows)
        out.rows.append({keyOf(record), QVariant::fromValue(record)});
    return out;
}

// A listing over a repository of the usual shape: Repository(db) reads keyset pages of its
// records for a Filter (page(), and pageBetween() for a range of keys) and counts them
// (count()). A record's key is Repository::keyOf(record) unless the listing keys otherwise. A
// listing with more to say (an exact count, an estimate, no rows for an incomplete filter)
// derives from it and overrides what differs.
template <typename Repository, typename Filter, typename Record>
class RepositoryQuery : public PagedQuery
{
public:
    using KeyOf = std::function<PageKey(const Record &)>;

    RepositoryQuery(Filter filter, bool descending, QString sortColumn = {}, KeyOf keyOf = {})
        : m_filter(std::move(filter))
        , m_descending(descending)
        , m_sortColumn(std::move(sortColumn))
        , m_keyOf(keyOf ? std::move(keyOf) : ownKeyOf())
    {}

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        return pagedRows(Repository(db).page(m_filter, request(from, key, limit)), m_keyOf);
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        return pagedRows(Repository(db).pageBetween(m_filter, KeyRange{first, firstIncluded, last},
                                                    request(PageRequest::From::Start, {}, limit)),
                         m_keyOf);
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        return Repository(db).count(m_filter, exactUpTo);
    }

protected:
    // Repository::keyOf(record), where the repository keys a record by itself alone.
    static KeyOf ownKeyOf()
    {
        if constexpr (requires(const Record &record) { Repository::keyOf(record); })
            return [](const Record &record) {
                return Repository::keyOf(record);
            };
        else
            return {};
    }

    PageRequest request(PageRequest::From from, const PageKey &key, int limit) const
    {
        return PageRequest{from, key, limit, m_sortColumn, m_descending};
    }

    const Filter m_filter;
    const bool m_descending;
    const QString m_sortColumn; // empty: the repository's own order
    const KeyOf m_keyOf;
};

} // namespace porthole
