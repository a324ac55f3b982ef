#include "hostileredis.h"
#include "redisclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using porthole::RedisClient;
using porthole::RedisReply;
using porthole::RedisReplyLimits;
using porthole::RedisTimeouts;
using porthole::RedisUrl;
using porthole::StorageError;
using porthole::test::HostileAction;
using porthole::test::HostileRedis;
using Then = HostileAction::Then;

Q_DECLARE_METATYPE(porthole::test::HostileAction)

namespace {

// Short, so that the rows that wait for it stay quick.
constexpr int commandMs = 1000;
constexpr RedisTimeouts timeouts{2000, commandMs};
// The client must not grow by more than this facing any row (the limits allow 32 MiB of
// element pointers declared ahead of their elements, and 1 MiB of a line).
constexpr qint64 memoryBoundKb = 64 * 1024;

// The process's peak virtual size and its resident size, in KiB. The peak catches an
// allocation that was never touched (hiredis's calloc for a declared array), the resident
// size memory that was.
struct Memory
{
    qint64 peakKb = -1;
    qint64 residentKb = -1;
};

Memory memoryNow()
{
    Memory memory;
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return memory;
    for (const QByteArray &line : status.readAll().split('\n')) {
        const auto kb = [&line] {
            return line.mid(line.indexOf(':') + 1).trimmed().split(' ')[0];
        };
        if (line.startsWith("VmPeak:"))
            memory.peakKb = kb().toLongLong();
        else if (line.startsWith("VmRSS:"))
            memory.residentKb = kb().toLongLong();
    }
    return memory;
}

QString escaped(const QByteArray &bytes)
{
    QString out;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\r')
            out += u"\\r"_s;
        else if (c == '\n')
            out += u"\\n"_s;
        else if (byte >= 0x20 && byte < 0x7f)
            out += QChar::fromLatin1(c);
        else
            out += u"\\x%1"_s.arg(uint(byte), 2, 16, QChar(u'0'));
    }
    return out;
}

// A reply as text, to compare it whole: ["foo", :-42, [+OK, nil], -ERR no]
QString render(const RedisReply &reply)
{
    switch (reply.type) {
    case RedisReply::Type::Nil:
        return u"nil"_s;
    case RedisReply::Type::Status:
        return u'+' + escaped(reply.text);
    case RedisReply::Type::Error:
        return u'-' + escaped(reply.text);
    case RedisReply::Type::Integer:
        return u':' + QString::number(reply.integer);
    case RedisReply::Type::String:
        return u'"' + escaped(reply.text) + u'"';
    case RedisReply::Type::Array: {
        QStringList elements;
        for (const RedisReply &element : reply.elements)
            elements.append(render(element));
        return u'[' + elements.join(u", "_s) + u']';
    }
    }
    return {};
}

// PING (the client's handshake) is answered; on the first connection, every other command
// gets `action`; later connections behave.
porthole::test::HostileScript misbehaveOnce(const HostileAction &action)
{
    return [action](int connection, const QList<QByteArray> &command) {
        if (command.value(0) == "PING")
            return HostileAction::send("+PONG\r\n");
        if (connection == 0)
            return action;
        return HostileAction::send("$5\r\nhello\r\n");
    };
}

} // namespace

// Porthole's Redis client facing a server that breaks the protocol, declares lengths it never
// sends, speaks RESP3, closes or falls silent in the middle of an answer, or answers one byte
// at a time. The client must return an error that says what happened (never crash, never
// wait past its command timeout, never allocate for what was only declared) and work again
// on a new connection.
class tst_HostileRedis : public QObject
{
    Q_OBJECT

private slots:
    void answer_data();
    void answer();
    void answerInAPipeline();
    void handshake_data();
    void handshake();
    void subscription_data();
    void subscription();
    void limitsHoldExactly_data();
    void limitsHoldExactly();
    void limitsCountPerAnswer();
    void skim_data();
    void skim();
    void slowAnswer_data();
    void slowAnswer();
};

