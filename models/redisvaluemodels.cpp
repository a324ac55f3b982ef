#include "redisvaluemodels.h"

#include "redislistings.h"

#include <QJsonDocument>
#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// How a field's name or a member reads in the label column: as payloadSummary() has it, shorter.
constexpr int labelChars = 120;

// A score as a person reads it: the shortest decimal that is the same double.
QString scoreText(const QByteArray &score)
{
    bool ok = false;
    const double value = score.toDouble(&ok);
    if (!ok || std::isinf(value))
        return QString::fromLatin1(score);
    return QLocale().toString(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace

// ---- RedisValueModel ----

RedisValueModel::RedisValueModel(RedisBrowser *browser, bool labelled, QObject *parent)
    : RedisPagedModel(browser, parent)
    , m_labelled(labelled)
{}

int RedisValueModel::columnOf(Column column) const
{
    return m_labelled ? column : 0;
}

void RedisValueModel::clear()
{
    m_key.clear();
    restart();
}

void RedisValueModel::openKey(const QByteArray &key)
{
    m_key = key;
    restart();
    loadMore();
}

RedisValueModel::Row RedisValueModel::makeRow(QByteArray label, QByteArray value, QString labelText)
{
    QString valueText = payloadSummary(value);
    return {std::move(label), std::move(value), std::move(labelText), std::move(valueText)};
}

void RedisValueModel::appendRows(const QList<Row> &rows, qint64 size)
{
    m_size = size;
    if (rows.isEmpty())
        return;
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    m_rows.append(rows);
    endInsertRows();
}

void RedisValueModel::clearRows()
{
    m_rows.clear();
    m_size = -1;
}

int RedisValueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RedisValueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : (m_labelled ? ColumnCount : 1);
}

QVariant RedisValueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const bool label = m_labelled && index.column() == LabelColumn;
    switch (role) {
    case LabelRole:
        return row.label;
    case ValueRole:
        return row.value;
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return label ? row.labelText : row.valueText;
    case Qt::TextAlignmentRole:
        return label ? QVariant(labelAlignment()) : QVariant();
    default:
        return {};
    }
}

QVariant RedisValueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= columnCount())
        return {};
    return m_labelled && section == LabelColumn ? labelTitle() : valueTitle();
}

// ---- ScannedValueModel ----

ScannedValueModel::ScannedValueModel(RedisBrowser *browser, Of of, QObject *parent)
    : RedisValueModel(browser, of == Of::Hash, parent)
    , m_of(of)
{}

void ScannedValueModel::loadMore()
{
    struct Page
    {
        ValueScanPage scan;
        QList<Row> rows;
    };
    const bool hash = m_of == Of::Hash;
    load<Page>(
        [key = key(), cursor = m_cursor, hash](RedisClient &client) -> Result<Page> {
            auto scan = hash ? readHashPage(client, key, cursor, pageSize)
                             : readSetPage(client, key, cursor, pageSize);
            if (!scan)
                return scan.error();
            Page page{std::move(scan).value(), {}};
            page.rows.reserve(page.scan.elements.size());
            for (const auto &[name, value] : std::as_const(page.scan.elements))
                page.rows.append(hash ? makeRow(name, value, payloadSummary(name, labelChars))
                                      : makeRow({}, name, {}));
            return page;
        },
        [this, hash](const Page &page) {
            QList<Row> added;
            for (const Row &row : page.rows) {
                const QByteArray &identity = hash ? row.label : row.value;
                if (!m_seen.contains(identity)) {
                    m_seen.insert(identity);
                    added.append(row);
                }
            }
            m_cursor = page.scan.cursor;
            appendRows(added, page.scan.size);
            return m_cursor == "0";
        });
}

void ScannedValueModel::clearRows()
{
    RedisValueModel::clearRows();
    m_cursor = "0";
    m_seen.clear();
}

QString ScannedValueModel::labelTitle() const
{
    return tr("Field");
}

QString ScannedValueModel::valueTitle() const
{
    return m_of == Of::Hash ? tr("Value") : tr("Member");
}

// ---- SortedSetModel ----

SortedSetModel::SortedSetModel(RedisBrowser *browser, QObject *parent)
    : RedisValueModel(browser, true, parent)
{}

void SortedSetModel::openByRank(const QByteArray &key, bool highestFirst)
{
    m_byScore = false;
    m_query = {};
    m_query.highestFirst = highestFirst;
    openKey(key);
}

void SortedSetModel::openByScore(const QByteArray &key, const QByteArray &min,
                                 const QByteArray &max, bool highestFirst)
{
    m_byScore = true;
    m_query = {min, max, highestFirst, {}, pageSize};
    openKey(key);
}

