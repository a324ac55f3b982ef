#pragma once

#include "batchfilereader.h"
#include "batchmessageloader.h"
#include "workerthread.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <optional>

namespace porthole {

// The lines of one batch file, one a row: line number, time, message number and content.
// Damaged lines are rows too, marked, with what is wrong in their tooltip; a message whose
// number does not follow on from the message before it in the file is marked as a gap.
// The file is read on a thread of its own. Following live (the default), lines the writer
// adds are appended as new rows, and a torn last line that is completed changes in place.
class BatchMessageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        LineColumn,
        TimeColumn,
        NumberColumn,
        ContentColumn,
        ColumnCount
    };
    enum Role
    {
        LineNumberRole = Qt::UserRole + 1, // qint64, from 1
        MessageNumberRole,                 // qint64; null for a damaged line
        TimestampRole,                     // QDateTime in UTC; null for a damaged line
        ContentRole,                       // QByteArray: the content, or the damaged line
        DamagedRole,                       // bool
        ProblemRole,                       // QString: what is wrong with a damaged line
        GapRole, // qint64: numbers missing before this message (< 0: the number goes back)
    };
    enum class State
    {
        NoFile,  // none chosen
        Loading, // being read
        Ready,
        Failed, // cannot be read; errorMessage() says why
    };
    Q_ENUM(State)

    explicit BatchMessageModel(QObject *parent = nullptr);
    ~BatchMessageModel() override;

    // Shows batch id of the store in directory; 0 shows nothing.
    void setFile(const QString &directory, qint64 batchId);
    QString directory() const { return m_directory; }
    qint64 batchId() const { return m_batchId; }
    void setFollowLive(bool follow);
    bool followLive() const { return m_follow; }
    State state() const { return m_state; }
    QString errorMessage() const { return m_errorMessage; }

    const QList<BatchFileLine> &lines() const { return m_lines; }
    int rowForLine(qint64 lineNumber) const; // -1 when there is no such line
    // Why a row is marked (damaged, or a gap before it), for a person; empty when it is not.
    QString note(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Content as a cell shows it: control characters as visible symbols, at most a screenful.
    static QString displayText(const QByteArray &bytes);

public Q_SLOTS:
    // Reads the file again now.
    void reload();

Q_SIGNALS:
    void stateChanged(porthole::BatchMessageModel::State state);
    // The first reading of the file setFile() chose is in.
    void loaded(qint64 batchId);

private:
    void apply(const BatchMessageRead &read);
    void update(const QList<BatchFileLine> &lines);
    void setState(State state, const QString &message = {});
    std::optional<qint64> gap(int row) const;

    QString m_directory;
    qint64 m_batchId = 0;
    quint64 m_generation = 0;
    bool m_follow = true;
    bool m_firstPending = false; // no reading of this file has arrived yet
    State m_state = State::NoFile;
    QString m_errorMessage;
    QList<BatchFileLine> m_lines;
    QList<std::optional<qint64>> m_numberBefore; // of the previous message in the file, by row
    WorkerThread m_thread;
    BatchMessageLoader *m_loader = nullptr; // lives on m_thread
};

} // namespace porthole
