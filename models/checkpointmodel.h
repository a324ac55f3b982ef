#pragma once

#include "checkpointloader.h"
#include "checkpointrepository.h"
#include "mergingtablemodel.h"

#include <QDateTime>
#include <QList>

namespace porthole {

// The checkpoint names, one a row with its component, how many versions it has and its latest
// version's number, time and expiry. Read in the background (CheckpointLoader), filtered in
// SQL. A new filter replaces the rows (a model reset); refresh() updates them in place, rows
// that came inserted and rows that went removed, so that a selection stays where it is.
class CheckpointModel : public MergingTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        ComponentColumn,
        VersionsColumn,
        LatestVersionColumn,
        LatestCreatedColumn,
        ExpiresColumn,
        ColumnCount
    };
    enum Role
    {
        NameRole = Qt::UserRole + 1, // the checkpoint's name, in every column
        ExpiredRole,                 // bool: its latest version has expired
    };
    enum class State
    {
        Loading, // the first listing (or one for a new filter) is on its way
        Ready,
        Error // the last read failed; errorMessage() says why, refresh() tries again
    };
    Q_ENUM(State)

    explicit CheckpointModel(ConnectionFactory factory, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    State state() const { return m_state; }
    QString errorMessage() const { return m_errorMessage; }
    // Requests on their way.
    bool isBusy() const { return m_loader.pending() > 0; }

    QString filterText() const { return m_filterText; }
    // Only the names whose name or component holds this text; empty: all.
    void setFilterText(const QString &text);

    const QList<CheckpointSummary> &checkpoints() const { return m_rows; }
    int rowOf(const QString &name) const;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void stateChanged(porthole::CheckpointModel::State state, const QString &message);
    // A listing arrived and is shown.
    void loaded();

private:
    void request();
    void onAnswer(const CheckpointAnswer &answer);
    void setState(State state, const QString &message = {});

    CheckpointLoader m_loader;
    QList<CheckpointSummary> m_rows;
    QString m_filterText;
    QString m_shownFilter; // the filter of the rows shown
    quint64 m_latestTicket = 0;
    bool m_shown = false; // a listing has been shown
    State m_state = State::Loading;
    QString m_errorMessage;
    QDateTime m_now; // when the rows were read: expired is judged against it
};

} // namespace porthole
