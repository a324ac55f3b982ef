#include "consolemodel.h"

#include "exactcount.h"
#include "sqlcells.h"

#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"sql-console"_s;
// A cell shows no more than this of a long value; its tooltip holds it whole.

ConnectionFactory readOnly(const ConnectionFactory &factory)
{
    ConnectionSettings settings = factory.settings();
    settings.readOnly = true;
    // The transaction of each run sets its own limit (ReadOnlyStatement::statementTimeoutMs).
    settings.statementTimeoutMs = ReadOnlyStatement::statementTimeoutMs;
    return ConnectionFactory(factory.url(), settings);
}

// Lives on the console's thread, and closes the connection there when the thread ends.
class ConsoleWorker : public QObject
{
public:
    explicit ConsoleWorker(ConnectionFactory factory)
        : m_factory(std::move(factory))
    {}
    ~ConsoleWorker() override { m_factory.close(connectionPurpose); }

    Result<std::optional<QueryRows>> rows(const ReadOnlyStatement &statement, qint64 offset,
                                          int limit, CountInterrupt &interrupt) const
    {
        std::optional<Result<std::optional<QueryRows>>> out;
        {
            auto db = m_factory.open(connectionPurpose);
            if (!db)
                out.emplace(db.error());
            else
                out.emplace(statement.rows(*db, offset, limit, interrupt));
        }
        // Reconnects for the next run: the server may have gone and come back.
        if (!*out && out->error().kind == StorageError::Kind::ConnectionLost)
            m_factory.close(connectionPurpose);
        return std::move(*out);
    }

private:
    ConnectionFactory m_factory;
};

} // namespace

ConsoleModel::ConsoleModel(const ConnectionFactory &factory, int pageSize, QObject *parent)
    : QAbstractTableModel(parent)
    , m_pageSize(std::clamp(pageSize, 1, 10000))
    , m_worker(new ConsoleWorker(readOnly(factory)))
{
    m_thread.start(u"sql-console"_s, m_worker);
}

ConsoleModel::~ConsoleModel()
{
    if (m_interrupt)
        m_interrupt->raise();
    m_thread.stop();
}

int ConsoleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConsoleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ConsoleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant value = m_rows.at(index.row()).value(index.column());
    switch (role) {
    case IsNullRole:
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return sqlCellData(value, role, IsNullRole);
    case Qt::TextAlignmentRole:
        return value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Double
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
    default:
        return {};
    }
}

QVariant ConsoleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 &&
        section < m_columns.size())
        return m_columns.at(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

bool ConsoleModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_state == State::Ready && !m_atEnd && !m_interrupt &&
           m_rows.size() < maxRows;
}

void ConsoleModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        request();
}

void ConsoleModel::run(const QString &sql)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_interrupt)
        m_interrupt->raise();
    m_interrupt.reset();
    ++m_generation;
    beginResetModel();
    m_statement = ReadOnlyStatement(sql);
    m_columns.clear();
    m_rows.clear();
    m_atEnd = false;
    endResetModel();
    request();
    setState(State::Running);
}

void ConsoleModel::cancel()
{
    if (!m_interrupt)
        return;
    m_interrupt->raise();
    m_interrupt.reset();
    ++m_generation; // its answer, when it comes, is dropped
    Q_EMIT busyChanged(false);
    setState(State::Cancelled, tr("Cancelled: the statement was stopped."));
}

void ConsoleModel::request()
{
    m_interrupt = std::make_shared<CountInterrupt>();
    Q_EMIT busyChanged(true);
    auto *worker = static_cast<ConsoleWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker,
        [this, worker, generation = m_generation, statement = m_statement,
         offset = qint64(m_rows.size()), limit = m_pageSize, interrupt = m_interrupt] {
            if (QThread::currentThread()->isInterruptionRequested() || interrupt->isRaised())
                return;
            const auto rows = worker->rows(statement, offset, limit, *interrupt);
            QMetaObject::invokeMethod(
                this, [this, generation, rows] { answered(generation, rows); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ConsoleModel::answered(quint64 generation, const Result<std::optional<QueryRows>> &rows)
{
    if (generation != m_generation)
        return; // a newer run is on its way, or this one was cancelled
    if (!rows || !*rows) {
        m_interrupt.reset();
        Q_EMIT busyChanged(false);
        if (!rows)
            setState(State::Error, rows.errorMessage());
        else
            setState(State::Cancelled, tr("Cancelled: the statement was stopped."));
        return;
    }
    const QueryRows &page = **rows;
    if (m_columns.isEmpty() && m_rows.isEmpty()) {
        beginResetModel();
        m_columns = page.columns;
        m_rows = page.rows;
        endResetModel();
    } else if (!page.rows.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page.rows.size() - 1));
        m_rows += page.rows;
        endInsertRows();
    }
    m_atEnd = page.atEnd;
    // Busy until the rows are in: a view that asks for more while they go in would ask from
    // the wrong row.
    m_interrupt.reset();
    Q_EMIT busyChanged(false);
    const bool capped = !m_atEnd && m_rows.size() >= maxRows;
    setState(State::Ready,
             capped ? tr("Showing the first %L1 rows; Export writes every row.").arg(maxRows)
                    : QString());
}

void ConsoleModel::setState(State state, const QString &message)
{
    m_message = message;
    m_state = state;
    Q_EMIT stateChanged(state);
}

std::shared_ptr<const ExportSource> ConsoleModel::exportSource() const
{
    if (m_columns.isEmpty() || m_state == State::Running)
        return {};
    return consoleExport(m_statement, m_columns);
}

} // namespace porthole
