#pragma once

#include "redisclient.h"
#include "redisurl.h"
#include "storageerror.h"
#include "workerthread.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace porthole {

// The Redis pane's connection to its server, on a thread of its own: every read the pane's
// models make (a page of a stream, of pending entries, of keys) runs there, one at a time in the
// order asked, so that the GUI thread never waits on Redis. The connection is made at the first
// read and made again at the next read after it failed (the server went and came back).
//
// ask() takes a read and what to do with its result on the GUI thread: that runs only if the
// receiver still exists, so a model deleted meanwhile never hears of its reads.
class RedisBrowser : public QObject
{
    Q_OBJECT

public:
    explicit RedisBrowser(RedisUrl url, QObject *parent = nullptr);
    // Lets the read under way finish (bounded by the client's command timeout) and drops the
    // rest.
    ~RedisBrowser() override;

    template <typename T>
    using Read = std::function<Result<T>(RedisClient &client)>;
    template <typename T>
    using Answer = std::function<void(const Result<T> &result)>;

    // Runs `read` on the browser's thread, then `answer` with its result on the GUI thread,
    // if `receiver` (which lives there too) is still there.
    template <typename T>
    void ask(QObject *receiver, Read<T> read, Answer<T> answer)
    {
        post([this, receiver = QPointer<QObject>(receiver), read = std::move(read),
              answer = std::move(answer)](RedisClient *client, const StorageError *failure) {
            auto result =
                std::make_shared<Result<T>>(failure ? Result<T>(*failure) : read(*client));
            answered(receiver, [answer, result] { answer(*result); });
        });
    }

    // Reads asked and not yet answered.
    int pending() const { return m_asked - m_answered; }

Q_SIGNALS:
    // Whether a read is under way or waiting: for the pane's busy indicator.
    void busyChanged(bool busy);

private:
    // `job` runs on the thread with the connection, or with why there is none.
    using Job = std::function<void(RedisClient *client, const StorageError *failure)>;
    void post(Job job);
    // From the browser's thread: `deliver` runs on the GUI thread if `receiver` is still there.
    void answered(const QPointer<QObject> &receiver, std::function<void()> deliver);

    WorkerThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread, deleted when it ends
    int m_asked = 0;
    int m_answered = 0;
};

} // namespace porthole
