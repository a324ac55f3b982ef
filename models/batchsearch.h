#pragma once

#include "workerthread.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace porthole {

// One line of a batch store that matches a search.
struct BatchSearchHit
{
    qint64 batchId = 0;
    qint64 lineNumber = 0;     // from 1
    qint64 messageNumber = -1; // -1: a damaged line (found by its text)
    QString text;              // the content (or the damaged line), shortened for a list

    friend bool operator==(const BatchSearchHit &, const BatchSearchHit &) = default;
};

// What was typed into the search field: `#42` or `42` looks for message number 42, anything
// else for text in the messages' content (and in damaged lines), ignoring case.
struct BatchSearchQuery
{
    enum class Kind
    {
        Number,
        Text,
    };
    Kind kind = Kind::Text;
    qint64 number = 0;
    QString text;

    // Nothing for an empty (or blank) input.
    static std::optional<BatchSearchQuery> parse(const QString &input);
    QString describe() const; // "message #42", "“timeout”"
};

// Finds messages by number or text across the files of a batch store, on a thread of its own.
// Starting a search cancels the one under way. Hits arrive in batches as they are found
// (hitsFound), then finished(); hits() keeps them all in store order, for find next/previous.
class BatchSearch : public QObject
{
    Q_OBJECT

public:
    // A search stops after this many hits: more is no help to a person.
    static constexpr int hitLimit = 10000;

    explicit BatchSearch(QObject *parent = nullptr);
    // Cancels a search under way and waits for its thread (at most the file it is reading).
    ~BatchSearch() override;

    // Searches the files batchIds of the store in directory, in that order (put the file the
    // operator is at first: its hits come first). Returns false for an empty query.
    bool start(const QString &directory, const QString &query, const QList<qint64> &batchIds);
    void cancel();

    bool isRunning() const { return m_running; }
    QString query() const { return m_query; }
    const QList<BatchSearchHit> &hits() const { return m_hits; } // by file, then line
    bool limitReached() const { return m_limitReached; }
    qint64 filesSearched() const { return m_filesSearched; }

    // The first hit after the line (batchId, lineNumber) in store order, that line itself
    // included or not; nothing when there is none (yet).
    std::optional<BatchSearchHit> nextHit(qint64 batchId, qint64 lineNumber,
                                          bool included = false) const;
    std::optional<BatchSearchHit> previousHit(qint64 batchId, qint64 lineNumber) const;
    int indexOf(const BatchSearchHit &hit) const; // in hits(); -1 when not there

Q_SIGNALS:
    void hitsFound(const QList<porthole::BatchSearchHit> &hits);
    void progress(qint64 filesSearched, qint64 files);
    void finished();

private:
    void onHits(quint64 generation, const QList<porthole::BatchSearchHit> &hits,
                qint64 filesSearched);
    void onFinished(quint64 generation, qint64 filesSearched, bool limitReached);

    WorkerThread m_thread;
    QObject *m_worker = nullptr;                    // lives on m_thread
    std::shared_ptr<std::atomic<quint64>> m_latest; // the generation to run; others stop
    quint64 m_generation = 0;
    QString m_query;
    bool m_running = false;
    bool m_limitReached = false;
    qint64 m_files = 0;
    qint64 m_filesSearched = 0;
    QList<BatchSearchHit> m_hits;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::BatchSearchHit)
