#pragma once

#include <QList>
#include <QString>
#include <QVariant>

#include <algorithm>

namespace porthole {

// The values a paged listing is read with and answers in, apart from the SQL that reads it
// (sqlsupport.h): what a model or a view holds of a listing without including <QSqlQuery>.

// How many rows match, and how sure that number is.
struct RowCount
{
    enum class Precision
    {
        Exact,
        AtLeast,
        Estimate
    };
    qint64 value = 0;
    Precision precision = Precision::Exact;

    friend bool operator==(const RowCount &, const RowCount &) = default;
};

// A position in a keyset-paged listing: the sort value and the id of a row.
struct PageKey
{
    QVariant sortValue;
    QString id;

    friend bool operator==(const PageKey &, const PageKey &) = default;
};

struct PageRequest
{
    enum class From
    {
        Start,
        After,
        Before,
        End
    };
    From from = From::Start;
    PageKey key;        // for After and Before
    int limit = 200;    // 1..10000
    QString sortColumn; // empty: the repository's default; others from its allow-list only
    bool descending = false;
};

template <typename T>
struct Page
{
    QList<T> rows;        // always in the requested sort order
    bool atStart = false; // no rows before the first one
    bool atEnd = false;   // no rows after the last one
};

// Both ends of a stretch of a sorted listing, in the listing's order. A paged view reads a
// stretch back by its bounds rather than by its position, so that it sees exactly the rows that
// fall there now: those inserted or removed since it last looked included.
struct KeyRange
{
    PageKey first;             // where the stretch starts
    bool firstIncluded = true; // whether the row at `first` itself belongs to it
    PageKey last;              // where it ends; the row at `last` belongs to it
};

// `request` read forwards from the start: what keyRangeQuery() ran, for finishPage().
inline PageRequest forwardFromStart(PageRequest request)
{
    request.from = PageRequest::From::Start;
    return request;
}

template <typename T>
Page<T> finishPage(QList<T> rows, const PageRequest &request)
{
    using From = PageRequest::From;
    const bool backwards = request.from == From::Before || request.from == From::End;
    const bool more = rows.size() > request.limit;
    if (more)
        rows.removeLast();
    if (backwards)
        std::reverse(rows.begin(), rows.end());
    Page<T> page;
    page.rows = std::move(rows);
    page.atStart = request.from == From::Start || (backwards && !more);
    page.atEnd = request.from == From::End || (!backwards && !more);
    return page;
}

} // namespace porthole