// The answer to GET, row by row. `expected` is the reply rendered, or, when `refused`, a
// part of the error's message.
void tst_HostileRedis::answer_data()
{
    QTest::addColumn<HostileAction>("action");
    QTest::addColumn<bool>("refused");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("byTimeout"); // refused when the command timeout ran out

    const auto refusedAtOnce = [](const char *name, const HostileAction &action,
                                  const QString &expected) {
        QTest::newRow(name) << action << true << expected << false;
    };
    const auto accepted = [](const char *name, const HostileAction &action,
                             const QString &expected) {
        QTest::newRow(name) << action << false << expected << false;
    };
    constexpr qint64 flood = 256 * 1024 * 1024;

    // Lengths declared and never sent: refused on sight, nothing allocated for them.
    refusedAtOnce("array of 2^31-1 elements",
                  HostileAction::send("*2147483647\r\n", Then::FallSilent),
                  u"an array of 2147483647 elements, more than the 4194304 Porthole accepts"_s);
    refusedAtOnce("array of 2^63-1 elements",
                  HostileAction::send("*9223372036854775807\r\n", Then::FallSilent),
                  u"an array of 9223372036854775807 elements, more than the 4194304"_s);
    refusedAtOnce("array of 2^63-1 elements, then elements",
                  HostileAction::send("*9223372036854775807\r\n:1\r\n:2\r\n$1\r\nx\r\n"),
                  u"an array of 9223372036854775807 elements"_s);
    refusedAtOnce("array of 2^32+1 elements", HostileAction::send("*4294967297\r\n:1\r\n:2\r\n"),
                  u"an array of 4294967297 elements"_s);
    refusedAtOnce("array length beyond 64 bits",
                  HostileAction::send("*9223372036854775808\r\n", Then::FallSilent),
                  u"the length of an array beyond 64 bits: \"9223372036854775808\""_s);
    refusedAtOnce("array one past the element limit",
                  HostileAction::send("*4194305\r\n", Then::FallSilent),
                  u"an array of 4194305 elements, more than the 4194304"_s);
    refusedAtOnce("nested arrays past the element limit together",
                  HostileAction::send("*2\r\n*4194303\r\n", Then::FallSilent),
                  u"an array of 4194303 elements after 2 others in the same answer"_s);
    refusedAtOnce("string of 2^31-1 bytes, three sent",
                  HostileAction::send("$2147483647\r\nabc", Then::FallSilent),
                  u"a string of 2147483647 bytes, more than the 536870912 Porthole accepts"_s);
    refusedAtOnce("string of 2^31-1 bytes, then 256 MiB",
                  HostileAction::flood("$2147483647\r\n", flood, 'x'),
                  u"a string of 2147483647 bytes, more than the 536870912"_s);
    refusedAtOnce("string of 2^63-1 bytes",
                  HostileAction::send("$9223372036854775807\r\nab", Then::FallSilent),
                  u"a string of 9223372036854775807 bytes"_s);
    refusedAtOnce("string one past the size limit",
                  HostileAction::send("$536870913\r\n", Then::FallSilent),
                  u"a string of 536870913 bytes, more than the 536870912"_s);

    // Negative lengths other than -1 (nil).
    refusedAtOnce("string of length -5", HostileAction::send("$-5\r\n"),
                  u"a string of length -5 (the only negative length is -1, for nil)"_s);
    refusedAtOnce("array of length -7", HostileAction::send("*-7\r\n"),
                  u"an array of length -7 (the only negative length is -1, for nil)"_s);
    refusedAtOnce("string of length -2^63", HostileAction::send("$-9223372036854775808\r\n"),
                  u"a string of length -9223372036854775808"_s);
    refusedAtOnce("array of length -2^31", HostileAction::send("*-2147483648\r\n:1\r\n"),
                  u"an array of length -2147483648"_s);
    accepted("nil string", HostileAction::send("$-1\r\n"), u"nil"_s);
    accepted("nil array", HostileAction::send("*-1\r\n"), u"nil"_s);
    accepted("empty array and string", HostileAction::send("*2\r\n*0\r\n$0\r\n\r\n"),
             u"[[], \"\"]"_s);

    // Nesting: hiredis 0.14 reads 8 levels.
    accepted("arrays nested 8 deep",
             HostileAction::send(QByteArray("*1\r\n").repeated(8) + ":7\r\n"),
             u"[[[[[[[[:7]]]]]]]]"_s);
    refusedAtOnce("arrays nested 9 deep",
                  HostileAction::send(QByteArray("*1\r\n").repeated(9) + ":7\r\n"),
                  u"nested deeper than Porthole reads: arrays nested more than 8 deep"_s);
    refusedAtOnce("arrays nested 500 deep",
                  HostileAction::send(QByteArray("*1\r\n").repeated(500) + ":7\r\n"),
                  u"nested deeper than Porthole reads: arrays nested more than 8 deep"_s);
    refusedAtOnce(
        "arrays nested 100000 deep, wide",
        HostileAction::send(QByteArray("*4194304\r\n").repeated(100000), Then::FallSilent),
        u"after 4194304 others"_s);

    // RESP3, which Redis sends only to a client that asked for it (HELLO 3).
    const struct
    {
        const char *name;
        const char *bytes;
        const char *type;
    } resp3[] = {
        {"RESP3 map", "%1\r\n+key\r\n:1\r\n", "map ('%')"},
        {"RESP3 set", "~2\r\n:1\r\n:2\r\n", "set ('~')"},
        {"RESP3 push", ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", "push message ('>')"},
        {"RESP3 boolean", "#t\r\n", "boolean ('#')"},
        {"RESP3 double", ",3.14\r\n", "double (',')"},
        {"RESP3 big number", "(3492890328409238509324850943850943825024385\r\n",
         "big number ('(')"},
        {"RESP3 verbatim string", "=15\r\ntxt:Some string\r\n", "verbatim string ('=')"},
        {"RESP3 null", "_\r\n", "null ('_')"},
        {"RESP3 attribute", "|1\r\n+ttl\r\n:3600\r\n+OK\r\n", "attribute ('|')"},
        {"RESP3 blob error", "!21\r\nSYNTAX invalid syntax\r\n", "blob error ('!')"},
        {"RESP3 map inside a RESP2 array", "*2\r\n:1\r\n%0\r\n", "map ('%')"},
    };
    for (const auto &row : resp3)
        refusedAtOnce(
            row.name, HostileAction::send(row.bytes),
            u"a RESP3 %1, which Porthole does not read"_s.arg(QString::fromLatin1(row.type)));

    // Closed, or silent, in the middle.
    refusedAtOnce("closed in the middle of an array",
                  HostileAction::send("*3\r\n$3\r\nfoo\r\n$3\r\nba", Then::Close),
                  u"closed the connection in the middle of its answer to GET"_s);
    refusedAtOnce("closed in the middle of a length", HostileAction::send("*3\r\n$3", Then::Close),
                  u"closed the connection in the middle of its answer to GET"_s);
    refusedAtOnce("closed instead of answering", HostileAction::send("", Then::Close),
                  u"closed the connection instead of sending its answer to GET"_s);
    QTest::newRow("silent in the middle of a string")
        << HostileAction::send("$10\r\nabc", Then::FallSilent) << true
        << u"sent nothing for 1000 ms (the command timeout) in the middle of its answer to GET"_s
        << true;
    QTest::newRow("silent instead of answering")
        << HostileAction::send("", Then::FallSilent) << true
        << u"sent nothing for 1000 ms (the command timeout) instead of its answer to GET"_s << true;
    QTest::newRow("silent after an array at the element limit")
        << HostileAction::send("*4194304\r\n:1\r\n", Then::FallSilent) << true
        << u"in the middle of its answer to GET"_s << true;

    // One byte at a time: read as if it came at once.
    accepted("a nested answer, one byte at a time",
             HostileAction::trickle("*4\r\n$3\r\nfoo\r\n:-42\r\n*2\r\n+OK\r\n$-1\r\n-ERR no\r\n"),
             u"[\"foo\", :-42, [+OK, nil], -ERR no]"_s);
    accepted("a binary string, one byte at a time",
             HostileAction::trickle(QByteArray("$9\r\n\r\n\0\xff*-1\r\n\r\n", 15)),
             u"\"\\r\\n\\x00\\xff*-1\\r\\n\""_s);
    refusedAtOnce("a broken answer, one byte at a time",
                  HostileAction::trickle("*2\r\n:1\r\n~0\r\n"), u"a RESP3 set ('~')"_s);

    // Bytes that are not RESP2 at all.
    refusedAtOnce(
        "an HTTP server",
        HostileAction::send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", Then::Close),
        u"\"HTTP/1.1 400 Bad Request\\r\\nConten\"… where a value should begin"_s);
    refusedAtOnce("binary noise",
                  HostileAction::send(QByteArray("\x00\xff\xfe\x80noise", 9), Then::FallSilent),
                  u"\"\\x00\\xff\\xfe\\x80noise\" where a value should begin"_s);
    refusedAtOnce("a length that is not a number", HostileAction::send("$abc\r\nabc\r\n"),
                  u"the length of a string that is not a number: \"abc\""_s);
    refusedAtOnce("a length with a plus sign", HostileAction::send("$+3\r\nabc\r\n"),
                  u"the length of a string that is not a number: \"+3\""_s);
    refusedAtOnce("an empty length", HostileAction::send("*\r\n"),
                  u"the length of an array that is not a number: \"\""_s);
    refusedAtOnce("an integer that is not a number", HostileAction::send(":12a\r\n"),
                  u"an integer that is not a number: \"12a\""_s);
    refusedAtOnce("an integer beyond 64 bits", HostileAction::send(":99999999999999999999\r\n"),
                  u"an integer beyond 64 bits: \"99999999999999999999\""_s);
    refusedAtOnce("a string not ended by CR LF", HostileAction::send("$3\r\nabcXY\r\n"),
                  u"a string of 3 bytes followed by \"XY\\r\\n\" instead of CR LF"_s);
    refusedAtOnce("a line feed alone", HostileAction::send("+OK\n"),
                  u"a line feed without a carriage return in a status or error line"_s);
    refusedAtOnce("a carriage return alone", HostileAction::send("$3\rabc\r\n"),
                  u"a carriage return followed by \"a\" instead of a line feed"_s);
    refusedAtOnce("a status line without end, 256 MiB", HostileAction::flood("+", flood, 'a'),
                  u"a status or error line longer than 1048576 bytes"_s);
    refusedAtOnce("an error line without end, 256 MiB", HostileAction::flood("-ERR ", flood, 'e'),
                  u"a status or error line longer than 1048576 bytes"_s);
    refusedAtOnce("a length without end, 256 MiB", HostileAction::flood("*", flood, '1'),
                  u"the length of an array of more than 20 characters"_s);
}

void tst_HostileRedis::answer()
{
    QFETCH(HostileAction, action);
    QFETCH(bool, refused);
    QFETCH(QString, expected);
    QFETCH(bool, byTimeout);

    HostileRedis server(misbehaveOnce(action));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient client;
    const auto connected = client.connect(server.url(), timeouts);
    QVERIFY2(connected.ok(), qPrintable(connected.errorMessage()));

    const Memory before = memoryNow();
    QVERIFY(before.peakKb > 0 && before.residentKb > 0);
    QElapsedTimer clock;
    clock.start();
    const auto reply = client.command({"GET", "key"});
    const qint64 elapsed = clock.elapsed();
    const Memory after = memoryNow();
    qInfo("%lld ms; peak virtual size %+lld KiB, resident size %+lld KiB", elapsed,
          after.peakKb - before.peakKb, after.residentKb - before.residentKb);
    QVERIFY2(
        after.peakKb - before.peakKb < memoryBoundKb,
        qPrintable(u"the peak virtual size grew by %1 KiB"_s.arg(after.peakKb - before.peakKb)));
    QVERIFY2(after.residentKb - before.residentKb < memoryBoundKb,
             qPrintable(
                 u"the resident size grew by %1 KiB"_s.arg(after.residentKb - before.residentKb)));

    if (!refused) {
        QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
        QCOMPARE(render(*reply), expected);
        QVERIFY(client.isConnected());
        QVERIFY(elapsed < commandMs);
        return;
    }
    QVERIFY2(!reply.ok(), qPrintable(u"accepted: "_s + (reply.ok() ? render(*reply) : QString())));
    const QString message = reply.errorMessage();
    QCOMPARE(reply.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.contains(server.url().toDisplayString()), qPrintable(message));
    QVERIFY2(message.contains(u"closed the connection"_s), qPrintable(message));
    QVERIFY(!client.isConnected());
    if (byTimeout) {
        QVERIFY2(elapsed >= commandMs - 50, qPrintable(u"gave up after %1 ms"_s.arg(elapsed)));
        QVERIFY2(elapsed < commandMs + 4000, qPrintable(u"gave up after %1 ms"_s.arg(elapsed)));
    } else {
        QVERIFY2(elapsed < commandMs,
                 qPrintable(u"refused after %1 ms: on sight, not by the timeout"_s.arg(elapsed)));
    }

    // A new connection, to a server that behaves this time, works.
    const auto again = client.connect(server.url(), timeouts);
    QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
    const auto hello = client.command({"GET", "key"});
    QVERIFY2(hello.ok(), qPrintable(hello.errorMessage()));
    QCOMPARE(render(*hello), u"\"hello\""_s);
    QCOMPARE(server.connections(), 2);
}

// In a pipeline, the error names the command whose answer broke, and the answers before it
// do not make the call succeed.
void tst_HostileRedis::answerInAPipeline()
{
    HostileRedis server([](int, const QList<QByteArray> &command) {
        if (command.value(0) == "PING")
            return HostileAction::send("+PONG\r\n");
        if (command.value(0) == "GET")
            return HostileAction::send("$2\r\nok\r\n");
        return HostileAction::send("*2147483647\r\n", Then::FallSilent);
    });
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient client;
    QVERIFY(client.connect(server.url(), timeouts).ok());
    const auto replies = client.pipeline({{"GET", "a"}, {"TYPE", "b"}, {"GET", "c"}});
    QVERIFY(!replies.ok());
    QVERIFY2(replies.errorMessage().contains(u"its answer to TYPE larger than Porthole accepts"_s),
             qPrintable(replies.errorMessage()));
    QVERIFY(!client.isConnected());
}

// The handshake (PING, or AUTH with a password) answered by a broken server: connect() fails
// with the reason, and never shows the password.
void tst_HostileRedis::handshake_data()
{
    QTest::addColumn<HostileAction>("action");
    QTest::addColumn<bool>("withPassword");
    QTest::addColumn<QString>("expected");

    QTest::newRow("an HTTP server")
        << HostileAction::send("HTTP/1.0 200 OK\r\n\r\n<html>", Then::Close) << false
        << u"broke the Redis protocol (RESP2) in its answer to PING: \"HTTP/1.0 200 OK"_s;
    QTest::newRow("an HTTP server, asked to AUTH")
        << HostileAction::send("HTTP/1.0 200 OK\r\n\r\n<html>", Then::Close) << true
        << u"broke the Redis protocol (RESP2) in its answer to AUTH"_s;
    QTest::newRow("a huge array") << HostileAction::send("*2147483647\r\n", Then::FallSilent)
                                  << false << u"its answer to PING larger than Porthole accepts"_s;
    QTest::newRow("RESP3 hello map") << HostileAction::send("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n")
                                     << false << u"a RESP3 map ('%')"_s;
    QTest::newRow("closed") << HostileAction::send("", Then::Close) << true
                            << u"closed the connection instead of sending its answer to AUTH"_s;
    QTest::newRow("silent") << HostileAction::send("", Then::FallSilent) << false
                            << u"sent nothing for 1000 ms (the command timeout) instead of its "
                               "answer to PING"_s;
}

void tst_HostileRedis::handshake()
{
    QFETCH(HostileAction, action);
    QFETCH(bool, withPassword);
    QFETCH(QString, expected);

    HostileRedis server([action](int, const QList<QByteArray> &) { return action; });
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisUrl url = server.url();
    if (withPassword) {
        const auto parsed = RedisUrl::parse(
            u"redis://porthole:s3cret-pw@127.0.0.1:%1/0"_s.arg(server.url().port()));
        QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
        url = *parsed;
    }
    RedisClient client;
    QElapsedTimer clock;
    clock.start();
    const auto connected = client.connect(url, timeouts);
    QVERIFY(!connected.ok());
    QVERIFY(clock.elapsed() < commandMs + 4000);
    QCOMPARE(connected.error().kind, StorageError::Kind::ConnectionLost);
    QVERIFY2(connected.errorMessage().contains(expected), qPrintable(connected.errorMessage()));
    QVERIFY2(!connected.errorMessage().contains(u"s3cret"_s), "the password is never shown");
    QVERIFY(!client.isConnected());
}

// While subscribed, messages come by themselves (readReply): a broken one ends the
// connection with the reason; a quiet subscription is no error.
void tst_HostileRedis::subscription_data()
{
    QTest::addColumn<HostileAction>("action");
    QTest::addColumn<QString>("expected"); // the message rendered, or a part of the error
    QTest::addColumn<bool>("refused");

    const QByteArray subscribed = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
    const QByteArray message = "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n";
    QTest::newRow("a message, one byte at a time")
        << HostileAction::trickle(subscribed + message) << u"[\"message\", \"ch\", \"hello\"]"_s
        << false;
    QTest::newRow("a RESP3 push")
        << HostileAction::send(subscribed + ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n")
        << u"broke the Redis protocol (RESP2) in a message: a RESP3 push message ('>')"_s << true;
    QTest::newRow("a huge array")
        << HostileAction::send(subscribed + "*2147483647\r\n", Then::FallSilent)
        << u"sent a message larger than Porthole accepts: an array of 2147483647"_s << true;
    QTest::newRow("garbage") << HostileAction::send(subscribed + "\x01\x02\x03", Then::FallSilent)
                             << u"\"\\x01\\x02\\x03\" where a value should begin"_s << true;
    QTest::newRow("closed in the middle of a message")
        << HostileAction::send(subscribed + message.left(20), Then::Close)
        << u"closed the connection in the middle of a message"_s << true;
    QTest::newRow("silent in the middle of a message")
        << HostileAction::send(subscribed + message.left(20), Then::FallSilent)
        << u"sent nothing for 1000 ms (the command timeout) in the middle of a message"_s << true;
}

void tst_HostileRedis::subscription()
{
    QFETCH(HostileAction, action);
    QFETCH(QString, expected);
    QFETCH(bool, refused);

    HostileRedis server([action](int, const QList<QByteArray> &command) {
        if (command.value(0) == "PING")
            return HostileAction::send("+PONG\r\n");
        return action;
    });
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient client;
    QVERIFY(client.connect(server.url(), timeouts).ok());
    const auto subscribed = client.command({"SUBSCRIBE", "ch"});
    QVERIFY2(subscribed.ok(), qPrintable(subscribed.errorMessage()));
    QCOMPARE(render(*subscribed), u"[\"subscribe\", \"ch\", :1]"_s);

    QElapsedTimer clock;
    clock.start();
    const auto message = client.readReply(3 * commandMs);
    if (!refused) {
        QVERIFY2(message.ok(), qPrintable(message.errorMessage()));
        QVERIFY(message->has_value());
        QCOMPARE(render(**message), expected);
        // Then a quiet subscription, longer than the command timeout: no message, no error.
        const auto quiet = client.readReply(commandMs + 200);
        QVERIFY2(quiet.ok(), qPrintable(quiet.errorMessage()));
        QVERIFY(!quiet->has_value());
        QVERIFY(client.isConnected());
        return;
    }
    QVERIFY(!message.ok());
    QVERIFY2(message.errorMessage().contains(expected), qPrintable(message.errorMessage()));
    QVERIFY(clock.elapsed() < 3 * commandMs);
    QVERIFY(!client.isConnected());
}

// The limits are where they are said to be, one below passes, one above does not; and they
// can be set.
void tst_HostileRedis::limitsHoldExactly_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("refusal"); // empty: accepted

    QTest::newRow("string at the limit")
        << QByteArray("$16\r\n" + QByteArray(16, 'x') + "\r\n") << QString();
    QTest::newRow("string past the limit")
        << QByteArray("$17\r\n" + QByteArray(17, 'x') + "\r\n")
        << u"a string of 17 bytes, more than the 16 Porthole accepts"_s;
    QTest::newRow("array at the limit")
        << QByteArray("*10\r\n" + QByteArray(":1\r\n").repeated(10)) << QString();
    QTest::newRow("array past the limit")
        << QByteArray("*11\r\n" + QByteArray(":1\r\n").repeated(11))
        << u"an array of 11 elements, more than the 10 Porthole accepts in one answer"_s;
    QTest::newRow("arrays together at the limit")
        << QByteArray("*2\r\n*4\r\n" + QByteArray(":1\r\n").repeated(4) + "*4\r\n" +
                      QByteArray(":1\r\n").repeated(4))
        << QString();
    QTest::newRow("arrays together past the limit")
        << QByteArray("*2\r\n*4\r\n" + QByteArray(":1\r\n").repeated(4) + "*5\r\n" +
                      QByteArray(":1\r\n").repeated(5))
        << u"an array of 5 elements after 6 others in the same answer, more than the 10"_s;
    QTest::newRow("nesting at the limit") << QByteArray("*1\r\n*1\r\n*1\r\n:1\r\n") << QString();
    QTest::newRow("nesting past the limit")
        << QByteArray("*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n")
        << u"nested deeper than Porthole reads: arrays nested more than 3 deep"_s;
    QTest::newRow("line at the limit")
        << QByteArray("+" + QByteArray(32, 's') + "\r\n") << QString();
    QTest::newRow("line past the limit") << QByteArray("-" + QByteArray(33, 'e') + "\r\n")
                                         << u"a status or error line longer than 32 bytes"_s;
}

void tst_HostileRedis::limitsHoldExactly()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, refusal);

    HostileRedis server(misbehaveOnce(HostileAction::send(answer)));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisReplyLimits limits;
    limits.maxStringBytes = 16;
    limits.maxElements = 10;
    limits.maxDepth = 3;
    limits.maxLineBytes = 32;
    RedisClient client;
    QVERIFY(client.connect(server.url(), timeouts, limits).ok());
    const auto reply = client.command({"GET", "key"});
    if (refusal.isEmpty()) {
        QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
        return;
    }
    QVERIFY(!reply.ok());
    QVERIFY2(reply.errorMessage().contains(refusal), qPrintable(reply.errorMessage()));
}

