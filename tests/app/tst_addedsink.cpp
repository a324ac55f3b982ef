#include "ingestservice.h"
#include "ingestsink.h"
#include "redisclient.h"
#include "testservers.h"
#include "workerconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// jsonl:///absolute/file: the path, as the URL has it.
Result<QString> checkJsonLinesUrl(const QString &url)
{
    const QUrl parsed(url);
    if (parsed.scheme() != u"jsonl"_s || !parsed.host().isEmpty() ||
        !QDir::isAbsolutePath(parsed.path()))
        return StorageError{
            StorageError::Kind::InvalidArgument,
            u"%1 names no absolute file; write it as jsonl:///path/file"_s.arg(url)};
    return url;
}

// A sink of a kind Porthole does not have: every delivery as one JSON line {key, source,
// payload} appended to a file, each key once (the keys already in the file count as
// duplicates). What a new sink takes is this class and the one line in initTestCase().
class JsonLinesSink final : public IngestSink
{
public:
    static IngestSinkOpening open(const IngestSinkSettings &settings)
    {
        auto sink = std::unique_ptr<JsonLinesSink>(new JsonLinesSink(QUrl(settings.url).path()));
        if (!sink->m_file.open(QIODevice::ReadWrite | QIODevice::Append))
            return {nullptr, sink->m_file.errorString(), true, {}};
        sink->m_file.seek(0);
        while (!sink->m_file.atEnd()) {
            const QByteArray line = sink->m_file.readLine();
            sink->m_keys.insert(QJsonDocument::fromJson(line)[u"key"_s].toString());
        }
        return {std::move(sink), {}, false, {}};
    }

    Result<IngestOutcome> write(const QList<Delivery> &group) override
    {
        IngestOutcome outcome;
        QByteArray lines;
        QSet<QString> keys;
        for (const Delivery &delivery : group) {
            if (m_keys.contains(delivery.key) || keys.contains(delivery.key)) {
                ++outcome.duplicates;
                continue;
            }
            keys.insert(delivery.key);
            const QJsonObject line{{u"key"_s, delivery.key},
                                   {u"source"_s, delivery.source},
                                   {u"payload"_s, QString::fromUtf8(delivery.payload)}};
            lines += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
            ++outcome.stored;
            ++outcome.byKind[std::size_t(DecodedPayload::Kind::Message)];
        }
        if (m_file.write(lines) != lines.size() || !m_file.flush())
            return StorageError{StorageError::Kind::Io, m_file.errorString()};
        m_keys.unite(keys);
        return outcome;
    }

    // A file of payloads keeps no heartbeats.
    Status recordHeartbeat(const Heartbeat &) override { return success(); }

private:
    explicit JsonLinesSink(const QString &path)
        : m_file(path)
    {}

    QFile m_file;
    QSet<QString> m_keys;
};

// The lines of a JSON Lines file, as objects.
QList<QJsonObject> linesOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> lines;
    while (!file.atEnd())
        lines << QJsonDocument::fromJson(file.readLine()).object();
    return lines;
}

} // namespace

