#include "batchsearch.h"

#include "batchfilereader.h"
#include "batchline.h"
#include "filedescriptor.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLatin1StringView>
#include <QLocale>

#include <algorithm>
#include <fcntl.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Hits and progress go out at most this often, or when this many hits are waiting: often
// enough to look live, seldom enough not to flood the GUI thread's event queue.
constexpr int sendEveryMs = 50;
constexpr qsizetype sendEveryHits = 200;
constexpr qsizetype previewLimit = 200;

bool before(const BatchSearchHit &a, const BatchSearchHit &b)
{
    return a.batchId != b.batchId ? a.batchId < b.batchId : a.lineNumber < b.lineNumber;
}

struct SearchRequest
{
    quint64 generation = 0;
    QString directory;
    BatchSearchQuery query;
    QList<qint64> batchIds;
};

// Whether content holds the query's text, ignoring case.
class TextMatcher
{
public:
    explicit TextMatcher(const QString &text)
        : m_text(text)
        , m_latin1(text.toLatin1())
    {
        m_ascii =
            std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
    }

    bool matches(QByteArrayView content) const
    {
        // An ASCII needle is found in UTF-8 bytes as it is: no byte of a multi-byte sequence
        // is ASCII, so nothing needs decoding (the common case, and ten times faster).
        if (m_ascii)
            return QLatin1StringView(content.data(), content.size())
                .contains(QLatin1StringView(m_latin1), Qt::CaseInsensitive);
        return QString::fromUtf8(content).contains(m_text, Qt::CaseInsensitive);
    }

private:
    QString m_text;
    QByteArray m_latin1;
    bool m_ascii = true;
};

} // namespace

// Runs searches one at a time on the search thread; a search whose generation is no longer
// the latest stops at the next file.
class BatchSearchWorker : public QObject
{
    Q_OBJECT

public:
    explicit BatchSearchWorker(std::shared_ptr<std::atomic<quint64>> latest)
        : m_latest(std::move(latest))
    {}

    void run(const SearchRequest &request);

Q_SIGNALS:
    void hitsFound(quint64 generation, const QList<porthole::BatchSearchHit> &hits,
                   qint64 filesSearched);
    void finished(quint64 generation, qint64 filesSearched, bool limitReached);

private:
    bool cancelled(quint64 generation) const
    {
        return m_latest->load() != generation ||
               QThread::currentThread()->isInterruptionRequested();
    }

    std::shared_ptr<std::atomic<quint64>> m_latest;
};

void BatchSearchWorker::run(const SearchRequest &request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const quint64 generation = request.generation;
    if (cancelled(generation))
        return; // another search came after it: it never starts
    const FileDescriptor dir(::open(QFile::encodeName(request.directory).constData(),
                                    O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.isValid()) {
        Q_EMIT finished(generation, 0, false);
        return;
    }
    const BatchSearchQuery &query = request.query;
    const TextMatcher matcher(query.text);
    QList<BatchSearchHit> pending;
    QElapsedTimer sinceSent;
    sinceSent.start();
    qint64 searched = 0;
    qint64 found = 0;
    const auto hit = [&](qint64 id, qint64 lineNumber, qint64 number, QByteArrayView text) {
        pending.append(
            BatchSearchHit{id, lineNumber, number,
                           QString::fromUtf8(text.first(std::min(text.size(), previewLimit)))});
        ++found;
    };

    for (const qint64 id : request.batchIds) {
        if (cancelled(generation))
            return;
        FileDescriptor fd;
        struct stat status = {};
        // A file that cannot be read (gone meanwhile, permissions, damaged: larger than a batch
        // file can be) has nothing to find. Lines are read one at a time.
        if (openBatchFileAt(dir.get(), batchFileNameBytes(id).constData(), &fd, &status) == 0) {
            BatchLineReader reader(fd.get(), status.st_size);
            while (found < BatchSearch::hitLimit && reader.next()) {
                const qint64 lineNumber = reader.lineNumber();
                QByteArrayView line = reader.text();
                if (line.endsWith('\r'))
                    line.chop(1); // a CRLF writer's line end
                BatchLineHeader header;
                // A last line without its line end is a torn write, not a message (yet).
                const bool message = reader.terminated() && !reader.tooLong() &&
                                     BatchLine::parseHeader(line, &header).isEmpty();
                if (query.kind == BatchSearchQuery::Kind::Number) {
                    if (message && header.number == query.number)
                        hit(id, lineNumber, header.number, line.sliced(header.contentOffset));
                    continue;
                }
                QByteArrayView content = message ? line.sliced(header.contentOffset) : line;
                QByteArray unescaped;
                if (message && content.contains('\\')) {
                    unescaped = BatchLine::unescape(content);
                    content = unescaped;
                }
                if (matcher.matches(content))
                    hit(id, lineNumber, message ? header.number : -1, content);
            }
        }
        ++searched;
        if (found >= BatchSearch::hitLimit)
            break;
        if (pending.size() >= sendEveryHits || sinceSent.elapsed() >= sendEveryMs) {
            Q_EMIT hitsFound(generation, pending, searched);
            pending.clear();
            sinceSent.restart();
        }
    }
    if (!pending.isEmpty())
        Q_EMIT hitsFound(generation, pending, searched);
    Q_EMIT finished(generation, searched, found >= BatchSearch::hitLimit);
}

std::optional<BatchSearchQuery> BatchSearchQuery::parse(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    BatchSearchQuery query;
    const QString digits = text.startsWith(u'#') ? text.mid(1).trimmed() : text;
    bool isNumber = !digits.isEmpty() && std::all_of(digits.cbegin(), digits.cend(), [](QChar c) {
        return c >= u'0' && c <= u'9';
    });
    const qint64 number = isNumber ? digits.toLongLong(&isNumber) : 0;
    if (isNumber) {
        query.kind = Kind::Number;
        query.number = number;
    } else {
        query.kind = Kind::Text;
        query.text = text;
    }
    return query;
}

QString BatchSearchQuery::describe() const
{
    return kind == Kind::Number ? BatchSearch::tr("message #%1").arg(number)
                                : BatchSearch::tr("“%1”").arg(text);
}

BatchSearch::BatchSearch(QObject *parent)
    : QObject(parent)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<porthole::BatchSearchHit>();
    auto *worker = new BatchSearchWorker(m_latest);
    m_thread.start(u"batch-search"_s, worker);
    m_worker = worker;
    connect(worker, &BatchSearchWorker::hitsFound, this, &BatchSearch::onHits);
    connect(worker, &BatchSearchWorker::finished, this, &BatchSearch::onFinished);
}

