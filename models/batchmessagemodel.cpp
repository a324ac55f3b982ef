#include "batchmessagemodel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// More than a cell can show; eliding a megabyte line on every paint would stall the view.
constexpr qsizetype displayLimit = 2000;
constexpr qsizetype toolTipLimit = 4000;

QColor damagedColour()
{
    return QColor(0xc6, 0x28, 0x28);
}

QColor gapColour()
{
    return QColor(0xb2, 0x6a, 0x00);
}

bool sameLine(const BatchFileLine &a, const BatchFileLine &b)
{
    return a.lineNumber == b.lineNumber && a.ok == b.ok && a.message == b.message &&
           a.problem == b.problem && a.raw == b.raw;
}

QString localTime(const QDateTime &time)
{
    return time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QList<std::optional<qint64>> numbersBefore(const QList<BatchFileLine> &lines)
{
    QList<std::optional<qint64>> before;
    before.reserve(lines.size());
    std::optional<qint64> last;
    for (const BatchFileLine &line : lines) {
        before.append(last);
        if (line.ok)
            last = line.message.number;
    }
    return before;
}

} // namespace

BatchMessageModel::BatchMessageModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    qRegisterMetaType<porthole::BatchMessageRead>();
    m_loader = new BatchMessageLoader;
    m_thread.start(u"batch-message-loader"_s, m_loader);
    connect(m_loader, &BatchMessageLoader::read, this, &BatchMessageModel::apply);
}

BatchMessageModel::~BatchMessageModel()
{
    m_thread.stop();
}

void BatchMessageModel::setFile(const QString &directory, qint64 batchId)
{
    ++m_generation;
    m_directory = directory;
    m_batchId = std::max<qint64>(0, batchId);
    m_firstPending = m_batchId > 0;
    if (!m_lines.isEmpty()) {
        // Another file: none of the rows carries over.
        beginResetModel();
        m_lines.clear();
        m_numberBefore.clear();
        endResetModel();
    }
    setState(m_batchId > 0 ? State::Loading : State::NoFile);
    QMetaObject::invokeMethod(
        m_loader,
        [loader = m_loader, generation = m_generation, directory, id = m_batchId,
         follow = m_follow] { loader->open(generation, directory, id, follow); },
        Qt::QueuedConnection);
}

void BatchMessageModel::setFollowLive(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    QMetaObject::invokeMethod(
        m_loader,
        [loader = m_loader, generation = m_generation, follow] {
            loader->setFollow(generation, follow);
        },
        Qt::QueuedConnection);
}

void BatchMessageModel::reload()
{
    QMetaObject::invokeMethod(
        m_loader, [loader = m_loader, generation = m_generation] { loader->reload(generation); },
        Qt::QueuedConnection);
}

int BatchMessageModel::rowForLine(qint64 lineNumber) const
{
    // Lines are numbered 1, 2, ... in file order.
    const qint64 row = lineNumber - 1;
    return row >= 0 && row < m_lines.size() && m_lines.at(row).lineNumber == lineNumber ? int(row)
                                                                                        : -1;
}

std::optional<qint64> BatchMessageModel::gap(int row) const
{
    const BatchFileLine &line = m_lines.at(row);
    const std::optional<qint64> before = m_numberBefore.at(row);
    if (!line.ok || !before || line.message.number == *before + 1)
        return std::nullopt;
    return line.message.number - *before - 1;
}

QString BatchMessageModel::note(int row) const
{
    if (row < 0 || row >= m_lines.size())
        return {};
    const BatchFileLine &line = m_lines.at(row);
    if (!line.ok)
        return tr("Line %1 is damaged: %2.").arg(line.lineNumber).arg(line.problem);
    const std::optional<qint64> missing = gap(row);
    if (!missing)
        return {};
    const qint64 before = *m_numberBefore.at(row);
    if (*missing == 1)
        return tr("Message #%1 is missing before this one.").arg(before + 1);
    if (*missing > 1)
        return tr("Messages #%1 to #%2 are missing before this one (%L3 numbers).", nullptr,
                  int(std::min<qint64>(*missing, std::numeric_limits<int>::max())))
            .arg(before + 1)
            .arg(line.message.number - 1)
            .arg(*missing);
    return tr("The number goes back: #%1 comes after #%2.").arg(line.message.number).arg(before);
}

QString BatchMessageModel::displayText(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes.first(std::min(bytes.size(), displayLimit * 4)));
    const bool cut = text.size() > displayLimit;
    if (cut)
        text.truncate(displayLimit);
    // A line feed in content (escaped in the file) would make a cell two lines high.
    for (QChar &c : text) {
        if (c.unicode() < 0x20 && c != u'\t')
            c = QChar(0x2400 + c.unicode());
        else if (c.unicode() == 0x7f)
            c = QChar(0x2421);
    }
    if (cut || bytes.size() > displayLimit * 4)
        text += u'…';
    return text;
}

int BatchMessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int BatchMessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BatchMessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const BatchFileLine &line = m_lines.at(row);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case LineColumn:
            return QString::number(line.lineNumber);
        case TimeColumn:
            return line.ok ? localTime(line.message.timestamp) : QString();
        case NumberColumn:
            return line.ok ? QString::number(line.message.number) : QString();
        case ContentColumn:
            return displayText(line.ok ? line.message.content : line.raw);
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        const QString why = note(row);
        QString tip;
        if (column == ContentColumn) {
            const QByteArray &bytes = line.ok ? line.message.content : line.raw;
            tip = QString::fromUtf8(bytes.first(std::min(bytes.size(), toolTipLimit)));
            if (bytes.size() > toolTipLimit)
                tip += tr("… (%Ln bytes in all)", nullptr, int(bytes.size()));
        } else if (column == TimeColumn && line.ok) {
            tip = tr("%1 local time\n%2 UTC")
                      .arg(localTime(line.message.timestamp),
                           line.message.timestamp.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s));
        }
        if (!why.isEmpty())
            tip = tip.isEmpty() ? why : tip + u"\n\n"_s + why;
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        return column == LineColumn || column == NumberColumn
                   ? (Qt::AlignRight | Qt::AlignVCenter).toInt()
                   : (Qt::AlignLeft | Qt::AlignVCenter).toInt();
    case Qt::ForegroundRole:
        if (!line.ok)
            return QBrush(damagedColour());
        if (gap(row))
            return QBrush(gapColour());
        return {};
    case Qt::DecorationRole:
        if (column != LineColumn)
            return {};
        if (!line.ok)
            return damagedColour();
        if (gap(row))
            return gapColour();
        return {};
    case LineNumberRole:
        return line.lineNumber;
    case MessageNumberRole:
        return line.ok ? QVariant(line.message.number) : QVariant();
    case TimestampRole:
        return line.ok ? QVariant(line.message.timestamp) : QVariant();
    case ContentRole:
        return line.ok ? line.message.content : line.raw;
    case DamagedRole:
        return !line.ok;
    case ProblemRole:
        return line.ok ? QVariant() : QVariant(line.problem);
    case GapRole:
        return gap(row).value_or(0);
    default:
        return {};
    }
}

QVariant BatchMessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return section == LineColumn || section == NumberColumn
                   ? (Qt::AlignRight | Qt::AlignVCenter).toInt()
                   : (Qt::AlignLeft | Qt::AlignVCenter).toInt();
    if (role == Qt::ToolTipRole && section == TimeColumn)
        return tr("When the message was received, in local time; UTC in each cell's tooltip");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LineColumn:
        //: A column: the line's number in the batch file
        return tr("Line");
    case TimeColumn:
        return tr("Time");
    case NumberColumn:
        return tr("Message #");
    case ContentColumn:
        return tr("Content");
    default:
        return {};
    }
}

void BatchMessageModel::setState(State state, const QString &message)
{
    if (state == m_state && message == m_errorMessage)
        return;
    m_state = state;
    m_errorMessage = message;
    Q_EMIT stateChanged(state);
}

void BatchMessageModel::apply(const BatchMessageRead &read)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (read.generation != m_generation)
        return;
    if (!read.ok) {
        update({});
        setState(State::Failed, read.error.message);
        return;
    }
    update(read.content.lines);
    setState(State::Ready);
    if (m_firstPending) {
        m_firstPending = false;
        Q_EMIT loaded(m_batchId);
    }
}

void BatchMessageModel::update(const QList<BatchFileLine> &lines)
{
    // The file usually grew at its end: keep the rows that are the same, change the ones
    // that differ (a torn last line now complete), and add or take away the rest.
    const QList<std::optional<qint64>> before = numbersBefore(lines);
    const qsizetype common = std::min(lines.size(), m_lines.size());
    for (qsizetype row = 0; row < common; ++row) {
        if (sameLine(lines.at(row), m_lines.at(row)) && before.at(row) == m_numberBefore.at(row))
            continue;
        m_lines[row] = lines.at(row);
        m_numberBefore[row] = before.at(row);
        Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
    }
    if (lines.size() > m_lines.size()) {
        beginInsertRows({}, int(m_lines.size()), int(lines.size()) - 1);
        if (m_lines.isEmpty()) {
            m_lines = lines;
            m_numberBefore = before;
        } else {
            m_lines.append(lines.mid(common));
            m_numberBefore.append(before.mid(common));
        }
        endInsertRows();
    } else if (lines.size() < m_lines.size()) {
        beginRemoveRows({}, int(lines.size()), int(m_lines.size()) - 1);
        m_lines.resize(lines.size());
        m_numberBefore.resize(lines.size());
        endRemoveRows();
    }
}

} // namespace porthole
