#include "batchfilelistmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// How far back a file's number gap is looked for past files without messages: such files
// are rare, and data() must stay cheap for any row.
constexpr int lookBack = 64;

QColor damagedColour()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor gapColour()
{
    return QColor(0xb2, 0x6a, 0x00);
}

bool isNumberColumn(int column)
{
    switch (column) {
    case BatchFileListModel::IdColumn:
    case BatchFileListModel::MessagesColumn:
    case BatchFileListModel::SizeColumn:
    case BatchFileListModel::FirstNumberColumn:
    case BatchFileListModel::LastNumberColumn:
    case BatchFileListModel::LinesColumn:
    case BatchFileListModel::DamagedLinesColumn:
        return true;
    default:
        return false;
    }
}

// A count as tr() takes it to pick a plural form: an int, so a larger one takes int's largest.
int pluralCount(qint64 n)
{
    return int(std::min<qint64>(n, std::numeric_limits<int>::max()));
}

// Operators compare these with the receiver's logs: seconds, and no locale's word order.
QString localTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

QString timeToolTip(const QDateTime &time)
{
    if (!time.isValid())
        return BatchFileListModel::tr("Not known");
    return BatchFileListModel::tr("%1 local time\n%2 UTC")
        .arg(localTime(time), time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s));
}

QString optionalNumber(const std::optional<qint64> &number)
{
    return number ? QString::number(*number) : u"—"_s;
}

QVariant optionalValue(const std::optional<qint64> &number)
{
    return number ? QVariant(*number) : QVariant();
}

} // namespace

BatchFileListModel::BatchFileListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    qRegisterMetaType<porthole::BatchListUpdate>();
    m_lister = new BatchFileLister;
    m_thread.start(u"batch-file-lister"_s, m_lister);
    connect(m_lister, &BatchFileLister::updated, this, &BatchFileListModel::apply);
}

BatchFileListModel::~BatchFileListModel()
{
    m_thread.stop();
}

void BatchFileListModel::setDirectory(const QString &directory)
{
    ++m_generation;
    m_directory = directory;
    if (!m_rows.isEmpty()) {
        // Another store: nothing of the old rows carries over.
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    setState(directory.isEmpty() ? State::NoFolder : State::Loading);
    QMetaObject::invokeMethod(
        m_lister,
        [lister = m_lister, generation = m_generation, directory] {
            lister->open(generation, directory);
        },
        Qt::QueuedConnection);
}

void BatchFileListModel::refresh()
{
    QMetaObject::invokeMethod(
        m_lister, [lister = m_lister, generation = m_generation] { lister->refresh(generation); },
        Qt::QueuedConnection);
}

QList<qint64> BatchFileListModel::batchIds() const
{
    QList<qint64> ids;
    ids.reserve(m_rows.size());
    for (const BatchFileInfo &file : m_rows)
        ids.append(file.id);
    return ids;
}

int BatchFileListModel::rowForBatch(qint64 id) const
{
    const auto found =
        std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                         [](const BatchFileInfo &file, qint64 wanted) { return file.id < wanted; });
    return found != m_rows.cend() && found->id == id ? int(found - m_rows.cbegin()) : -1;
}

std::optional<qint64> BatchFileListModel::lastNumberBefore(int row) const
{
    for (int before = row - 1; before >= 0 && before >= row - lookBack; --before) {
        if (m_rows.at(before).lastMessageNumber)
            return m_rows.at(before).lastMessageNumber;
    }
    return std::nullopt;
}

BatchFileListModel::Flags BatchFileListModel::flags(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return NoFlag;
    const BatchFileInfo &file = m_rows.at(row);
    Flags flags = NoFlag;
    if (file.malformedLines > 0)
        flags |= DamagedLines;
    if (row > 0 && m_rows.at(row - 1).id != file.id - 1)
        flags |= MissingBatches;
    if (file.firstMessageNumber) {
        const std::optional<qint64> before = lastNumberBefore(row);
        if (before && *file.firstMessageNumber != *before + 1)
            flags |= NumberGap;
    }
    return flags;
}

QString BatchFileListModel::flagText(int row) const
{
    const Flags found = flags(row);
    if (found == NoFlag)
        return {};
    const BatchFileInfo &file = m_rows.at(row);
    QStringList lines;
    if (found & DamagedLines)
        lines << (file.malformedLines == 1 ? tr("1 damaged line: a line that is not a message.")
                                           : tr("%Ln damaged lines: lines that are not messages.",
                                                nullptr, int(file.malformedLines)));
    if (found & NumberGap) {
        const qint64 before = *lastNumberBefore(row);
        const qint64 first = *file.firstMessageNumber;
        if (first == before + 2)
            lines << tr("Message #%1 is missing before this file.").arg(before + 1);
        else if (first > before + 2)
            lines << tr("Messages #%1 to #%2 are missing before this file (%L3 numbers).", nullptr,
                        pluralCount(first - before - 1))
                         .arg(before + 1)
                         .arg(first - 1)
                         .arg(first - before - 1);
        else
            lines
                << tr("The numbers go back: this file starts at #%1, the file before ends at #%2.")
                       .arg(first)
                       .arg(before);
    }
    if (found & MissingBatches) {
        const qint64 previous = m_rows.at(row - 1).id;
        if (file.id == previous + 2)
            lines << tr("Batch %1 is missing before this file.").arg(previous + 1);
        else
            lines << tr("Batches %1 to %2 are missing before this file.")
                         .arg(previous + 1)
                         .arg(file.id - 1);
    }
    return lines.join(u'\n');
}

int BatchFileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BatchFileListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BatchFileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const BatchFileInfo &file = m_rows.at(row);
    switch (role) {
    case Qt::DisplayRole:
        return displayData(file, column);
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case Qt::TextAlignmentRole:
        return isNumberColumn(column) ? (Qt::AlignRight | Qt::AlignVCenter).toInt()
                                      : (Qt::AlignLeft | Qt::AlignVCenter).toInt();
    case Qt::ForegroundRole: {
        const Flags found = flags(row);
        if (found & DamagedLines)
            return QBrush(damagedColour());
        if (found != NoFlag)
            return QBrush(gapColour());
        return {};
    }
    case Qt::DecorationRole: {
        if (column != FileNameColumn)
            return {};
        const Flags found = flags(row);
        if (found == NoFlag)
            return {};
        return found & DamagedLines ? damagedColour() : gapColour();
    }
    case BatchIdRole:
        return file.id;
    case FileInfoRole:
        return QVariant::fromValue(file);
    case FlagsRole:
        return flags(row).toInt();
    case ValueRole:
        return valueData(file, column);
    default:
        return {};
    }
}

QVariant BatchFileListModel::displayData(const BatchFileInfo &file, int column) const
{
    switch (column) {
    case IdColumn:
        return QString::number(file.id);
    case FileNameColumn:
        return file.fileName;
    case MessagesColumn:
        return QLocale().toString(file.messageCount);
    case SizeColumn:
        return QLocale().formattedDataSize(file.fileSizeBytes);
    case CreatedColumn:
        return localTime(file.dateCreated);
    case ModifiedColumn:
        return localTime(file.dateModified);
    case FirstNumberColumn:
        return optionalNumber(file.firstMessageNumber);
    case LastNumberColumn:
        return optionalNumber(file.lastMessageNumber);
    case LinesColumn:
        return QLocale().toString(file.lineCount);
    case DamagedLinesColumn:
        return QLocale().toString(file.malformedLines);
    default:
        return {};
    }
}

QVariant BatchFileListModel::toolTipData(int row, int column) const
{
    const BatchFileInfo &file = m_rows.at(row);
    const QString why = flagText(row);
    switch (column) {
    case FileNameColumn:
        return why.isEmpty() ? file.fileName : file.fileName + u'\n' + why;
    case SizeColumn:
        return tr("%L1 bytes", nullptr, pluralCount(file.fileSizeBytes)).arg(file.fileSizeBytes);
    case CreatedColumn:
    case ModifiedColumn:
        return timeToolTip(column == CreatedColumn ? file.dateCreated : file.dateModified);
    case FirstNumberColumn:
    case LastNumberColumn:
        if (!file.firstMessageNumber)
            return tr("No message in this file");
        break;
    default:
        break;
    }
    return why.isEmpty() ? QVariant() : QVariant(why);
}

QVariant BatchFileListModel::valueData(const BatchFileInfo &file, int column) const
{
    switch (column) {
    case IdColumn:
        return file.id;
    case FileNameColumn:
        return file.fileName;
    case MessagesColumn:
        return file.messageCount;
    case SizeColumn:
        return file.fileSizeBytes;
    case CreatedColumn:
        return file.dateCreated;
    case ModifiedColumn:
        return file.dateModified;
    case FirstNumberColumn:
        return optionalValue(file.firstMessageNumber);
    case LastNumberColumn:
        return optionalValue(file.lastMessageNumber);
    case LinesColumn:
        return file.lineCount;
    case DamagedLinesColumn:
        return file.malformedLines;
    default:
        return {};
    }
}

