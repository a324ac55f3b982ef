#pragma once

#include "connectionfactory.h"
#include "readonlystatement.h"
#include "workerthread.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <memory>

namespace porthole {

class CountInterrupt;

// The result of the Tables pane's SQL console: the rows of one statement, read a page at a
// time as a view scrolls (canFetchMore/fetchMore), up to maxRows (Export writes them all).
//
// Threads: the statement runs on a thread of its own, with a connection of its own opened
// read-only (readOnlySettings()) and guarded before each run (ReadOnlyStatement), so the GUI
// thread never waits for it. Each page runs the statement again and skips the rows before it
// (nothing stays open between pages: no transaction, no read lock that would hold up a
// pipeline's writes or a WAL checkpoint). One run at a time: run() and cancel() raise the
// CountInterrupt of the page under way, which stops it within milliseconds on both engines,
// and an answer of an older run is dropped (its generation).
class ConsoleModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,      // nothing run yet
        Running,   // the first page is on its way
        Ready,     // rows shown (more may be on their way)
        Cancelled, // stopped by cancel()
        Error      // message() says why
    };
    Q_ENUM(State)

    enum Role
    {
        IsNullRole = Qt::UserRole + 1,
    };

    static constexpr int maxRows = 100000;

    // Reads with its own connections to `factory`'s database, made read-only.
    explicit ConsoleModel(const ConnectionFactory &factory, int pageSize = 200,
                          QObject *parent = nullptr);
    ~ConsoleModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Runs `sql` from its first row; what was shown goes.
    void run(const QString &sql);
    // Stops the page under way; the rows read stay.
    void cancel();

    State state() const { return m_state; }
    // Why it failed, or what a person should know of the rows shown (a cap reached).
    QString message() const { return m_message; }
    QString sql() const { return m_statement.sql(); }
    bool isBusy() const { return m_interrupt != nullptr; }
    // Every row was read.
    bool atEnd() const { return m_atEnd; }
    // The whole result, for File > Export; none until a run has its columns.
    std::shared_ptr<const ExportSource> exportSource() const;

Q_SIGNALS:
    void stateChanged(porthole::ConsoleModel::State state);
    // A page is on its way (Cancel stops it), or none is.
    void busyChanged(bool busy);

private:
    void request();
    void answered(quint64 generation, const Result<std::optional<QueryRows>> &rows);
    void setState(State state, const QString &message = {});

    int m_pageSize;
    WorkerThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    quint64 m_generation = 0;
    std::shared_ptr<CountInterrupt> m_interrupt; // the page under way's
    ReadOnlyStatement m_statement{QString()};
    QStringList m_columns;
    QList<QVariantList> m_rows;
    bool m_atEnd = true;
    State m_state = State::Idle;
    QString m_message;
};

} // namespace porthole
