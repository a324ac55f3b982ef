#pragma once

#include "connectionfactory.h"
#include "portmessagerepository.h"
#include "workerthread.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <memory>

namespace porthole {

class ErrorGroupModel;

// How many port messages each status and each port has, as the lookup read them.
struct PortMessageCounts
{
    QString port;                // the statuses are counted in this port only (empty: all)
    QList<StatusCount> statuses; // in the order of PortMessageRepository::statuses()
    QList<PortCount> ports;      // every port, all statuses
};

// What the Queues and Dead letters panes show beside their tables, read on a thread of its own
// with a connection of its own: the ports to filter by, the rows per status and per port, and
// the dead letters grouped by the signature of their error. An answer to a request older than the
// latest of its kind is dropped.
//
// The groups are made of the newest dead letters only (100,000 unless asked otherwise): their
// error messages and times come from SQL (SQLite has no regular expressions to normalise
// them with), and normalising and grouping them would hold the GUI thread for as long as the
// messages are many and different. So the group model is built and filled on the lookup's
// thread and handed over whole, living on this object's thread from then on.
class PortMessageLookup : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultGroupedRows = 100000;
    // Each count of requestCounts() stops here, as the listings' counts do (RowCount).
    static constexpr qint64 countUpTo = 100000;

    explicit PortMessageLookup(ConnectionFactory factory, QObject *parent = nullptr);
    // Waits for a read under way (bounded by the statement timeout).
    ~PortMessageLookup() override;

    void requestPorts();
    // Rows per status (of `port` only, unless empty) and per port; countsRead() answers.
    void requestCounts(const QString &port = {});
    void requestErrorGroups(int newest = defaultGroupedRows);

    // The groups of the last answer; null until the first. Replaced by each answer: hold it
    // only until errorGroupsRead() says that there is a new one.
    ErrorGroupModel *errorGroups() const { return m_groups.get(); }
    // Requests sent and not yet answered.
    bool isBusy() const
    {
        return m_portsAsked > m_portsAnswered || m_groupsAsked > m_groupsAnswered ||
               m_countsAsked > m_countsAnswered;
    }
    // The counts asked for so far (requestCounts()).
    quint64 countsAsked() const { return m_countsAsked; }

Q_SIGNALS:
    void portsRead(const QStringList &ports);
    void countsRead(const porthole::PortMessageCounts &counts);
    // errorGroups() is new: `grouped` dead letters were grouped; `complete` is false when older
    // ones were left out.
    void errorGroupsRead(qint64 grouped, bool complete);
    void failed(const QString &message);
    void busyChanged(bool busy);

private:
    struct Deleter
    {
        void operator()(ErrorGroupModel *model) const;
    };
    using GroupsPointer = std::unique_ptr<ErrorGroupModel, Deleter>;

    void adoptGroups(quint64 request, ErrorGroupModel *groups, qint64 grouped, bool complete);
    void answered(bool wasBusy);

    WorkerThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    quint64 m_portsAsked = 0;
    quint64 m_portsAnswered = 0;
    quint64 m_countsAsked = 0;
    quint64 m_countsAnswered = 0;
    quint64 m_groupsAsked = 0;
    quint64 m_groupsAnswered = 0;
    GroupsPointer m_groups;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::PortMessageCounts)
