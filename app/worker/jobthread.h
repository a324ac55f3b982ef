#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <future>
#include <memory>
#include <type_traits>

namespace porthole {

// A thread of its own that runs jobs one at a time, in the order they were posted, for an
// object whose resources belong to one thread (a QSqlDatabase connection is used only by the
// thread that opened it). post() hands back a future; run() waits for the result.
//
// The owner waits for every job it posted before it destroys the JobThread: jobs still
// queued then are dropped, and their futures report a broken promise.
class JobThread
{
public:
    explicit JobThread(const QString &name);
    ~JobThread();
    JobThread(const JobThread &) = delete;
    JobThread &operator=(const JobThread &) = delete;

    template <typename Job>
    std::future<std::invoke_result_t<Job>> post(Job job)
    {
        auto task =
            std::make_shared<std::packaged_task<std::invoke_result_t<Job>()>>(std::move(job));
        auto result = task->get_future();
        enqueue([task] { (*task)(); });
        return result;
    }

    template <typename Job>
    std::invoke_result_t<Job> run(Job job)
    {
        return post(std::move(job)).get();
    }

private:
    void enqueue(std::function<void()> job);

    QThread m_thread;
    QObject *m_context; // lives on m_thread: queued calls to it run there
};

} // namespace porthole
