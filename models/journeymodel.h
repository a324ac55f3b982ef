#pragma once

#include "connectionfactory.h"
#include "journey.h"
#include "latestread.h"
#include "redisurl.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QMetaType>

#include <optional>

namespace porthole {

// A message's journey (storage/pipeline/journey.h) as a table of its steps in time order: each
// hop (source -> target on its port, its status, how long after its cause it came, how long it
// waited and was processed, what is wrong at it) and each change an operator made. Read on a
// thread and a connection of its own (show()); a journey given whole with setJourney().
class JourneyModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        StepColumn, // "order-source → splitter", or "replay by alice"
        PortColumn,
        StatusColumn, // with its retries
        AfterColumn,  // since its cause was done
        WaitedColumn, // created to processed
        TookColumn,   // processed to completed
        TroubleColumn,
        ColumnCount
    };
    enum Role
    {
        MessageIdRole = Qt::UserRole + 1, // the port message of the step
        TroubleRole,                      // JourneyHop::Trouble as an int; None for an action
        IsActionRole,                     // an operator's change, not a hop
        AttentionRole,                    // the step needs attention: a trouble or a gap
        ReceiptRole,                      // a delivery's arrival in the store, not a hop
        DeliveryKeyRole,                  // a receipt's delivery key; empty for a hop or action
        SinkRowRole,                      // a sink_storage row's id; empty for other steps
    };

    explicit JourneyModel(ConnectionFactory factory, CorrelationKeys keys = {},
                          QObject *parent = nullptr);

    // Reads the journey of `id` (a port message's id, a trace or correlation id), replacing
    // the one shown when it comes: loaded() or failed() tells.
    void show(const QString &id);
    // The Redis server whose stream entries a journey's deliveries came from: each is read
    // with the journey, as the server holds it now (pending, acknowledged, a gap). None: not
    // read.
    void setRedis(std::optional<RedisUrl> redis) { m_redis = std::move(redis); }
    // The batch store the file sink writes: each batch line of a journey is looked for there.
    void setBatchDirectory(QString directory) { m_batchDirectory = std::move(directory); }
    void setJourney(const Journey &journey);
    const Journey &journey() const { return m_journey; }
    const CorrelationKeys &keys() const { return m_keys; }
    bool isLoading() const { return m_loading; }
    // The row of the hop of this port message; -1: none.
    int rowOfMessage(const QString &messageId) const;
    // What the step in `row` is: one of these is not null.
    const JourneyHop *hopAt(int row) const;
    const JourneyAction *actionAt(int row) const;
    const JourneyReceipt *receiptAt(int row) const;
    const SinkStorageRow *sinkRowAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // "1.25 s", "40 ms", "2 min 5 s": a duration for a person.
    static QString durationText(qint64 ms);

Q_SIGNALS:
    void loaded();
    void failed(const QString &message);

private:
    struct Step
    {
        qsizetype hop = -1;     // index in m_journey.hops, or
        qsizetype action = -1;  // index in m_journey.actions, or
        qsizetype receipt = -1; // index in m_journey.receipts, or
        qsizetype sinkRow = -1; // index in m_journey.sinkRows
        QDateTime at;
    };

    QVariant hopData(const JourneyHop &hop, int column, int role) const;
    QVariant sinkRowData(const SinkStorageRow &row, int column, int role) const;
    QVariant actionData(const JourneyAction &action, int column, int role) const;
    QVariant receiptData(const JourneyReceipt &receipt, int column, int role) const;

    LatestRead m_read;
    CorrelationKeys m_keys;
    std::optional<RedisUrl> m_redis;
    QString m_batchDirectory;
    Journey m_journey;
    QList<Step> m_steps;
    bool m_loading = false;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::Journey)
