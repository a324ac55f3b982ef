#include "databasehealthmodel.h"

#include <QLocale>
#include <QThread>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"databasehealth"_s;

} // namespace

QString DatabaseHealthModel::gapText(HealthGap gap)
{
    switch (gap) {
    case HealthGap::None:
        return {};
    case HealthGap::NotApplicable:
        return tr("not measured on this engine");
    case HealthGap::NeedsMonitorRole:
        return tr("needs the pg_monitor role");
    case HealthGap::ServerElsewhere:
        return tr("the server's disk is not visible from here");
    case HealthGap::TooLarge:
        return tr("not measured: the file is too large to measure quickly");
    case HealthGap::NotSupported:
        return tr("not measured: this SQLite has no dbstat");
    case HealthGap::Failed:
        return tr("could not be read");
    }
    return {};
}

// The half of the model that lives on its thread: it owns that thread's connection.
class DatabaseHealthReader : public QObject
{
    Q_OBJECT

public:
    DatabaseHealthReader(ConnectionFactory factory, DatabaseHealthOptions options)
        : m_factory(std::move(factory))
        , m_options(options)
    {}
    ~DatabaseHealthReader() override { m_factory.close(connectionPurpose); }

    void read(quint64 ticket)
    {
        Q_ASSERT(QThread::currentThread() == thread());
        if (QThread::currentThread()->isInterruptionRequested())
            return;
        Result<DatabaseHealth> health = StorageError{};
        {
            auto db = m_factory.open(connectionPurpose);
            if (!db) {
                Q_EMIT done(ticket, {}, db.errorMessage());
                return;
            }
            health = readDatabaseHealth(*db, QDateTime::currentDateTimeUtc(), m_options);
        }
        if (!health) {
            // The next read opens a new connection rather than use one that is gone.
            m_factory.close(connectionPurpose);
            Q_EMIT done(ticket, {}, health.errorMessage());
            return;
        }
        Q_EMIT done(ticket, *health, {});
    }

Q_SIGNALS:
    void done(quint64 ticket, const porthole::DatabaseHealth &health, const QString &problem);

private:
    ConnectionFactory m_factory;
    DatabaseHealthOptions m_options;
};

DatabaseHealthModel::DatabaseHealthModel(ConnectionFactory factory, QObject *parent,
                                         DatabaseHealthOptions options)
    : QAbstractTableModel(parent)
    , m_options(options)
{
    qRegisterMetaType<porthole::DatabaseHealth>();
    m_reader = new DatabaseHealthReader(std::move(factory), options);
    m_thread.start(u"database-health"_s, m_reader);
    connect(m_reader, &DatabaseHealthReader::done, this, &DatabaseHealthModel::onRead);
}

DatabaseHealthModel::~DatabaseHealthModel()
{
    m_thread.stop();
}

void DatabaseHealthModel::refresh(bool force)
{
    if (m_reading) {
        m_again = m_again || force;
        return;
    }
    if (!force && m_sinceRead.isValid() && m_sinceRead.elapsed() < m_minimumInterval.count())
        return;
    m_reading = true;
    const quint64 ticket = ++m_ticket;
    QMetaObject::invokeMethod(m_reader, [reader = m_reader, ticket] { reader->read(ticket); });
}

void DatabaseHealthModel::onRead(quint64 ticket, const DatabaseHealth &health,
                                 const QString &problem)
{
    if (ticket != m_ticket)
        return;
    m_reading = false;
    m_sinceRead.start();
    m_problem = problem;
    if (problem.isEmpty()) {
        setHealth(health);
    } else {
        Q_EMIT readFailed(problem);
    }
    if (m_again) {
        m_again = false;
        refresh(true);
    }
}

void DatabaseHealthModel::setHealth(const DatabaseHealth &health)
{
    beginResetModel();
    m_health = health;
    endResetModel();
    Q_EMIT healthChanged();
}

int DatabaseHealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_health.tables.size());
}

int DatabaseHealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DatabaseHealthModel::rowsText(const RowCount &rows)
{
    const QString number = QLocale().toString(rows.value);
    switch (rows.precision) {
    case RowCount::Precision::Exact:
        return number;
    case RowCount::Precision::AtLeast:
        return u"≥ "_s + number;
    case RowCount::Precision::Estimate:
        return u"~"_s + number;
    }
    return number;
}

QString DatabaseHealthModel::growthText(const std::optional<RowCount> &rows)
{
    if (!rows)
        return u"–"_s;
    return u"+"_s + rowsText(*rows);
}

QVariant DatabaseHealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TableHealth &table = m_health.tables.at(index.row());
    const bool postgres = m_health.engine == SqlEngine::PostgreSQL;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TableColumn:
            return table.name;
        case RowsColumn:
            return rowsText(table.rows);
        case SizeColumn:
            return table.bytes ? QLocale().formattedDataSize(*table.bytes) : u"–"_s;
        case GrowthColumn:
            return growthText(table.addedLastDay);
        case VacuumColumn:
            if (!postgres)
                return u"–"_s;
            return table.lastAutovacuum.isValid()
                       ? QLocale().toString(table.lastAutovacuum.toLocalTime(),
                                            QLocale::ShortFormat)
                       : tr("never");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case RowsColumn:
            return table.rows.precision == RowCount::Precision::Exact
                       ? QVariant()
                       : tr("An estimate: the table is too big to count quickly.");
        case SizeColumn:
            return table.bytes ? tr("%L1 bytes, with its indexes").arg(*table.bytes)
                               : gapText(table.bytesGap);
        case GrowthColumn:
            return table.timeColumn.isEmpty()
                       ? tr("No indexed time column to count the last day's rows by.")
                       : tr("Rows of the last 24 hours, by %1.").arg(table.timeColumn);
        case VacuumColumn:
            if (!postgres)
                return tr("SQLite has no autovacuum.");
            return tr("Last vacuum: %1\nLast autoanalyze: %2")
                .arg(table.lastVacuum.isValid()
                         ? QLocale().toString(table.lastVacuum.toLocalTime(), QLocale::ShortFormat)
                         : tr("never"),
                     table.lastAutoanalyze.isValid()
                         ? QLocale().toString(table.lastAutoanalyze.toLocalTime(),
                                              QLocale::ShortFormat)
                         : tr("never"));
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != TableColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant DatabaseHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TableColumn:
        return tr("Table");
    case RowsColumn:
        return tr("Rows");
    case SizeColumn:
        return tr("Size");
    case GrowthColumn:
        return tr("Growth/day");
    case VacuumColumn:
        return tr("Last autovacuum");
    default:
        return {};
    }
}

} // namespace porthole

#include "databasehealthmodel.moc"