// The element limit counts one answer's arrays, not a pipeline's or a connection's.
void tst_HostileRedis::limitsCountPerAnswer()
{
    const QByteArray answer = "*10\r\n" + QByteArray(":1\r\n").repeated(10);
    HostileRedis server(misbehaveOnce(HostileAction::send(answer)));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisReplyLimits limits;
    limits.maxElements = 10;
    RedisClient client;
    QVERIFY(client.connect(server.url(), timeouts, limits).ok());
    const auto replies = client.pipeline({{"GET", "a"}, {"GET", "b"}, {"GET", "c"}});
    QVERIFY2(replies.ok(), qPrintable(replies.errorMessage()));
    QCOMPARE(replies->size(), 3);
    for (const RedisReply &reply : *replies)
        QCOMPARE(reply.elements.size(), 10);
    const auto more = client.command({"GET", "d"});
    QVERIFY2(more.ok(), qPrintable(more.errorMessage()));
}

// RedisClient::skim(), which reads an answer too large to keep, facing the same server: it
// keeps the shape and the first values, drops the rest as it arrives, and refuses what is not
// RESP2 the same way. `expected` is what it kept, or, when it refused, a part of the error.
void tst_HostileRedis::skim_data()
{
    QTest::addColumn<HostileAction>("action");
    QTest::addColumn<bool>("refused");
    QTest::addColumn<QString>("expected");

    const QByteArray entry = "*1\r\n*2\r\n$3\r\n1-0\r\n*4\r\n$1\r\na\r\n$5\r\nhello\r\n"
                             "$1\r\nb\r\n$3\r\nxyz\r\n";
    const QString kept = u"arrays 1 2 4; values 1- a he; lengths 3 1 5; 5 values"_s;
    QTest::newRow("a stream entry") << HostileAction::send(entry) << false << kept;
    QTest::newRow("a stream entry, one byte at a time")
        << HostileAction::trickle(entry) << false << kept;
    QTest::newRow("a nil and an integer") << HostileAction::send("*2\r\n$-1\r\n:42\r\n") << false
                                          << u"arrays 2; values  42; lengths -1 2; 2 values"_s;
    QTest::newRow("an error") << HostileAction::send("-NOPERM no\r\n") << false
                              << u"error; arrays ; values NO; lengths 9; 1 values"_s;
    QTest::newRow("20 MB string, then closed")
        << HostileAction::flood("$30000000\r\n", 20'000'000, 'x') << true
        << u"closed the connection in the middle of its answer to XRANGE"_s;
    QTest::newRow("an array declared, never sent")
        << HostileAction::send("*2147483647\r\n", HostileAction::Then::FallSilent) << true
        << u"sent nothing for 1000 ms"_s;
    QTest::newRow("not RESP2") << HostileAction::send("%1\r\n+a\r\n+b\r\n") << true
                               << u"broke the Redis protocol (RESP2) in its answer to XRANGE"_s;
    QTest::newRow("arrays nested 100 deep")
        << HostileAction::send(QByteArray("*1\r\n").repeated(100) + ":1\r\n") << true
        << u"nested deeper than 64 arrays"_s;
}