BatchSearch::~BatchSearch()
{
    m_latest->store(0);
    m_thread.stop();
}

bool BatchSearch::start(const QString &directory, const QString &query,
                        const QList<qint64> &batchIds)
{
    cancel();
    const std::optional<BatchSearchQuery> parsed = BatchSearchQuery::parse(query);
    m_query = query;
    if (!parsed)
        return false;
    m_running = true;
    m_files = batchIds.size();
    m_latest->store(m_generation);
    SearchRequest request{m_generation, directory, *parsed, batchIds};
    auto *worker = static_cast<BatchSearchWorker *>(m_worker);
    QMetaObject::invokeMethod(
        worker, [worker, request] { worker->run(request); }, Qt::QueuedConnection);
    return true;
}

void BatchSearch::cancel()
{
    // The worker stops at its next file; whatever it still sends is of an old generation.
    ++m_generation;
    m_latest->store(m_generation);
    m_running = false;
    m_limitReached = false;
    m_files = 0;
    m_filesSearched = 0;
    m_hits.clear();
}

std::optional<BatchSearchHit> BatchSearch::nextHit(qint64 batchId, qint64 lineNumber,
                                                   bool included) const
{
    const BatchSearchHit at{batchId, lineNumber, -1, {}};
    const auto found = included ? std::lower_bound(m_hits.cbegin(), m_hits.cend(), at, before)
                                : std::upper_bound(m_hits.cbegin(), m_hits.cend(), at, before);
    if (found == m_hits.cend())
        return std::nullopt;
    return *found;
}

std::optional<BatchSearchHit> BatchSearch::previousHit(qint64 batchId, qint64 lineNumber) const
{
    const BatchSearchHit at{batchId, lineNumber, -1, {}};
    const auto found = std::lower_bound(m_hits.cbegin(), m_hits.cend(), at, before);
    if (found == m_hits.cbegin())
        return std::nullopt;
    return *(found - 1);
}

int BatchSearch::indexOf(const BatchSearchHit &hit) const
{
    const auto found = std::lower_bound(m_hits.cbegin(), m_hits.cend(), hit, before);
    return found != m_hits.cend() && !before(hit, *found) ? int(found - m_hits.cbegin()) : -1;
}

void BatchSearch::onHits(quint64 generation, const QList<BatchSearchHit> &hits,
                         qint64 filesSearched)
{
    if (generation != m_generation)
        return;
    m_filesSearched = filesSearched;
    if (!hits.isEmpty()) {
        // Each batch is in store order, but a search that starts at the operator's file
        // wraps around: merge rather than append.
        QList<BatchSearchHit> sorted = hits;
        std::sort(sorted.begin(), sorted.end(), before);
        const qsizetype middle = m_hits.size();
        m_hits.append(sorted);
        std::inplace_merge(m_hits.begin(), m_hits.begin() + middle, m_hits.end(), before);
        Q_EMIT hitsFound(hits);
    }
    Q_EMIT progress(filesSearched, m_files);
}

void BatchSearch::onFinished(quint64 generation, qint64 filesSearched, bool limitReached)
{
    if (generation != m_generation)
        return;
    m_filesSearched = filesSearched;
    m_limitReached = limitReached;
    m_running = false;
    Q_EMIT finished();
}

} // namespace porthole

#include "batchsearch.moc"
