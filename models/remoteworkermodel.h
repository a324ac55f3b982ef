#pragma once

#include "workerhealth.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace porthole {

// Workers on other machines (`porthole ingest --listen`), one a row, each asked for its
// GET /health every few seconds: its state, rate, pending entries and last error, or why it
// cannot be asked ("unreachable (connection refused)", "401 token refused").
//
// Requests go out on the GUI thread's event loop, never waited for; one at a time per worker
// (a worker that does not answer is asked again only after the request timeout). Each is
// bounded: the request timeout counts the whole request, not only silence (a worker that
// answers a byte now and then is unreachable all the same), and an answer is read as it
// arrives and cut past 1 MiB ("its answer is longer than 1 MiB"): a health report is a few
// hundred bytes. A token is kept in memory only, and sent only to the worker it belongs to
// (redirects are not followed: a 3xx is "not a Porthole worker (HTTP 302)").
class RemoteWorkerModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        WorkerColumn,
        StateColumn,
        RateColumn,
        PendingColumn,
        LastErrorColumn,
        ColumnCount
    };
    enum class Reach
    {
        Checking,     // asked, no answer yet
        Ok,           // it answered with its health
        Unreachable,  // no HTTP answer: refused, timed out, host not found
        TokenRefused, // 401: the token is wrong or missing
        TokenNeeded,  // it needs a token and none was given this session: not asked
        NotAWorker,   // an HTTP answer that is not a worker's health
    };
    enum Role
    {
        ReachRole = Qt::UserRole + 1, // Reach, as an int
        UrlRole,                      // QUrl
    };

    // What is kept of a worker between sessions (never its token).
    struct Entry
    {
        QUrl url; // as workerUrl() gives it
        QString name;
        bool needsToken = false;
    };

    explicit RemoteWorkerModel(QObject *parent = nullptr);
    ~RemoteWorkerModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The worker's base URL from what an operator typed: "host:port", "http://host:port/",
    // even ".../health". Invalid, with *error, when it is not an http(s) URL with a host.
    static QUrl workerUrl(const QString &text, QString *error);

    // Adds a worker and asks it at once; false when its URL is listed already. An empty
    // token with entry.needsToken leaves it unasked (TokenNeeded) until setToken().
    bool addWorker(const Entry &entry, const QString &token = {});
    void removeWorker(int row);
    // Replaces the token (kept in memory only) and asks again.
    void setToken(int row, const QString &token);

    QList<Entry> entries() const;
    Reach reach(int row) const;
    QString stateText(int row) const;
    std::optional<WorkerHealth> health(int row) const; // the last answer, if any
    int rowOf(const QUrl &url) const;

    void setPollInterval(int ms);
    int pollInterval() const;
    void setRequestTimeout(int ms);

public Q_SLOTS:
    // Asks every worker that has no request under way.
    void poll();

Q_SIGNALS:
    // An answer, or the lack of one, has been taken in for the worker at url.
    void workerChecked(const QUrl &url);

private:
    struct Row
    {
        quint64 id = 0;
        Entry entry;
        QString token;
        Reach reach = Reach::Checking;
        QString reason; // why it is not Ok
        std::optional<WorkerHealth> health;
        QDateTime lastSeen; // the last health answer
        QNetworkReply *reply = nullptr;
    };

    void ask(Row &row);
    void taken(quint64 id, QNetworkReply *reply);
    int indexOf(quint64 id) const;
    void rowChanged(int row);
    QString workerText(const Row &row) const;
    QString toolTip(const Row &row) const;

    QList<Row> m_rows;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    quint64 m_nextId = 0;
    int m_timeoutMs = 4000;
};

} // namespace porthole