QVariant BatchFileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case MessagesColumn:
            return tr("Well-formed message lines");
        case CreatedColumn:
            return tr("When the file was created (where the file system keeps no birth time: "
                      "its last status change), in local time; UTC in each cell's tooltip");
        case ModifiedColumn:
            return tr("When the file was last written, in local time; UTC in each cell's tooltip");
        case FirstNumberColumn:
            return tr("Number of the first message in the file");
        case LastNumberColumn:
            return tr("Number of the last message in the file");
        case LinesColumn:
            return tr("Every line, damaged ones included");
        case DamagedLinesColumn:
            return tr("Lines that are not messages: garbage, empty or cut off");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return isNumberColumn(section) ? (Qt::AlignRight | Qt::AlignVCenter).toInt()
                                       : (Qt::AlignLeft | Qt::AlignVCenter).toInt();
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Id");
    case FileNameColumn:
        return tr("File");
    case MessagesColumn:
        return tr("Messages");
    case SizeColumn:
        return tr("Size");
    case CreatedColumn:
        //: A column: when the file was created
        return tr("Created");
    case ModifiedColumn:
        //: A column: when the file was last written
        return tr("Modified");
    case FirstNumberColumn:
        //: A column: the number of the file's first message
        return tr("First #");
    case LastNumberColumn:
        //: A column: the number of the file's last message
        return tr("Last #");
    case LinesColumn:
        return tr("Lines");
    case DamagedLinesColumn:
        //: A column: how many of the file's lines are damaged
        return tr("Damaged");
    default:
        return {};
    }
}

void BatchFileListModel::setState(State state, const QString &message)
{
    if (state == m_state && message == m_errorMessage)
        return;
    m_state = state;
    m_errorMessage = message;
    Q_EMIT stateChanged(state);
}

void BatchFileListModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void BatchFileListModel::emitFollowersChanged(int row)
{
    // A row's flags depend on the rows before it, back to the first that has messages.
    for (int next = row; next < m_rows.size() && next < row + lookBack; ++next) {
        emitRowChanged(next);
        if (m_rows.at(next).lastMessageNumber)
            break;
    }
}

void BatchFileListModel::apply(const BatchListUpdate &update)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (update.generation != m_generation)
        return;
    QList<qint64> followers; // rows whose flags may have changed with the rows before them

    removeBatches(update.removed, &followers);

    QList<BatchFileInfo> added = update.added;
    bool strays = false;
    for (const BatchFileInfo &file : update.changed) {
        const int row = rowForBatch(file.id);
        if (row < 0) {
            added.append(file); // not here after all: it is new to this model
            strays = true;
            continue;
        }
        m_rows[row] = file;
        emitRowChanged(row);
        if (row + 1 < m_rows.size())
            followers.append(m_rows.at(row + 1).id);
    }
    if (strays)
        std::sort(added.begin(), added.end(),
                  [](const BatchFileInfo &a, const BatchFileInfo &b) { return a.id < b.id; });

    insertBatches(added, &followers);

    for (const qint64 id : std::as_const(followers)) {
        if (const int row = rowForBatch(id); row >= 0)
            emitFollowersChanged(row);
    }

    if (update.ok)
        setState(State::Ready);
    else
        setState(update.error.kind == StorageError::Kind::NotFound ? State::Missing : State::Failed,
                 update.error.message);
    Q_EMIT listed();
}

void BatchFileListModel::removeBatches(const QList<qint64> &ids, QList<qint64> *followers)
{
    // Removed, in runs of neighbouring rows, the last run first so the rows before stay put.
    QList<int> removed;
    for (const qint64 id : ids) {
        if (const int row = rowForBatch(id); row >= 0)
            removed.append(row);
    }
    for (qsizetype end = removed.size(); end > 0;) {
        qsizetype start = end - 1;
        while (start > 0 && removed.at(start - 1) == removed.at(start) - 1)
            --start;
        const int first = removed.at(start);
        const int last = removed.at(end - 1);
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        if (first < m_rows.size())
            followers->append(m_rows.at(first).id);
        end = start;
    }
}

void BatchFileListModel::insertBatches(const QList<BatchFileInfo> &added, QList<qint64> *followers)
{
    // Added, in runs that go to the same place: usually one run at the end.
    for (qsizetype i = 0; i < added.size();) {
        const auto place = std::lower_bound(
            m_rows.cbegin(), m_rows.cend(), added.at(i).id,
            [](const BatchFileInfo &file, qint64 wanted) { return file.id < wanted; });
        const int at = int(place - m_rows.cbegin());
        if (place != m_rows.cend() && place->id == added.at(i).id) {
            m_rows[at] = added.at(i);
            emitRowChanged(at);
            ++i;
            continue;
        }
        const qint64 nextId =
            place != m_rows.cend() ? place->id : std::numeric_limits<qint64>::max();
        qsizetype j = i + 1;
        while (j < added.size() && added.at(j).id < nextId)
            ++j;
        beginInsertRows({}, at, at + int(j - i) - 1);
        if (m_rows.isEmpty() && i == 0 && j == added.size())
            m_rows = added; // the first listing: shared, not copied
        else if (at == m_rows.size())
            m_rows.append(added.mid(i, j - i));
        else
            for (qsizetype k = i; k < j; ++k)
                m_rows.insert(at + (k - i), added.at(k));
        endInsertRows();
        if (nextId != std::numeric_limits<qint64>::max())
            followers->append(nextId);
        i = j;
    }
}

} // namespace porthole
