#pragma once

#include "gotolookup.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace porthole {

// What a GoToSource answers a search with, on the thread of the model that asked.
using GoToReply = std::function<void(const Result<QList<GoToHit>> &found)>;

// Where Go to anything finds things of some kinds: the database, the batch-file store, a Redis
// server, the saved views. A source that needs a connection does its reads off the GUI thread
// and answers by a queued call; a source deleted before it answers never answers.
class GoToSource
{
public:
    virtual ~GoToSource() = default;
    // The kinds it finds (none when it has nothing to search).
    virtual QList<GoToKind> kinds() const = 0;
    // Looks for `text`, at most `limit` things of each kind, and calls `reply` once with what it
    // found. A later search makes this one stale: a source may give it up.
    virtual void search(const QString &text, int limit, GoToReply reply) = 0;
};

// The saved views of a pane, by name: a view whose name contains the text. The names are read
// from `names` at each search (views are saved and deleted while the window is open); none:
// the kind is not offered.
class SavedViewGoToSource : public GoToSource
{
public:
    SavedViewGoToSource(QString paneId, std::function<QStringList()> names);
    SavedViewGoToSource(QString paneId, QStringList names);
    QList<GoToKind> kinds() const override;
    void search(const QString &text, int limit, GoToReply reply) override;

private:
    QString m_paneId;
    std::function<QStringList()> m_names;
};

// Go to anything (Ctrl+K): what its sources found for the text, one row a thing, the kinds in
// their order and, within a kind, names equal to the text first, then those starting with it,
// then the others. Each search is tagged with a generation: answers to an older one are
// dropped, so what is shown always belongs to the text shown. The model asks every source at
// once and adds each answer as it comes; it never waits for one.
class GoToModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        KindColumn,
        NameColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1, // GoToKind as int
        ValueRole,                   // GoToHit::value
        PaneRole,                    // the pane that shows it
    };

    static constexpr int defaultLimit = 8;

    explicit GoToModel(QObject *parent = nullptr);
    ~GoToModel() override;

    // Takes the source over; it is asked from the next search on.
    void addSource(std::unique_ptr<GoToSource> source);
    // Forgets every source (other data is open) and what was found.
    void clearSources();
    // At most this many things of each kind.
    void setLimit(int limit) { m_limit = limit; }

    // Searches every source for `text` now (the box waits for typing to settle); empty clears.
    void setText(const QString &text);
    QString text() const { return m_text; }
    // Answers of the current search still awaited.
    bool isSearching() const { return m_waiting > 0; }
    // What the sources search, in the kinds' order, each once.
    QList<GoToKind> kinds() const;
    // The kinds searched, for a person: "ports, components and Redis keys".
    QString searchedText() const;
    // Why a source could not search (a lost connection), of the current search; empty if none.
    QStringList problems() const { return m_problems; }

    GoToHit hit(int row) const { return m_hits.value(row); }
    QList<GoToHit> hits() const { return m_hits; }

    // "Port", "Component", ... as a row labels its kind.
    static QString kindName(GoToKind kind);
    // "ports", "components", ...
    static QString kindPlural(GoToKind kind);
    // The pane that shows `hit` (as the pane registry names it).
    static QString paneOf(const GoToHit &hit);
    // How well `value` matches `text`: 0 equal, 1 starts with it, 2 contains it (any case).
    static int rank(const QString &value, const QString &text);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The rows changed, or the search finished (isSearching() says which).
    void updated();

private:
    void receive(quint64 generation, const Result<QList<GoToHit>> &found);

    std::vector<std::unique_ptr<GoToSource>> m_sources;
    QString m_text;
    int m_limit = defaultLimit;
    quint64 m_generation = 0;
    int m_waiting = 0;
    QList<GoToHit> m_hits;
    QStringList m_problems;
    std::shared_ptr<int> m_alive; // answers hold it weakly: none is taken after the model went
};

} // namespace porthole
