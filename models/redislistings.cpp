#include "redislistings.h"

#include "consumergroupmodel.h"
#include "streamentrypayload.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : QString();
}

QString timeToolTip(const QDateTime &time)
{
    return time.isValid() ? RedisPagedModel::tr("UTC: %1").arg(
                                time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s))
                          : QString();
}

} // namespace

bool isReadableText(const QByteArray &payload)
{
    return QUtf8StringView(payload).isValidUtf8() && !payload.contains('\0');
}

QString payloadSummary(const QByteArray &payload, int maxChars)
{
    if (payload.isEmpty())
        return RedisPagedModel::tr("(empty)");
    if (isReadableText(payload)) {
        QString text = QString::fromUtf8(payload.left(maxChars * 4)).simplified();
        if (text.size() > maxChars)
            text = text.left(maxChars - 1) + QChar(0x2026);
        return text;
    }
    const int shown = std::min<qsizetype>(payload.size(), std::max(1, maxChars / 3));
    return RedisPagedModel::tr("binary, %1: %2")
        .arg(QLocale().formattedDataSize(payload.size()),
             QString::fromLatin1(payload.left(shown).toHex(' ')) +
                 (shown < payload.size() ? QString(QChar(0x2026)) : QString()));
}

QString hexDump(const QByteArray &bytes, int maxBytes)
{
    QString dump;
    const qsizetype shown = std::min<qsizetype>(bytes.size(), maxBytes);
    for (qsizetype offset = 0; offset < shown; offset += 16) {
        const QByteArray line = bytes.mid(offset, std::min<qsizetype>(16, shown - offset));
        QString hex = QString::fromLatin1(line.toHex(' '));
        hex = hex.leftJustified(16 * 3 - 1);
        QString text;
        for (const char c : line)
            text += c >= 0x20 && c < 0x7f ? QChar::fromLatin1(c) : u'.';
        dump += u"%1  %2  |%3|\n"_s.arg(offset, 8, 16, QLatin1Char('0')).arg(hex, text);
    }
    if (shown < bytes.size())
        dump += moreBytesNotShown(bytes.size() - shown);
    return dump;
}

QString moreBytesNotShown(qsizetype count)
{
    return RedisPagedModel::tr("… %1 more bytes not shown").arg(QLocale().toString(count));
}

// ---- StreamEntryModel ----

StreamEntryModel::StreamEntryModel(RedisBrowser *browser, QObject *parent)
    : RedisPagedModel(browser, parent)
{}

void StreamEntryModel::open(const QByteArray &key, StreamDirection direction)
{
    m_key = key;
    m_direction = direction;
    restart();
    loadMore();
}

void StreamEntryModel::openAt(const QByteArray &key, const QDateTime &time)
{
    openFrom(key, streamIdAt(time));
}

void StreamEntryModel::openFrom(const QByteArray &key, const QByteArray &id)
{
    m_key = key;
    m_direction = StreamDirection::Forward;
    restart();
    loadPage([key, id](RedisClient &client) { return readStreamFrom(client, key, id, pageSize); });
}

void StreamEntryModel::loadMore()
{
    const QByteArray after = m_entries.isEmpty() ? QByteArray() : m_entries.constLast().id;
    loadPage([key = m_key, direction = m_direction, after](RedisClient &client) {
        return readStreamPage(client, key, direction, after, pageSize);
    });
}

void StreamEntryModel::loadPage(RedisBrowser::Read<QList<StreamEntry>> read)
{
    // The summaries are made on the browser's thread with the read, not on the GUI thread.
    load<Page>(
        [read = std::move(read)](RedisClient &client) -> Result<Page> {
            auto entries = read(client);
            if (!entries)
                return entries.error();
            Page page{std::move(entries).value(), {}};
            page.summaries.reserve(page.entries.size());
            for (const StreamEntry &entry : std::as_const(page.entries))
                page.summaries.append(payloadSummary(payloadOf(entry)));
            return page;
        },
        [this](const Page &page) { return append(page); });
}

QByteArray StreamEntryModel::payloadOf(const StreamEntry &entry, QString *deadReason)
{
    QList<QByteArrayView> elements;
    elements.reserve(entry.fields.size() * 2);
    for (const auto &[name, value] : entry.fields)
        elements << name << value;
    StreamEntryPayload payload = streamEntryPayload(elements);
    if (deadReason)
        *deadReason = payload.deadReason;
    return payload.payload;
}

bool StreamEntryModel::append(const Page &page)
{
    if (!page.entries.isEmpty()) {
        const int first = static_cast<int>(m_entries.size());
        beginInsertRows({}, first, first + static_cast<int>(page.entries.size()) - 1);
        m_entries.append(page.entries);
        m_summaries.append(page.summaries);
        endInsertRows();
    }
    return page.entries.size() < pageSize;
}

void StreamEntryModel::clearRows()
{
    m_entries.clear();
    m_summaries.clear();
}

int StreamEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int StreamEntryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StreamEntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StreamEntry &entry = m_entries.at(index.row());
    if (role == EntryIdRole)
        return entry.id;
    if (role == PayloadRole)
        return payloadOf(entry);
    if (role == Qt::ToolTipRole && index.column() == AddedColumn)
        return timeToolTip(streamIdTime(entry.id));
    if (role == Qt::ToolTipRole && index.column() == ContentColumn)
        return m_summaries.at(index.row());
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return QString::fromLatin1(entry.id);
    case AddedColumn:
        return timeText(streamIdTime(entry.id));
    case FieldsColumn: {
        if (entry.fields.isEmpty())
            return tr("(deleted)");
        QStringList names;
        for (const auto &field : entry.fields)
            names << QString::fromUtf8(field.first).simplified();
        return names.join(u", "_s);
    }
    case ContentColumn:
        return m_summaries.at(index.row());
    default:
        return {};
    }
}

