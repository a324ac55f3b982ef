#include "remoteworkermodel.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A health report is a few hundred bytes (more only with a long last error): an answer is read
// to this at the most, and cut beyond.
constexpr qint64 maxHealthBytes = 1 << 20;

QString unreachableReason(const QNetworkReply *reply, int timeoutMs)
{
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return RemoteWorkerModel::tr("connection refused");
    case QNetworkReply::HostNotFoundError:
        return RemoteWorkerModel::tr("host not found");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return RemoteWorkerModel::tr("no answer within %1 s").arg(timeoutMs / 1000.0, 0, 'g', 3);
    case QNetworkReply::RemoteHostClosedError:
        return RemoteWorkerModel::tr("it closed the connection");
    default:
        break;
    }
    return reply->errorString();
}

// Why a request was cut short here ("long", "time"), on its reply.
constexpr char cutProperty[] = "portholeCut";

bool isProblem(RemoteWorkerModel::Reach reach)
{
    return reach != RemoteWorkerModel::Reach::Ok && reach != RemoteWorkerModel::Reach::Checking;
}

} // namespace

RemoteWorkerModel::RemoteWorkerModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_timer(new QTimer(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &RemoteWorkerModel::poll);
}

RemoteWorkerModel::~RemoteWorkerModel()
{
    for (Row &row : m_rows) {
        if (QNetworkReply *reply = std::exchange(row.reply, nullptr)) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
}

int RemoteWorkerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RemoteWorkerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RemoteWorkerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WorkerColumn:
        return tr("Worker");
    case StateColumn:
        //: A column: what the worker is doing (running, paused, unreachable, ...)
        return tr("State");
    case RateColumn:
        //: A column: messages a second
        return tr("Rate");
    case PendingColumn:
        //: A column: entries delivered to the worker and not yet acknowledged
        return tr("Pending");
    case LastErrorColumn:
        return tr("Last error");
    }
    return {};
}

QString RemoteWorkerModel::workerText(const Row &row) const
{
    const QString place =
        row.entry.url.host() + u':' +
        QString::number(row.entry.url.port(row.entry.url.scheme() == u"https"_s ? 443 : 80));
    return row.entry.name.isEmpty() ? place : u"%1 (%2)"_s.arg(row.entry.name, place);
}

QString RemoteWorkerModel::toolTip(const Row &row) const
{
    QStringList lines{row.entry.url.toString()};
    if (row.reach == Reach::TokenNeeded)
        lines << tr("Tokens are kept until Porthole closes, not between sessions: give it again.");
    if (row.health) {
        const WorkerHealth &h = *row.health;
        lines << tr("Source: %1").arg(h.stats.source) << tr("Store: %1").arg(h.stats.sink);
        if (!h.consumer.isEmpty())
            lines << tr("Consumer: %1 on %2").arg(h.consumer, h.host);
        lines << tr("Porthole %1, up %2 s").arg(h.version).arg(h.uptimeSeconds);
        lines << tr("Stored %1, dead letters %2, duplicates %3")
                     .arg(QLocale().toString(h.stats.stored),
                          QLocale().toString(h.stats.deadLettered),
                          QLocale().toString(h.stats.duplicates));
    }
    if (row.lastSeen.isValid())
        lines << tr("Last answer at %1")
                     .arg(QLocale().toString(row.lastSeen.toLocalTime().time(),
                                             QLocale::LongFormat));
    return lines.join(u'\n');
}

