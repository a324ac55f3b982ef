#include "rediskeymodel.h"

#include "consumergroupmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString countText(qint64 count)
{
    return count < 0 ? QString() : QLocale().toString(count);
}

} // namespace

bool globMatches(QByteArrayView pattern, QByteArrayView text)
{
    while (!pattern.isEmpty()) {
        const char p = pattern.front();
        if (p == '*') {
            pattern = pattern.sliced(1);
            for (qsizetype skip = 0; skip <= text.size(); ++skip) {
                if (globMatches(pattern, text.sliced(skip)))
                    return true;
            }
            return false;
        }
        if (text.isEmpty())
            return false;
        if (p == '[') {
            qsizetype i = 1;
            const bool negate = i < pattern.size() && pattern[i] == '^';
            if (negate)
                ++i;
            bool matched = false;
            for (; i < pattern.size() && pattern[i] != ']'; ++i) {
                if (pattern[i] == '\\' && i + 1 < pattern.size()) {
                    matched |= pattern[++i] == text.front();
                } else if (i + 2 < pattern.size() && pattern[i + 1] == '-' &&
                           pattern[i + 2] != ']') {
                    const char low = std::min(pattern[i], pattern[i + 2]);
                    const char high = std::max(pattern[i], pattern[i + 2]);
                    matched |= text.front() >= low && text.front() <= high;
                    i += 2;
                } else {
                    matched |= pattern[i] == text.front();
                }
            }
            if (matched == negate)
                return false;
            pattern = pattern.sliced(std::min(i + 1, pattern.size()));
        } else {
            const bool escaped = p == '\\' && pattern.size() > 1;
            const char wanted = escaped ? pattern[1] : p;
            if (p != '?' && wanted != text.front())
                return false;
            pattern = pattern.sliced(escaped ? 2 : 1);
        }
        text = text.sliced(1);
    }
    return text.isEmpty();
}

RedisKeyModel::RedisKeyModel(RedisBrowser *browser, QObject *parent)
    : RedisPagedModel(browser, parent)
{}

void RedisKeyModel::scan(const QByteArray &pattern, const QByteArray &type)
{
    m_pattern = pattern;
    m_type = type;
    restart();
    loadMore();
}

void RedisKeyModel::clear()
{
    m_pattern.clear();
    m_type.clear();
    restart();
}

int RedisKeyModel::rowOf(const QByteArray &name) const
{
    for (qsizetype row = 0; row < m_keys.size(); ++row) {
        if (m_keys.at(row).name == name)
            return static_cast<int>(row);
    }
    return -1;
}

void RedisKeyModel::loadMore()
{
    KeyScan scan;
    scan.cursor = m_cursor;
    scan.pattern = m_pattern;
    scan.type = m_type;
    scan.count = keysPerStep;
    // The keys Porthole receives from come first, with the first page.
    QList<KnownKey> known;
    if (m_keys.isEmpty() && m_cursor == "0") {
        for (const KnownKey &key : std::as_const(m_known)) {
            if ((m_pattern.isEmpty() || globMatches(m_pattern, key.name)) &&
                (m_type.isEmpty() || m_type == key.type))
                known.append(key);
        }
        m_knownNames.clear();
        for (const KnownKey &key : std::as_const(known))
            m_knownNames.insert(key.name);
    }
    load<RedisKeyPage>(
        [scan, known](RedisClient &client) mutable -> Result<RedisKeyPage> {
            RedisKeyPage found;
            for (const KnownKey &key : known) {
                auto read = key.type == "channel" ? readChannel(client, key.name)
                                                  : readKey(client, key.name);
                if (!read)
                    return read.error();
                found.keys.append(*read);
            }
            for (int step = 0; step < maxSteps; ++step) {
                auto page = scanKeys(client, scan);
                if (!page)
                    return page.error();
                found.keys.append(page->keys);
                found.cursor = scan.cursor = page->cursor;
                if (scan.cursor == "0" || found.keys.size() >= keysPerPage)
                    break;
            }
            return found;
        },
        [this](const RedisKeyPage &page) { return append(page); });
}

