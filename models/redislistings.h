#pragma once

#include "rediskeymodel.h"
#include "redispagedmodel.h"
#include "streambrowser.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

namespace porthole {

// The listings of the Redis pane, each read a page at a time through a RedisBrowser (see
// RedisPagedModel): the keys of the server, a stream's entries, a group's pending entries, a
// list's elements. Nothing here changes anything on the server.

// Whether `payload` reads as text: UTF-8 without NUL bytes (else it is shown in hex).
bool isReadableText(const QByteArray &payload);
// How a payload reads for a person: its first line of text, or the first bytes in hex.
QString payloadSummary(const QByteArray &payload, int maxChars = 300);
// `bytes` as a hex dump, 16 bytes a line: offset, the bytes in hex, the printable ones as
// text ("00000010  7b 22 69 64 ...  |{"id...|"); up to `maxBytes`, then a line saying how
// many more there are.
QString hexDump(const QByteArray &bytes, int maxBytes = 64 * 1024);
// "… 1,234 more bytes not shown": the line under a value shown in part.
QString moreBytesNotShown(qsizetype count);

// A stream's entries a page at a time: newest first, oldest first, or oldest first from a
// time (a jump: the entry ids are the times they were added).
class StreamEntryModel : public RedisPagedModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        AddedColumn,
        FieldsColumn,
        ContentColumn,
        ColumnCount
    };
    enum Role
    {
        EntryIdRole = Qt::UserRole + 1, // QByteArray
        PayloadRole,                    // QByteArray: what the ingest takes as the payload
    };
    static constexpr int pageSize = 200;

    explicit StreamEntryModel(RedisBrowser *browser, QObject *parent = nullptr);

    // The newest entries first (Backward) or the oldest (Forward).
    void open(const QByteArray &key, StreamDirection direction);
    // The entries added at `time` or later, oldest first.
    void openAt(const QByteArray &key, const QDateTime &time);
    // The entry `id` and those after it, oldest first: it is the first row, unless it is gone.
    void openFrom(const QByteArray &key, const QByteArray &id);
    QByteArray key() const { return m_key; }
    StreamDirection direction() const { return m_direction; }
    StreamEntry entryAt(int row) const { return m_entries.value(row); }
    // What the ingest would take as its payload (see streamEntryPayload), and its dead-letter
    // reason if it would keep it as one.
    static QByteArray payloadOf(const StreamEntry &entry, QString *deadReason = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    void loadMore() override;
    void clearRows() override;

private:
    // A page as read, with its entries' summaries (ContentColumn).
    struct Page
    {
        QList<StreamEntry> entries;
        QList<QString> summaries;
    };
    void loadPage(RedisBrowser::Read<QList<StreamEntry>> read);
    bool append(const Page &page);

    QByteArray m_key;
    StreamDirection m_direction = StreamDirection::Backward;
    QList<StreamEntry> m_entries;
    QList<QString> m_summaries; // ContentColumn, made once per entry
};

// The entries delivered to a group's consumers and not acknowledged (XPENDING), by id, with
// how long each has waited and how often it was delivered; one delivered more often than the
// worker's --max-deliveries is flagged as poison: the worker would move it to the dead letters.
class PendingEntryModel : public RedisPagedModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        ConsumerColumn,
        IdleColumn,
        DeliveriesColumn,
        AddedColumn, // when the entry was added to the stream (its id says)
        ColumnCount
    };
    enum Role
    {
        EntryIdRole = Qt::UserRole + 1, // QByteArray
        PoisonRole,                     // bool: delivered more than maxDeliveries times
        SortRole,
    };
    static constexpr int pageSize = 200;

    explicit PendingEntryModel(RedisBrowser *browser, QObject *parent = nullptr);

    // Lists what `query` names (its `after` and `count` are the model's to set).
    void open(const PendingQuery &query);
    PendingQuery query() const { return m_query; }
    void setMaxDeliveries(qint64 deliveries);
    qint64 maxDeliveries() const { return m_maxDeliveries; }
    PendingEntry entryAt(int row) const { return m_entries.value(row); }
    // Poison entries among the rows read.
    int poisonCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    void loadMore() override;
    void clearRows() override;

private:
    bool isPoison(const PendingEntry &entry) const { return entry.deliveries > m_maxDeliveries; }

    PendingQuery m_query;
    qint64 m_maxDeliveries = 5;
    QList<PendingEntry> m_entries;
};

// A list used as a queue, from its head (index 0, where LPUSH adds) or from its tail, a window
// of LRANGE at a time. The list moves while it is read: the indexes are those of the moment
// each page was read.
class ListElementModel : public RedisPagedModel
{
    Q_OBJECT

public:
    enum Column
    {
        IndexColumn,
        ElementColumn,
        ColumnCount
    };
    enum Role
    {
        ElementRole = Qt::UserRole + 1, // QByteArray
    };
    enum class End
    {
        Head,
        Tail,
    };
    static constexpr int pageSize = 200;

    explicit ListElementModel(RedisBrowser *browser, QObject *parent = nullptr);

    void open(const QByteArray &key, End end);
    QByteArray key() const { return m_key; }
    End end() const { return m_end; }
    // The list's length when the last page was read; -1 before the first.
    qint64 length() const { return m_length; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    void loadMore() override;
    void clearRows() override;

private:
    QByteArray m_key;
    End m_end = End::Head;
    qint64 m_length = -1;
    QList<std::pair<qint64, QByteArray>> m_elements; // index, element
};

} // namespace porthole