QVariant RemoteWorkerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const bool ok = row.reach == Reach::Ok && row.health;
    switch (role) {
    case ReachRole:
        return int(row.reach);
    case UrlRole:
        return row.entry.url;
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::TextAlignmentRole:
        if (index.column() == RateColumn || index.column() == PendingColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole: {
        if (index.column() != StateColumn && index.column() != LastErrorColumn)
            return {};
        const IngestState state = ok ? row.health->stats.state : IngestState::Stopped;
        if (isProblem(row.reach) || state == IngestState::Failed || state == IngestState::Stalled ||
            (index.column() == LastErrorColumn && ok && !row.health->stats.lastError.isEmpty()))
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (!ok)
            return {};
        if (state == IngestState::Running)
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        if (state != IngestState::Paused)
            return QBrush(QColor(0xa0, 0x60, 0x00));
        return {};
    }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case WorkerColumn:
        return workerText(row);
    case StateColumn:
        return stateText(index.row());
    case RateColumn:
        return ok ? tr("%1/s").arg(QLocale().toString(row.health->stats.ratePerSecond, 'f', 0))
                  : QString();
    case PendingColumn:
        if (!ok)
            return QString();
        return row.health->stats.pending >= 0 ? QLocale().toString(row.health->stats.pending)
                                              : tr("not known");
    case LastErrorColumn:
        if (!ok || row.health->stats.lastError.isEmpty())
            return QString();
        if (!row.health->stats.lastErrorAt.isValid())
            return row.health->stats.lastError;
        return tr("%1: %2").arg(
            QLocale().toString(row.health->stats.lastErrorAt.toLocalTime(), QLocale::ShortFormat),
            row.health->stats.lastError);
    }
    return {};
}

QString RemoteWorkerModel::stateText(int index) const
{
    const Row &row = m_rows.at(index);
    switch (row.reach) {
    case Reach::Checking:
        return tr("checking…");
    case Reach::Ok:
        return row.health ? ingestStateText(row.health->stats.state) : QString();
    case Reach::Unreachable:
        return tr("unreachable (%1)").arg(row.reason);
    case Reach::TokenRefused:
        return row.token.isEmpty() ? tr("401 token required: set one") : tr("401 token refused");
    case Reach::TokenNeeded:
        return tr("token needed: Set token…");
    case Reach::NotAWorker:
        return tr("not a Porthole worker (%1)").arg(row.reason);
    }
    return {};
}

QUrl RemoteWorkerModel::workerUrl(const QString &text, QString *error)
{
    QString trimmed = text.trimmed();
    if (!trimmed.contains(u"://"_s))
        trimmed.prepend(u"http://"_s);
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || !url.userInfo().isEmpty() ||
        url.hasQuery() || url.hasFragment()) {
        *error = tr("\"%1\" is not a worker's address; write http://HOST:PORT, as "
                    "`porthole ingest --listen` prints it.")
                     .arg(text.trimmed());
        return {};
    }
    QString path = url.path();
    if (path.endsWith(u"/health"_s))
        path.chop(7);
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path);
    return url;
}

bool RemoteWorkerModel::addWorker(const Entry &entry, const QString &token)
{
    if (rowOf(entry.url) >= 0 || !entry.url.isValid())
        return false;
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    Row row;
    row.id = ++m_nextId;
    row.entry = entry;
    row.token = token;
    row.reach = entry.needsToken && token.isEmpty() ? Reach::TokenNeeded : Reach::Checking;
    m_rows.append(row);
    endInsertRows();
    if (m_rows.constLast().reach == Reach::Checking)
        ask(m_rows.last());
    if (!m_timer->isActive())
        m_timer->start();
    return true;
}

void RemoteWorkerModel::removeWorker(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    beginRemoveRows({}, row, row);
    QNetworkReply *reply = m_rows.takeAt(row).reply;
    endRemoveRows();
    if (reply) { // its answer is for nobody now
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (m_rows.isEmpty())
        m_timer->stop();
}

void RemoteWorkerModel::setToken(int index, const QString &token)
{
    if (index < 0 || index >= m_rows.size())
        return;
    Row &row = m_rows[index];
    row.token = token;
    row.entry.needsToken = !token.isEmpty();
    if (QNetworkReply *reply = std::exchange(row.reply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    row.reach = Reach::Checking;
    row.health.reset();
    rowChanged(index);
    ask(m_rows[index]);
}

QList<RemoteWorkerModel::Entry> RemoteWorkerModel::entries() const
{
    QList<Entry> out;
    out.reserve(m_rows.size());
    for (const Row &row : m_rows)
        out.append(row.entry);
    return out;
}

RemoteWorkerModel::Reach RemoteWorkerModel::reach(int row) const
{
    return m_rows.at(row).reach;
}

std::optional<WorkerHealth> RemoteWorkerModel::health(int row) const
{
    return m_rows.at(row).health;
}

int RemoteWorkerModel::rowOf(const QUrl &url) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).entry.url == url)
            return int(i);
    }
    return -1;
}