bool RedisKeyModel::append(const RedisKeyPage &page)
{
    m_cursor = page.cursor;
    QList<RedisKey> added;
    for (const RedisKey &key : page.keys) {
        // A key gone meanwhile is left out, unless Porthole receives from it (not made yet).
        if ((key.type != "none" || m_knownNames.contains(key.name)) && !m_seen.contains(key.name)) {
            m_seen.insert(key.name);
            added.append(key);
        }
    }
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_keys.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        m_keys.append(added);
        endInsertRows();
    }
    return m_cursor == "0";
}

void RedisKeyModel::clearRows()
{
    m_keys.clear();
    m_seen.clear();
    m_knownNames.clear();
    m_cursor = "0";
}

int RedisKeyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_keys.size());
}

int RedisKeyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RedisKeyModel::bytesText(qint64 bytes)
{
    return bytes < 0 ? QString() : QLocale().formattedDataSize(bytes);
}

QVariant RedisKeyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RedisKey &key = m_keys.at(index.row());
    switch (role) {
    case KeyRole:
        return key.name;
    case TypeRole:
        return key.type;
    case KnownRole:
        return m_knownNames.contains(key.name);
    case Qt::FontRole: {
        if (!m_knownNames.contains(key.name))
            return {};
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case SortRole:
        switch (index.column()) {
        case LengthColumn:
            return key.length;
        case MemoryColumn:
            return key.memoryBytes;
        case TtlColumn:
            return key.ttlMs < 0 ? std::numeric_limits<qint64>::max() : key.ttlMs;
        case NameColumn: // the known ones first
            return QString(QString(m_knownNames.contains(key.name) ? u'0' : u'1') +
                           QString::fromUtf8(key.name));
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        return index.column() >= LengthColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                              : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return nameToolTip(key);
        if (index.column() == LengthColumn && key.type == "channel")
            return tr("Clients subscribed now: Redis keeps nothing else of a channel");
        if (index.column() == MemoryColumn)
            return tr("MEMORY USAGE, sampled: an estimate for a large key");
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return QString::fromUtf8(key.name);
    case TypeColumn:
        return key.type == "none" ? tr("none yet") : QString::fromLatin1(key.type);
    case LengthColumn:
        return countText(key.length);
    case MemoryColumn:
        return bytesText(key.memoryBytes);
    case TtlColumn:
        if (key.type == "channel" || key.type == "none")
            return QString();
        return key.ttlMs < 0 ? tr("never") : ConsumerGroupModel::durationText(key.ttlMs);
    default:
        return {};
    }
}

// The key's whole name, and its memory and time to live, which the key list shows as columns
// only when asked.
QString RedisKeyModel::nameToolTip(const RedisKey &key) const
{
    const QString name = m_knownNames.contains(key.name)
                             ? tr("%1: Porthole receives from it").arg(QString::fromUtf8(key.name))
                             : QString::fromUtf8(key.name);
    if (key.type == "channel" || key.type == "none")
        return name;
    const QString expires =
        key.ttlMs < 0 ? tr("never expires")
                      : tr("expires in %1").arg(ConsumerGroupModel::durationText(key.ttlMs));
    if (key.memoryBytes < 0)
        return name + u'\n' + expires;
    return name + u'\n' + tr("%1 in memory, %2").arg(bytesText(key.memoryBytes), expires);
}

QVariant RedisKeyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == TtlColumn)
        return tr("Time to live: when Redis deletes the key");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Key");
    case TypeColumn:
        return tr("Type");
    case LengthColumn:
        return tr("Length");
    case MemoryColumn:
        return tr("Memory");
    case TtlColumn:
        return tr("TTL");
    default:
        return {};
    }
}

} // namespace porthole