QVariant StreamEntryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Entry id");
    case AddedColumn:
        return tr("Added");
    case FieldsColumn:
        return tr("Fields");
    case ContentColumn:
        return tr("Payload");
    default:
        return {};
    }
}

// ---- PendingEntryModel ----

PendingEntryModel::PendingEntryModel(RedisBrowser *browser, QObject *parent)
    : RedisPagedModel(browser, parent)
{}

void PendingEntryModel::open(const PendingQuery &query)
{
    m_query = query;
    m_query.after.clear();
    m_query.count = pageSize;
    restart();
    loadMore();
}

void PendingEntryModel::setMaxDeliveries(qint64 deliveries)
{
    if (deliveries == m_maxDeliveries)
        return;
    m_maxDeliveries = deliveries;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT stateChanged();
}

int PendingEntryModel::poisonCount() const
{
    return static_cast<int>(std::count_if(m_entries.cbegin(), m_entries.cend(),
                                          [this](const auto &entry) { return isPoison(entry); }));
}

void PendingEntryModel::loadMore()
{
    PendingQuery query = m_query;
    query.after = m_entries.isEmpty() ? QByteArray() : m_entries.constLast().id;
    load<QList<PendingEntry>>(
        [query](RedisClient &client) { return readPendingPage(client, query); },
        [this](const QList<PendingEntry> &entries) {
            if (!entries.isEmpty()) {
                const int first = static_cast<int>(m_entries.size());
                beginInsertRows({}, first, first + static_cast<int>(entries.size()) - 1);
                m_entries.append(entries);
                endInsertRows();
            }
            return entries.size() < pageSize;
        });
}

void PendingEntryModel::clearRows()
{
    m_entries.clear();
}

int PendingEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int PendingEntryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PendingEntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PendingEntry &entry = m_entries.at(index.row());
    switch (role) {
    case EntryIdRole:
        return entry.id;
    case PoisonRole:
        return isPoison(entry);
    case SortRole:
        if (index.column() == IdleColumn)
            return entry.idleMs;
        if (index.column() == DeliveriesColumn)
            return entry.deliveries;
        return data(index, Qt::DisplayRole);
    case Qt::ForegroundRole:
        return isPoison(entry) ? QVariant(QBrush(QColor(0xb0, 0x20, 0x20))) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == DeliveriesColumn && isPoison(entry))
            return tr("Delivered %1 times, more than the worker's --max-deliveries (%2): a poison "
                      "entry, which the worker moves to the dead letters when it next claims it.")
                .arg(entry.deliveries)
                .arg(m_maxDeliveries);
        if (index.column() == AddedColumn)
            return timeToolTip(streamIdTime(entry.id));
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == IdleColumn || index.column() == DeliveriesColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case IdColumn:
        return QString::fromLatin1(entry.id);
    case ConsumerColumn:
        return entry.consumer;
    case IdleColumn:
        return ConsumerGroupModel::durationText(entry.idleMs);
    case DeliveriesColumn:
        return isPoison(entry) ? tr("%1 (poison)").arg(entry.deliveries)
                               : QLocale().toString(entry.deliveries);
    case AddedColumn:
        return timeText(streamIdTime(entry.id));
    default:
        return {};
    }
}

QVariant PendingEntryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Entry id");
    case ConsumerColumn:
        return tr("Consumer");
    case IdleColumn:
        return tr("Idle");
    case DeliveriesColumn:
        return tr("Deliveries");
    case AddedColumn:
        return tr("Added");
    default:
        return {};
    }
}

// ---- ListElementModel ----

ListElementModel::ListElementModel(RedisBrowser *browser, QObject *parent)
    : RedisPagedModel(browser, parent)
{}

void ListElementModel::open(const QByteArray &key, End end)
{
    m_key = key;
    m_end = end;
    restart();
    loadMore();
}

void ListElementModel::loadMore()
{
    // From the head: 0, 200, ...; from the tail: -200 (shown last first), -400, ...
    const qint64 read = m_elements.size();
    const qint64 start = m_end == End::Head ? read : -(read + pageSize);
    load<ListPage>([key = m_key, start](
                       RedisClient &client) { return readListPage(client, key, start, pageSize); },
                   [this, start](const ListPage &page) {
                       m_length = page.length;
                       QList<std::pair<qint64, QByteArray>> added;
                       for (qsizetype i = 0; i < page.elements.size(); ++i)
                           added.append({page.start + i, page.elements.at(i)});
                       if (m_end == End::Tail)
                           std::reverse(added.begin(), added.end());
                       if (!added.isEmpty()) {
                           const int first = static_cast<int>(m_elements.size());
                           beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
                           m_elements.append(added);
                           endInsertRows();
                       }
                       const qint64 reach = m_end == End::Head ? start + pageSize : -start;
                       return page.elements.size() < pageSize || reach >= page.length;
                   });
}

void ListElementModel::clearRows()
{
    m_elements.clear();
    m_length = -1;
}

int ListElementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_elements.size());
}

int ListElementModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ListElementModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &[position, element] = m_elements.at(index.row());
    if (role == ElementRole)
        return element;
    if (role == Qt::TextAlignmentRole && index.column() == IndexColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    return index.column() == IndexColumn ? QVariant(QLocale().toString(position))
                                         : QVariant(payloadSummary(element));
}

QVariant ListElementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == IndexColumn)
        return tr("Index");
    return section == ElementColumn ? tr("Element") : QVariant();
}

} // namespace porthole