void tst_HostileRedis::skim()
{
    QFETCH(HostileAction, action);
    QFETCH(bool, refused);
    QFETCH(QString, expected);

    HostileRedis server(misbehaveOnce(action));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient client;
    QVERIFY(client.connect(server.url(), timeouts).ok());
    const Memory before = memoryNow();
    const auto skimmed = client.skim({"XRANGE", "key", "1-0", "1-0"}, 3, 2);
    const Memory after = memoryNow();
    QVERIFY2(after.residentKb - before.residentKb < memoryBoundKb,
             qPrintable(
                 u"the resident size grew by %1 KiB"_s.arg(after.residentKb - before.residentKb)));
    QVERIFY(!client.isConnected()); // closed afterwards, whatever the outcome
    if (refused) {
        QVERIFY(!skimmed.ok());
        QVERIFY2(skimmed.errorMessage().contains(expected), qPrintable(skimmed.errorMessage()));
        return;
    }
    QVERIFY2(skimmed.ok(), qPrintable(skimmed.errorMessage()));
    QStringList arrays, values, lengths;
    for (const qint64 length : skimmed->arrayLengths)
        arrays << QString::number(length);
    for (const QByteArray &value : skimmed->values)
        values << QString::fromLatin1(value);
    for (const qint64 length : skimmed->valueLengths)
        lengths << QString::number(length);
    const QString rendered = (skimmed->isError ? u"error; "_s : QString()) + u"arrays "_s +
                             arrays.join(u' ') + u"; values "_s + values.join(u' ') +
                             u"; lengths "_s + lengths.join(u' ') +
                             u"; %1 values"_s.arg(skimmed->valueCount);
    QCOMPARE(rendered.simplified(), expected.simplified());
}

