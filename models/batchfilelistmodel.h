#pragma once

#include "batchfileindex.h"
#include "batchfilelister.h"
#include "workerthread.h"

#include <QAbstractTableModel>
#include <QFlags>
#include <QList>
#include <QString>

namespace porthole {

// The files of a batch store, one a row in order of id, with everything the listing knows
// of each. The listing runs on a thread of its own and follows the store live: files that
// appear, grow or go become inserted, changed and removed rows (never a reset), so a view
// keeps its selection and scroll position.
//
// A file is flagged when it holds damaged lines, when its first message number does not
// follow on from the last one of the file before it, or when batch ids are missing before it.
class BatchFileListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        FileNameColumn,
        MessagesColumn,
        SizeColumn,
        CreatedColumn,
        ModifiedColumn,
        FirstNumberColumn,
        LastNumberColumn,
        LinesColumn,
        DamagedLinesColumn,
        ColumnCount
    };
    enum Role
    {
        BatchIdRole = Qt::UserRole + 1, // qint64
        FileInfoRole,                   // BatchFileInfo
        FlagsRole,                      // int, a combination of Flag
        ValueRole, // the column's value unformatted (a number, a QDateTime; null when none)
    };
    enum Flag
    {
        NoFlag = 0,
        DamagedLines = 0x1,   // lines that are not messages
        NumberGap = 0x2,      // the first number does not follow on from the file before
        MissingBatches = 0x4, // batch ids missing between the file before and this one
    };
    Q_DECLARE_FLAGS(Flags, Flag)
    enum class State
    {
        NoFolder, // no folder set
        Loading,  // the first listing is under way
        Ready,    // listed (perhaps with no files)
        Missing,  // the folder does not exist (yet); looked for again every few seconds
        Failed,   // the folder cannot be listed; errorMessage() says why
    };
    Q_ENUM(State)

    explicit BatchFileListModel(QObject *parent = nullptr);
    // Waits for a listing under way to finish (the listing cannot be cut short).
    ~BatchFileListModel() override;

    // Lists the store in directory and follows it; an empty path shows nothing.
    void setDirectory(const QString &directory);
    QString directory() const { return m_directory; }
    State state() const { return m_state; }
    QString errorMessage() const { return m_errorMessage; }

    const QList<BatchFileInfo> &files() const { return m_rows; }
    QList<qint64> batchIds() const;
    int rowForBatch(qint64 id) const; // -1 when not listed
    using QAbstractTableModel::flags; // the item flags, beside the findings' flags below
    Flags flags(int row) const;
    // Why a row is flagged, one finding a line, for a person; empty when it is not.
    QString flagText(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    // Lists again now (F5); normally the store's changes arrive by themselves.
    void refresh();

Q_SIGNALS:
    void stateChanged(porthole::BatchFileListModel::State state);
    // After each listing that reached the model, once its rows are in.
    void listed();

private:
    QVariant displayData(const BatchFileInfo &file, int column) const;
    QVariant toolTipData(int row, int column) const;
    QVariant valueData(const BatchFileInfo &file, int column) const;
    // Removes the rows of `ids`, inserts `added` (sorted by id) where they belong; `followers`
    // gets the ids of the rows after each change, whose flags may have changed with it.
    void removeBatches(const QList<qint64> &ids, QList<qint64> *followers);
    void insertBatches(const QList<BatchFileInfo> &added, QList<qint64> *followers);

    void apply(const BatchListUpdate &update);
    void setState(State state, const QString &message = {});
    std::optional<qint64> lastNumberBefore(int row) const;
    void emitRowChanged(int row);
    void emitFollowersChanged(int row);

    QString m_directory;
    quint64 m_generation = 0;
    State m_state = State::NoFolder;
    QString m_errorMessage;
    QList<BatchFileInfo> m_rows; // by id
    WorkerThread m_thread;
    BatchFileLister *m_lister = nullptr; // lives on m_thread
};

} // namespace porthole

Q_DECLARE_OPERATORS_FOR_FLAGS(porthole::BatchFileListModel::Flags)
