#pragma once

#include "redispagedmodel.h"
#include "streambrowser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

namespace porthole {

// The keys that SCAN finds for a pattern and a type, with each one's type, length, memory and
// time to live: a step of SCAN for each page, never KEYS. SCAN may name a key twice; it is
// listed once.
class RedisKeyModel : public RedisPagedModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        TypeColumn,
        LengthColumn,
        MemoryColumn,
        TtlColumn,
        ColumnCount
    };
    enum Role
    {
        KeyRole = Qt::UserRole + 1, // QByteArray: the key's name as Redis has it
        TypeRole,                   // QByteArray: "stream", "list", "channel", ...
        SortRole,                   // a number for the number columns
        KnownRole,                  // bool: one Porthole receives from (setKnownKeys)
    };
    // A stream, list or pub/sub channel Porthole receives from: listed first, whether SCAN
    // finds it or not (a channel is no key; a stream may not exist yet).
    struct KnownKey
    {
        QByteArray name;
        QByteArray type; // "stream", "list" or "channel"

        friend bool operator==(const KnownKey &, const KnownKey &) = default;
    };
    // Keys a page adds at least, unless the scan ends first; SCAN looks at this many keys a
    // step, and at most maxSteps steps a page (so a page of a pattern that few keys match
    // ends after maxSteps * keysPerStep keys looked at, and the next page goes on).
    static constexpr int keysPerPage = 200;
    static constexpr int keysPerStep = 1000;
    static constexpr int maxSteps = 50;

    explicit RedisKeyModel(RedisBrowser *browser, QObject *parent = nullptr);

    // Starts a scan anew: keys matching `pattern` (a glob; empty: every key) of `type` (empty:
    // any).
    void scan(const QByteArray &pattern, const QByteArray &type = {});
    // No keys, no scan.
    void clear();
    // The keys Porthole receives from, read at the start of each scan (those the pattern and
    // type match).
    void setKnownKeys(const QList<KnownKey> &keys) { m_known = keys; }
    QList<KnownKey> knownKeys() const { return m_known; }
    QByteArray pattern() const { return m_pattern; }
    QByteArray type() const { return m_type; }
    RedisKey keyAt(int row) const { return m_keys.value(row); }
    // The row of the key `name`; -1 when it has not been found (yet).
    int rowOf(const QByteArray &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString bytesText(qint64 bytes);

protected:
    void loadMore() override;
    void clearRows() override;

private:
    bool append(const RedisKeyPage &page);
    QString nameToolTip(const RedisKey &key) const;

    QByteArray m_pattern;
    QByteArray m_type;
    QByteArray m_cursor = "0";
    QList<RedisKey> m_keys;
    QSet<QByteArray> m_seen;
    QList<KnownKey> m_known;
    QSet<QByteArray> m_knownNames; // of this scan
};

// Whether `text` matches the glob `pattern` as Redis's MATCH takes it: * any bytes, ? one,
// [abc], [^a], [a-z] a set, \ a character taken literally.
bool globMatches(QByteArrayView pattern, QByteArrayView text);

} // namespace porthole
