#pragma once

#include "checkpointloader.h"
#include "checkpointrepository.h"
#include "mergingtablemodel.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>

namespace porthole {

// The versions of one checkpoint, newest first: number, when saved, expiry, which is the latest,
// and the size of its data. Read in the background (CheckpointLoader), as are the documents of
// the versions the operator looks at (loadDocument()), a few of which are kept.
//
// A new name replaces the rows (a model reset); refresh() updates them in place, versions that
// came inserted and versions that went removed.
class CheckpointVersionModel : public MergingTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        VersionColumn,
        CreatedColumn,
        ExpiresColumn,
        LatestColumn,
        SizeColumn,
        ColumnCount
    };
    enum Role
    {
        VersionRole = Qt::UserRole + 1, // qint64, in every column
        ExpiredRole,                    // bool
        IsLatestRole,                   // bool
    };
    enum class State
    {
        Idle,    // no checkpoint chosen
        Loading, // the versions of a new name are on their way
        Ready,
        Error // the last read failed; errorMessage() says why, refresh() tries again
    };
    Q_ENUM(State)

    explicit CheckpointVersionModel(ConnectionFactory factory, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    State state() const { return m_state; }
    QString errorMessage() const { return m_errorMessage; }
    // Requests on their way (versions or documents).
    bool isBusy() const { return m_loader.pending() > 0; }

    QString checkpointName() const { return m_name; }
    // Lists the versions of this checkpoint; an empty name lists none.
    void setCheckpointName(const QString &name);

    const QList<Checkpoint> &versions() const { return m_rows; }
    int rowOfVersion(qint64 version) const;
    // The version listed just before this one (the next older), or 0 when there is none.
    qint64 previousVersion(qint64 version) const;

    // Reads a version with its data, unless it is at hand or on its way; documentLoaded() or
    // documentFailed() tell when it is done.
    void loadDocument(qint64 version);
    // The version with its data, when it has been read; nullptr otherwise.
    const Checkpoint *document(qint64 version) const;

    static constexpr int documentsKept = 8;

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void stateChanged(porthole::CheckpointVersionModel::State state, const QString &message);
    // The versions of a checkpoint arrived and are shown.
    void loaded();
    void documentLoaded(qint64 version);
    void documentFailed(qint64 version, const QString &message);

private:
    void onAnswer(const CheckpointAnswer &answer);
    void applyVersions(const CheckpointAnswer &answer);
    void applyDocument(const CheckpointAnswer &answer);
    void setState(State state, const QString &message = {});

    CheckpointLoader m_loader;
    QString m_name;
    QString m_shownName; // the name whose versions are shown
    bool m_shown = false;
    QList<Checkpoint> m_rows;
    quint64 m_latestTicket = 0;
    QHash<qint64, Checkpoint> m_documents; // of m_name
    QList<qint64> m_documentOrder;         // oldest read first, for dropping
    QSet<qint64> m_documentsInFlight;
    State m_state = State::Idle;
    QString m_errorMessage;
    QDateTime m_now; // when the rows were read: expired is judged against it
};

} // namespace porthole