// The seam of docs/DEVELOPMENT.md's recipe "a sink": a sink kind that is not Porthole's, added
// as a class and a line, is taken by everything that names sinks (the URL check, the help's
// list, the worker's configuration file, the ingest worker), none of which knows its scheme.
class tst_AddedSink : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const auto redis = test::fixtureRedis();
        QVERIFY2(redis.ok(), qPrintable(redis.errorMessage()));
        m_redis = *redis;
        QVERIFY(m_temp.isValid());

        // Before the line, no one takes the URL.
        QVERIFY(!checkIngestSinkUrl(u"jsonl:///srv/deliveries.jsonl"_s));

        // The line.
        QVERIFY(addIngestSinkKind({{u"jsonl"_s},
                                   u"jsonl:///absolute/file"_s,
                                   u"a JSON Lines file"_s,
                                   true,
                                   checkJsonLinesUrl,
                                   {},
                                   JsonLinesSink::open}));
    }

    void aSchemeIsAddedOnce()
    {
        IngestSinkKind again{{u"jsonl"_s}, u"jsonl:///f"_s,    u"again"_s, true, checkJsonLinesUrl,
                             {},           JsonLinesSink::open};
        QVERIFY(!addIngestSinkKind(again));
        again.schemes = {u"sqlite"_s};
        QVERIFY(!addIngestSinkKind(again));
        again.schemes = {u"other"_s};
        again.open = {};
        QVERIFY(!addIngestSinkKind(again));
        QVERIFY(!ingestSinkKindOf(u"other:x"_s));
    }

    void itsUrlIsCheckedAndListed()
    {
        const auto checked = checkIngestSinkUrl(u"jsonl:///srv/deliveries.jsonl"_s);
        QVERIFY2(checked.ok(), qPrintable(checked.errorMessage()));
        const auto relative = checkIngestSinkUrl(u"jsonl:deliveries.jsonl"_s);
        QVERIFY(!relative);
        QVERIFY2(relative.errorMessage().contains(u"jsonl:///path/file"_s),
                 qPrintable(relative.errorMessage()));
        QVERIFY(ingestSinkKeepsBooksElsewhere(u"jsonl:///srv/deliveries.jsonl"_s));
        QVERIFY2(ingestSinkForms(true).contains(u"jsonl:///absolute/file (a JSON Lines file)"_s),
                 qPrintable(ingestSinkForms(true)));
    }

    void theConfigurationFileTakesIt()
    {
        const QString path = m_temp.filePath(u"porthole.yaml"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("testing:\n  database_type: sqlite\n  database_name: books.db\n"
                   "  ingest:\n    sink: jsonl:///srv/deliveries.jsonl\n");
        file.close();
        const auto config =
            readWorkerConfig(path, u"testing"_s, QProcessEnvironment::systemEnvironment());
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        QCOMPARE(config->ingest.sinkUrl, u"jsonl:///srv/deliveries.jsonl"_s);
        const QString described =
            describeIngestSettings(config->ingest, config->history, m_temp.path(), &*config);
        QVERIFY2(described.contains(u"ingest.sink: jsonl:///srv/deliveries.jsonl\n"_s),
                 qPrintable(described));
    }

    void theWorkerStoresThroughIt()
    {
        const QString key = u"added-sink-"_s + QUuid::createUuid().toString(QUuid::Id128);
        const QString lines = m_temp.filePath(u"deliveries.jsonl"_s);
        produce(key, 1, 300);

        IngestService service;
        IngestStats last;
        connect(&service, &IngestService::statsChanged, this,
                [&last](const IngestStats &stats) { last = stats; });
        service.start(config(key, lines));
        QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 300, 20000);
        QCOMPARE(last.stored, 300);
        service.stop();
        QTRY_VERIFY(!service.isRunning());

        // Started again on the same file, it goes on where it was.
        produce(key, 301, 350);
        service.start(config(key, lines));
        QTRY_COMPARE_WITH_TIMEOUT(last.acknowledged, 50, 20000);
        service.shutdown();

        const QList<QJsonObject> written = linesOf(lines);
        QCOMPARE(written.size(), 350);
        QSet<QString> payloads;
        for (const QJsonObject &line : written) {
            QCOMPARE(line[u"source"_s].toString(), key);
            payloads.insert(line[u"payload"_s].toString());
        }
        QCOMPARE(payloads.size(), 350);
        QVERIFY(payloads.contains(u"Message 1"_s));
        QVERIFY(payloads.contains(u"Message 350"_s));
    }

private:
    IngestConfig config(const QString &key, const QString &path) const
    {
        IngestConfig config;
        config.source.url = m_redis;
        config.source.key = key;
        config.source.consumer = u"added-sink-test"_s;
        config.source.blockMs = 100;
        config.sinkUrl = u"jsonl://"_s + path;
        config.databaseUrl = u"sqlite://"_s + m_temp.filePath(u"books.db"_s);
        return config;
    }

    void produce(const QString &key, int from, int to)
    {
        RedisClient client;
        QVERIFY2(client.connect(m_redis).ok(), "cannot reach the fixture's redis-server");
        QList<QList<QByteArray>> commands;
        for (int n = from; n <= to; ++n)
            commands.append(
                {"XADD", key.toUtf8(), "*", "payload", "Message " + QByteArray::number(n)});
        QVERIFY(client.pipeline(commands).ok());
    }

    RedisUrl m_redis;
    QTemporaryDir m_temp;
};

QTEST_GUILESS_MAIN(tst_AddedSink)
#include "tst_addedsink.moc"
