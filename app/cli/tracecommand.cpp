#include "tracecommand.h"

#include "commandio.h"
#include "connectionfactory.h"
#include "correlationsettings.h"
#include "journey.h"
#include "journeyreceipts.h"
#include "migrationrunner.h"
#include "redisclient.h"
#include "redispassword.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString command = u"porthole trace"_s;

struct TraceOptions
{
    QCommandLineOption db{u"db"_s,
                          u"The database: sqlite:///path.db or postgresql://user@host/db "
                          "(the password from PGPASSWORD or ~/.pgpass)."_s,
                          u"url"_s};
    QCommandLineOption keys{u"keys"_s,
                            u"The metadata keys a message's hops share (default: the setting "
                            "journey/keys, else trace_id,correlation_id,message_id)."_s,
                            u"keys"_s};
    QCommandLineOption causeKeys{u"cause-keys"_s,
                                 u"The metadata keys that name a hop's cause (default: the "
                                 "setting journey/causeKeys, else causation_id,parent_id)."_s,
                                 u"keys"_s};
    QCommandLineOption redis{u"redis"_s,
                             u"The Redis server: shows each stream entry of the journey as it "
                             "holds it now, pending or acknowledged by each group, and an entry "
                             "acknowledged with nothing stored as a gap (its password: "
                             "REDISCLI_AUTH)."_s,
                             u"url"_s};
    QCommandLineOption files{u"files"_s,
                             u"The batch store: checks that each delivery the batch-file sink "
                             "journalled is on its line, a missing one a gap."_s,
                             u"dir"_s};
    QCommandLineOption json{u"json"_s, u"Writes the journey as JSON."_s};
};

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : u"-"_s;
}

// "1.25 s", "40 ms", "2 min 5 s": a duration for a person.
QString durationText(qint64 ms)
{
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    if (ms < 60 * 1000)
        return u"%1 s"_s.arg(QLocale::c().toString(double(ms) / 1000, 'f', ms < 10000 ? 2 : 1));
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return u"%1 min %2 s"_s.arg(seconds / 60).arg(seconds % 60);
    return u"%1 h %2 min"_s.arg(seconds / 3600).arg(seconds / 60 % 60);
}

// How long a hop waited and worked: "pending 40 ms, processing 10 ms".
QString stayText(const PortMessage &m)
{
    QStringList parts;
    if (m.processedAt.isValid())
        parts << u"pending "_s + durationText(m.createdAt.msecsTo(m.processedAt));
    if (m.processedAt.isValid() && m.completedAt.isValid())
        parts << u"processing "_s + durationText(m.processedAt.msecsTo(m.completedAt));
    return parts.join(u", "_s);
}

void printJourney(const Journey &journey, QTextStream &out)
{
    out << "Journey of " << journey.query << ": " << journey.hops.size()
        << (journey.hops.size() == 1 ? " hop" : " hops") << ", found by "
        << journey.matchedBy.join(u", "_s)
        << (journey.truncated ? " (more rows share its keys than a journey holds)" : "") << "\n";
    if (journey.hops.isEmpty())
        out << "  no port message came of it\n";
    qsizetype action = 0;
    const auto actionsUntil = [&](const QDateTime &time) {
        for (; action < journey.actions.size() &&
               (!time.isValid() || journey.actions.at(action).at <= time);
             ++action) {
            const JourneyAction &a = journey.actions.at(action);
            out << "  " << timeText(a.at) << "  " << a.change << " by " << a.actor
                << " (audit entry " << a.auditId << ") of " << a.messageId << "\n";
        }
    };
    for (const JourneyHop &hop : journey.hops) {
        const PortMessage &m = hop.message;
        actionsUntil(m.createdAt);
        QString after;
        if (const JourneyHop *cause = journey.hop(hop.causeId)) {
            const QDateTime from = cause->message.completedAt.isValid() ? cause->message.completedAt
                                                                        : cause->message.createdAt;
            after =
                u" (+%1 after its cause%2)"_s.arg(durationText(from.msecsTo(m.createdAt)),
                                                  hop.causeInferred ? u", inferred"_s : QString());
        }
        out << "  " << timeText(m.createdAt) << "  " << m.sourceComponent << " -> "
            << m.targetComponent << " on " << m.portName << "  " << m.status;
        if (m.retryCount > 0)
            out << ", " << m.retryCount << (m.retryCount == 1 ? " retry" : " retries");
        out << after << "\n      " << m.id;
        if (const QString stay = stayText(m); !stay.isEmpty())
            out << "  " << stay;
        out << "\n";
        if (!m.errorMessage.isEmpty())
            out << "      error: " << m.errorMessage << "\n";
        if (hop.trouble != JourneyHop::Trouble::None)
            out << "      ! " << troubleName(hop.trouble) << ": " << hop.troubleText << "\n";
    }
    actionsUntil({});
    if (!journey.receipts.isEmpty())
        out << "Received\n";
    for (const JourneyReceipt &receipt : journey.receipts) {
        out << "  " << timeText(receipt.storedAt) << "  " << receiptText(receipt) << "\n";
        if (!receipt.gap.isEmpty())
            out << "      ! gap: " << receipt.gap << "\n";
    }
    if (!journey.sinkRows.isEmpty())
        out << "Stored by sinks\n";
    for (const SinkStorageRow &row : journey.sinkRows)
        out << "  " << timeText(row.createdAt) << "  " << row.sinkName
            << (row.dataType.isEmpty() ? QString() : u" ("_s + row.dataType + u')')
            << " -> sink_storage row " << row.id << "\n";
    out.flush();
}

} // namespace

int runTraceCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const TraceOptions o;
    parser.setApplicationDescription(
        u"Prints the journey of one message across the pipeline: every port message its "
        "correlation keys tie to it (docs/DATABASE.md, \"Correlation\"), hop by hop, with the "
        "time of each status, the operators' changes and what is wrong where (a dead end, a "
        "hop overdue, a next hop missing). Reads only."_s);
    parser.addPositionalArgument(u"id"_s,
                                 u"A port message's id, a trace, correlation or message id, a "
                                 "delivery key (stream:KEY:ENTRY-ID), or a batch file's line "
                                 "(messages_batch_0012.txt:5)."_s);
    parser.addOptions({o.db, o.keys, o.causeKeys, o.redis, o.files, o.json});
    if (const int done = parseSubcommand(parser, arguments); done >= 0)
        return done;
    const QStringList words = parser.positionalArguments();
    if (words.size() != 1)
        return usageError(command, u"name one message: its id, or a trace or correlation id."_s);
    if (!parser.isSet(o.db))
        return usageError(command, u"--db names the database to read."_s);
    const auto keys = correlationKeys(parser.value(o.keys), parser.value(o.causeKeys));
    if (!keys)
        return usageError(command, keys.errorMessage());
    const auto url = DatabaseUrl::parse(parser.value(o.db));
    if (!url)
        return usageError(command, url.errorMessage());
    std::optional<RedisUrl> redisUrl;
    if (parser.isSet(o.redis)) {
        auto parsed = RedisUrl::parse(parser.value(o.redis));
        if (!parsed)
            return usageError(command, parsed.errorMessage());
        redisUrl = withEnvironmentPassword(*parsed);
    }

    // It only reads: a read-only connection leaves a SQLite file byte for byte as it was.
    const ConnectionFactory factory(*url, readOnlySettings());
    const QString purpose = u"trace"_s;
    Result<Journey> journey = StorageError{};
    {
        auto database = MigrationRunner::openCurrent(factory, purpose);
        if (!database) {
            standardError() << command << ": " << database.errorMessage() << Qt::endl;
            return ExitFailure;
        }
        journey = JourneyReader(*database, *keys)
                      .read(words.constFirst(), QDateTime::currentDateTimeUtc());
    }
    factory.close(purpose);
    if (!journey) {
        standardError() << command << ": " << journey.errorMessage() << Qt::endl;
        return ExitFailure;
    }
    if (parser.isSet(o.files)) {
        if (Status read = readBatchLines(parser.value(o.files), &journey.value()); !read) {
            standardError() << command << ": " << read.errorMessage() << Qt::endl;
            return ExitFailure;
        }
    }
    if (redisUrl) {
        RedisClient client;
        Status read = client.connect(*redisUrl);
        if (read)
            read = readRedisEntries(client, &journey.value());
        if (!read) {
            standardError() << command << ": " << read.errorMessage() << Qt::endl;
            return ExitFailure;
        }
    }
    if (journey->isEmpty()) {
        standardError() << command << ": no port message is " << words.constFirst()
                        << " or holds it in " << keys->all().join(u", "_s) << "." << Qt::endl;
        return ExitFailure;
    }
    if (parser.isSet(o.json))
        standardOutput() << QJsonDocument(journeyJson(*journey)).toJson(QJsonDocument::Indented)
                         << Qt::flush;
    else
        printJourney(*journey, standardOutput());
    return ExitOk;
}

} // namespace porthole