// A server that sends a sound answer steadily but slowly, each byte well within the command
// timeout: the answer as a whole has its time limit, past which the command fails. Each row
// names the call: a command, a message while subscribed (counted from its first byte, after a
// subscription's confirmation that came as slowly), or skim().
void tst_HostileRedis::slowAnswer_data()
{
    QTest::addColumn<QByteArray>("call");
    QTest::addColumn<QByteArray>("answer"); // sent one byte every 40 ms
    QTest::addColumn<bool>("refused");

    const QByteArray slowString = "$100\r\n" + QByteArray(100, 'x') + "\r\n"; // 4.3 s
    QTest::newRow("a command, within the limit")
        << QByteArray("GET") << QByteArray(":1\r\n") << false;
    QTest::newRow("a command") << QByteArray("GET") << slowString << true;
    QTest::newRow("a message, within the limit")
        << QByteArray("SUBSCRIBE") << QByteArray("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n")
        << false;
    QTest::newRow("a message") << QByteArray("SUBSCRIBE")
                               << QByteArray("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n" + slowString)
                               << true;
    QTest::newRow("skim") << QByteArray("XRANGE") << QByteArray("*1\r\n" + slowString) << true;
}

void tst_HostileRedis::slowAnswer()
{
    QFETCH(QByteArray, call);
    QFETCH(QByteArray, answer);
    QFETCH(bool, refused);
    constexpr int byteEveryMs = 40;
    // A whole answer within 2.5 s; each byte within 1 s.
    constexpr RedisTimeouts slowTimeouts{
        .connectMs = 2000, .commandMs = commandMs, .answerMs = 2500};
    QCOMPARE(slowTimeouts.answerLimitMs(), 2500);

    const QByteArray subscribed = "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"; // 1.2 s
    HostileRedis server([&](int, const QList<QByteArray> &command) {
        if (command.value(0) == "PING")
            return HostileAction::send("+PONG\r\n");
        if (command.value(0) == "SUBSCRIBE")
            return HostileAction::trickle(subscribed + answer, byteEveryMs);
        return HostileAction::trickle(answer, byteEveryMs);
    });
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    RedisClient client;
    QVERIFY(client.connect(server.url(), slowTimeouts).ok());

    QElapsedTimer clock;
    clock.start();
    QString failure; // empty: the answer was read whole
    if (call == "GET") {
        const auto reply = client.command({"GET", "key"});
        failure = reply.ok() ? QString() : reply.errorMessage();
    } else if (call == "SUBSCRIBE") {
        const auto confirmed = client.command({"SUBSCRIBE", "ch"});
        QVERIFY2(confirmed.ok(), qPrintable(confirmed.errorMessage()));
        clock.start();
        const auto message = client.readReply(20000);
        QVERIFY(!message.ok() || message->has_value());
        failure = message.ok() ? QString() : message.errorMessage();
    } else {
        const auto skimmed = client.skim({"XRANGE", "key", "1-0", "1-0"}, 1, 1);
        failure = skimmed.ok() ? QString() : skimmed.errorMessage();
    }
    const qint64 elapsed = clock.elapsed();
    qInfo("%lld ms", elapsed);
    if (!refused) {
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        return;
    }
    QVERIFY2(!failure.isEmpty(), qPrintable(u"read whole after %1 ms"_s.arg(elapsed)));
    QVERIFY2(failure.contains(u"took more than 2500 ms (the time limit of one answer) to send "_s),
             qPrintable(failure));
    QVERIFY2(failure.contains(server.url().toDisplayString()), qPrintable(failure));
    QVERIFY2(elapsed >= 2500 - 50 && elapsed < 2500 + 1000,
             qPrintable(u"gave up after %1 ms"_s.arg(elapsed)));
    QVERIFY(!client.isConnected());
}

QTEST_GUILESS_MAIN(tst_HostileRedis)
#include "tst_hostileredis.moc"
