#pragma once

#include "redispagedmodel.h"
#include "valuebrowser.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

namespace porthole {

// The values of the Redis pane's keys other than streams and lists, each read a page at a time
// through a RedisBrowser (see RedisPagedModel, and storage/redis/valuebrowser.h for what each
// page asks of Redis): a hash's fields, a set's members, a sorted set's members by rank or by
// score, a string's bytes a range at a time. A row is a label (a field, a score, a range of
// bytes; a set's members have none) and a value, summed up as a stream entry's payload is
// (payloadSummary(), made on the browser's thread with the read). size() is the value's size
// (HLEN, SCARD, ZCARD, STRLEN) as read with the last page. Nothing here changes the server.
class RedisValueModel : public RedisPagedModel
{
    Q_OBJECT

public:
    enum Column
    {
        LabelColumn, // a set has none: its one column is the value
        ValueColumn,
        ColumnCount
    };
    enum Role
    {
        LabelRole = Qt::UserRole + 1, // QByteArray: the field, the score, the range's offset
        ValueRole,                    // QByteArray: the value as Redis holds it
    };
    static constexpr int pageSize = 200;

    QByteArray key() const { return m_key; }
    // Forgets the key and what was read of it (another type is shown: its rows need no memory).
    void clear();
    // The value's size when the last page was read; -1 before the first.
    qint64 size() const { return m_size; }
    QByteArray labelAt(int row) const { return m_rows.value(row).label; }
    QByteArray valueAt(int row) const { return m_rows.value(row).value; }
    // The column of `column` in this model: a set's one column is ValueColumn.
    int columnOf(Column column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    struct Row
    {
        QByteArray label;
        QByteArray value;
        QString labelText;
        QString valueText;
    };
    // `labelled`: the rows have a label (all but a set's).
    RedisValueModel(RedisBrowser *browser, bool labelled, QObject *parent);

    // Forgets what was read, then reads the first page of `key`.
    void openKey(const QByteArray &key);
    // A row with its value summed up: on the browser's thread, with the read.
    static Row makeRow(QByteArray label, QByteArray value, QString labelText);
    void appendRows(const QList<Row> &rows, qint64 size);
    const QList<Row> &rows() const { return m_rows; }
    void clearRows() override;
    virtual QString labelTitle() const = 0;
    virtual QString valueTitle() const = 0;
    virtual Qt::Alignment labelAlignment() const { return Qt::AlignLeft | Qt::AlignVCenter; }

private:
    bool m_labelled;
    QByteArray m_key;
    qint64 m_size = -1;
    QList<Row> m_rows;
};

// A hash's fields and values (HSCAN), or a set's members (SSCAN), a step of the scan a page, in
// the order Redis keeps them. A scan may name an element twice: it is listed once.
class ScannedValueModel : public RedisValueModel
{
    Q_OBJECT

public:
    enum class Of
    {
        Hash,
        Set,
    };

    ScannedValueModel(RedisBrowser *browser, Of of, QObject *parent = nullptr);

    void open(const QByteArray &key) { openKey(key); }
    Of of() const { return m_of; }

protected:
    void loadMore() override;
    void clearRows() override;
    QString labelTitle() const override;
    QString valueTitle() const override;

private:
    Of m_of;
    QByteArray m_cursor = "0";
    QSet<QByteArray> m_seen; // fields or members listed
};

// A sorted set's members with their scores: by rank (lowest score first, or highest), or those
// whose score is within a range, a page of ZRANGE at a time. The set may change while it is
// read: by rank, the ranks are those of the moment each page was read; by score, each page goes
// on after the last score and member read.
class SortedSetModel : public RedisValueModel
{
    Q_OBJECT

public:
    explicit SortedSetModel(RedisBrowser *browser, QObject *parent = nullptr);

    void openByRank(const QByteArray &key, bool highestFirst);
    // `min` and `max` as ZRANGE BYSCORE takes them (isScoreBound()).
    void openByScore(const QByteArray &key, const QByteArray &min, const QByteArray &max,
                     bool highestFirst);
    bool byScore() const { return m_byScore; }
    bool highestFirst() const { return m_query.highestFirst; }
    QByteArray min() const { return m_query.min; }
    QByteArray max() const { return m_query.max; }
    // The members whose score is within the range (ZCOUNT), as read with the last page; by
    // rank, size().
    qint64 inRange() const { return m_inRange; }

protected:
    void loadMore() override;
    void clearRows() override;
    QString labelTitle() const override;
    QString valueTitle() const override;
    Qt::Alignment labelAlignment() const override { return Qt::AlignRight | Qt::AlignVCenter; }

private:
    bool m_byScore = false;
    ZsetScoreQuery m_query;
    qint64 m_inRange = -1;
};

// A string's bytes: read a MiB of GETRANGE at a time (readBytes), never with GET, and no further
// than maxRanges ranges. A string of readBytes or less that is JSON, or of rangeBytes or less,
// is one row, read whole; any other is shown in ranges of rangeBytes, which a table and a text
// view show at once. A range of text that would end within a character ends before it, and the
// next range begins with that character, so that each reads as text.
class StringRangeModel : public RedisValueModel
{
    Q_OBJECT

public:
    static constexpr int readBytes = 1024 * 1024;
    static constexpr int rangeBytes = 64 * 1024;
    static constexpr int maxRanges = 1024; // 64 MiB

    explicit StringRangeModel(RedisBrowser *browser, QObject *parent = nullptr);

    void open(const QByteArray &key) { openKey(key); }
    // The first byte of the range of `row`.
    qint64 offsetAt(int row) const { return labelAt(row).toLongLong(); }
    // The string was read whole, in one range.
    bool isWhole() const;
    // The bytes `bytes` of a range end with, up to the last whole UTF-8 character: all of them
    // unless they are text whose last character is cut.
    static qsizetype wholeCharacters(const QByteArray &bytes);

protected:
    void loadMore() override;
    void clearRows() override;
    int rowLimit() const override { return maxRanges; }
    QString labelTitle() const override;
    QString valueTitle() const override;

private:
    // The rows of `bytes`, read from `offset` of a string of `length` bytes.
    static QList<Row> rangesOf(qint64 offset, const QByteArray &bytes, qint64 length);

    qint64 m_next = 0; // the offset of the next range
};

} // namespace porthole
