#pragma once

#include "sqltypes.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace porthole {

// How a port message is found by any part of its text: its payload, metadata (a trace id),
// error or id, case-insensitively (docs/DATABASE.md, "Search"). Through migration 23's index
// where the database has it and the text is three characters or more (its trigrams), else by
// reading the rows. The index is asked once for the rows that hold the text; the listing then
// reads them by their key. A text the index names in more than indexedUpTo rows is found by
// reading the rows in the listing's order, which meets enough of them soon. On SQLite the rows
// the index names are read again and their text checked, so a stale entry never shows a wrong
// row. On PostgreSQL the index is asked for a piece of the text without the trigrams nearly
// every row holds (indexPiece()), the rows it names checked for the whole text, and a text
// that may be common is sampled first.
class PortMessageSearch
{
public:
    static constexpr int indexedUpTo = 5000;

    explicit PortMessageSearch(QSqlDatabase db);

    // Adds to `where` the condition on port_messages that its text holds `text`.
    void addTo(WhereClause &where, const QString &text) const;
    // The rows whose text holds `text`, as the index names them (PostgreSQL: their ids;
    // SQLite: their rowids), when it does and names no more than indexedUpTo; else nothing.
    std::optional<QStringList> rowsHolding(const QString &text) const;
    // Whether a search for `text` reads the index.
    bool readsIndex(const QString &text) const;
    // The query of the index for a text (its one parameter), at most indexedUpTo + 1 rows.
    static QString indexQuery(SqlEngine engine);
    // PostgreSQL: the piece of `text` the index is asked for, in lower case: a run of ASCII
    // letters and digits none of whose trigrams `shares` (trigram -> share of the rows, for
    // those in 1% or more) gives half the rows or more, the one with the rarest trigram (the
    // longer of two), at most eight trigrams around it; with that trigram's share. Nothing
    // when the text has no such run: every trigram of it is common, or none is ASCII.
    struct Piece
    {
        QString text;
        double share = 0;
    };
    static std::optional<Piece> indexPiece(const QString &text,
                                           const QHash<QString, double> &shares);
    // Whether the database has the index (migration 23; on PostgreSQL with pg_trgm).
    bool hasIndex() const;
    // The text of a row, as the index holds it: its columns joined by line breaks.
    static QString body(SqlEngine engine);

private:
    std::optional<QStringList> askIndex(const QString &text) const;
    // PostgreSQL: the share of the rows each trigram is in (those of 1% or more), sampled once
    // a while for each database and kept for every search.
    QHash<QString, double> trigramShares() const;
    // PostgreSQL: whether a twentieth or more of a sample of the rows holds the text.
    bool isCommon(const QString &text) const;

    QSqlDatabase m_db;
    SqlEngine m_engine;
    // The last text asked and what the index named for it: a listing asks for its table and
    // its condition, and the index is read once for both. A search is made for one read.
    mutable std::optional<std::pair<QString, std::optional<QStringList>>> m_asked;
};

} // namespace porthole