void SortedSetModel::loadMore()
{
    ZsetScoreQuery query = m_query;
    query.count = pageSize;
    if (m_byScore && !rows().isEmpty()) {
        // After the last member read: its score, and how many of that score were read.
        const QByteArray last = rows().constLast().label;
        qint64 ties = 0;
        for (auto row = rows().crbegin(); row != rows().crend() && row->label == last; ++row)
            ++ties;
        query.after = ZsetScoreQuery::After{last, ties};
    }
    const qint64 start = rowCount();
    load<std::pair<ZsetPage, QList<Row>>>(
        [key = key(), query, start,
         byScore = m_byScore](RedisClient &client) -> Result<std::pair<ZsetPage, QList<Row>>> {
            auto page = byScore ? readZsetByScore(client, key, query)
                                : readZsetByRank(client, key, query.highestFirst, start, pageSize);
            if (!page)
                return page.error();
            QList<Row> rows;
            rows.reserve(page->members.size());
            for (const ZsetMember &member : std::as_const(page->members))
                rows.append(makeRow(member.score, member.member, scoreText(member.score)));
            return std::pair{std::move(page).value(), std::move(rows)};
        },
        [this](const std::pair<ZsetPage, QList<Row>> &page) {
            m_inRange = page.first.inRange;
            appendRows(page.second, page.first.size);
            return page.second.size() < pageSize;
        });
}

void SortedSetModel::clearRows()
{
    RedisValueModel::clearRows();
    m_inRange = -1;
}

QString SortedSetModel::labelTitle() const
{
    return tr("Score");
}

QString SortedSetModel::valueTitle() const
{
    return tr("Member");
}

// ---- StringRangeModel ----

StringRangeModel::StringRangeModel(RedisBrowser *browser, QObject *parent)
    : RedisValueModel(browser, true, parent)
{}

bool StringRangeModel::isWhole() const
{
    return rowCount() == 1 && offsetAt(0) == 0 && valueAt(0).size() == size();
}

qsizetype StringRangeModel::wholeCharacters(const QByteArray &bytes)
{
    if (QUtf8StringView(bytes).isValidUtf8())
        return bytes.size();
    // A character of two to four bytes cut after one to three of them: its lead byte is among
    // the last three.
    for (qsizetype cut = 1; cut <= 3 && cut < bytes.size(); ++cut) {
        const auto lead = static_cast<unsigned char>(bytes.at(bytes.size() - cut));
        if ((lead & 0xC0) == 0x80)
            continue; // a continuation byte
        const int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (length > cut && QUtf8StringView(bytes.first(bytes.size() - cut)).isValidUtf8())
            return bytes.size() - cut;
        break;
    }
    return bytes.size(); // not text: as it is, shown in hex
}

QList<RedisValueModel::Row> StringRangeModel::rangesOf(qint64 offset, const QByteArray &bytes,
                                                       qint64 length)
{
    const QLocale locale;
    const auto row = [&locale](qint64 from, const QByteArray &range) {
        return makeRow(QByteArray::number(from), range,
                       tr("bytes %1 to %2")
                           .arg(locale.toString(from), locale.toString(from + range.size() - 1)));
    };
    if (bytes.isEmpty())
        return {};
    if (offset == 0 && bytes.size() == length &&
        (bytes.size() <= rangeBytes || !QJsonDocument::fromJson(bytes).isNull()))
        return {row(0, bytes)};
    // What the next read begins with is left to it: a character cut at the end of this one.
    const qsizetype usable = offset + bytes.size() < length ? wholeCharacters(bytes) : bytes.size();
    QList<Row> rows;
    for (qsizetype at = 0; at < usable;) {
        QByteArray range = bytes.mid(at, std::min<qsizetype>(rangeBytes, usable - at));
        if (at + range.size() < usable)
            range.truncate(wholeCharacters(range));
        rows.append(row(offset + at, range));
        at += range.size();
    }
    return rows;
}

void StringRangeModel::loadMore()
{
    load<std::pair<qint64, QList<Row>>>(
        [key = key(),
         offset = m_next](RedisClient &client) -> Result<std::pair<qint64, QList<Row>>> {
            const auto read = readStringRange(client, key, offset, readBytes);
            if (!read)
                return read.error();
            return std::pair{read->length, rangesOf(offset, read->bytes, read->length)};
        },
        [this](const std::pair<qint64, QList<Row>> &read) {
            for (const Row &range : read.second)
                m_next += range.value.size();
            appendRows(read.second, read.first);
            return read.second.isEmpty() || m_next >= read.first;
        });
}

void StringRangeModel::clearRows()
{
    RedisValueModel::clearRows();
    m_next = 0;
}

QString StringRangeModel::labelTitle() const
{
    return tr("Range");
}

QString StringRangeModel::valueTitle() const
{
    return tr("Bytes");
}

} // namespace porthole