int RemoteWorkerModel::indexOf(quint64 id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return int(i);
    }
    return -1;
}

void RemoteWorkerModel::setPollInterval(int ms)
{
    m_timer->setInterval(ms);
}

int RemoteWorkerModel::pollInterval() const
{
    return m_timer->interval();
}

void RemoteWorkerModel::setRequestTimeout(int ms)
{
    m_timeoutMs = ms;
}

void RemoteWorkerModel::poll()
{
    for (Row &row : m_rows) {
        if (!row.reply && row.reach != Reach::TokenNeeded)
            ask(row);
    }
}

void RemoteWorkerModel::ask(Row &row)
{
    QUrl url = row.entry.url;
    url.setPath(url.path() + u"/health"_s);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    if (!row.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + row.token.toUtf8());
    QNetworkReply *reply = m_network->get(request);
    row.reply = reply;
    const quint64 id = row.id;
    // Qt reads no more than this from the socket until it is taken; an answer longer than a
    // health report can be is cut as it arrives, never buffered whole.
    reply->setReadBufferSize(maxHealthBytes + 1);
    connect(reply, &QNetworkReply::readyRead, this, [reply] {
        if (reply->bytesAvailable() > maxHealthBytes) {
            reply->setProperty(cutProperty, u"long"_s);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { taken(id, reply); });
    // The transfer timeout counts silence; this, the whole request: a worker that answers a
    // byte now and then is given up as one that does not answer.
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    deadline->setTimerType(Qt::PreciseTimer);
    connect(deadline, &QTimer::timeout, reply, [reply] {
        reply->setProperty(cutProperty, u"time"_s);
        reply->abort();
    });
    deadline->start(m_timeoutMs);
}

void RemoteWorkerModel::taken(quint64 id, QNetworkReply *reply)
{
    reply->deleteLater();
    const int index = indexOf(id);
    if (index < 0 || m_rows.at(index).reply != reply)
        return; // removed, or asked again since
    Row &row = m_rows[index];
    row.reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString cut = reply->property(cutProperty).toString();
    row.reason.clear();
    if (cut == u"long"_s) {
        row.reach = Reach::NotAWorker;
        row.reason = tr("its answer is longer than %1 MiB").arg(maxHealthBytes >> 20);
        row.health.reset();
    } else if (status == 0 || cut == u"time"_s) {
        row.reach = Reach::Unreachable;
        row.reason = unreachableReason(reply, m_timeoutMs);
        row.health.reset();
    } else if (status == 401) {
        row.reach = Reach::TokenRefused;
        row.health.reset();
    } else {
        QJsonParseError parsed{};
        const QJsonDocument document =
            QJsonDocument::fromJson(reply->read(maxHealthBytes), &parsed);
        QString why;
        const auto health = document.isObject() && (status == 200 || status == 503)
                                ? WorkerHealth::fromJson(document.object(), &why)
                                : std::nullopt;
        if (health) {
            row.reach = Reach::Ok;
            row.health = health;
            row.lastSeen = QDateTime::currentDateTimeUtc();
        } else {
            row.reach = Reach::NotAWorker;
            row.reason = status != 200 && status != 503 ? tr("HTTP %1").arg(status)
                         : why.isEmpty()                ? tr("its answer is not JSON")
                                                        : why;
            row.health.reset();
        }
    }
    const QUrl url = row.entry.url;
    rowChanged(index);
    Q_EMIT workerChecked(url);
}

void RemoteWorkerModel::rowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace porthole
