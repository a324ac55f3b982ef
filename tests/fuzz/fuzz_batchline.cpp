// One line of a batch file (storage/batchline.*): the line parser, the escaping, the
// timestamps and the file names, on any bytes.
//
// Invariants:
// - parse() of the input's first line (up to the first '\n') agrees with parseHeader(), and
//   gives the same with a '\r' added (a CRLF line end);
// - a line that parses gives a message check() accepts, format() writes it as one valid UTF-8
//   line ending in its only '\n', that line parses back to the same message, and its timestamp
//   is written as it was read;
// - unescape(escape(x)) == x for any bytes; escape(x) is valid UTF-8 without '\n', '\r' or
//   NUL, and is x itself exactly when x is valid UTF-8 without a backslash, '\n', '\r' or NUL;
// - isValidUtf8() agrees with Qt's strict UTF-8 decoder, and valid UTF-8 survives Qt's
//   decoding and encoding unchanged;
// - parseTimestamp() accepts only what formatTimestamp() writes back byte for byte, agrees
//   with QDateTime for the years 1 to 9999, and undoes formatTimestamp() over the whole range;
// - batchIdFromFileName() accepts only names batchFileName() writes, and undoes it;
//   parseBatchId() accepts only positive decimal numbers.

#include "batchline.h"
#include "fuzzcheck.h"

#include <QDateTime>
#include <QStringDecoder>
#include <QStringEncoder>

#include <cstdint>

using namespace Qt::StringLiterals;
using namespace porthole;
using porthole::fuzz::FuzzInput;

namespace {

constexpr qint64 earliestSecs = -62167219200; // 0000-01-01 00:00:00 UTC
constexpr qint64 latestSecs = 253402300799;   // 9999-12-31 23:59:59 UTC
constexpr qint64 firstYearOneSecs = -62135596800;

bool qtSaysValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless |
                                                       QStringConverter::Flag::ConvertInitialBom);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return false;
    QStringEncoder encoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QByteArray back = encoder.encode(text);
    PORTHOLE_FUZZ_CHECK(back == bytes);
    return true;
}

bool hasEscapedByte(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (c == '\\' || c == '\n' || c == '\r' || c == '\0')
            return true;
    }
    return false;
}

void checkEscaping(QByteArrayView content)
{
    const QByteArray escaped = BatchLine::escape(content);
    PORTHOLE_FUZZ_CHECK(BatchLine::unescape(escaped) == content);
    PORTHOLE_FUZZ_CHECK(!escaped.contains('\n') && !escaped.contains('\r') &&
                        !escaped.contains('\0'));
    PORTHOLE_FUZZ_CHECK(BatchLine::isValidUtf8(escaped));

    const bool valid = BatchLine::isValidUtf8(content);
    PORTHOLE_FUZZ_CHECK(valid == qtSaysValidUtf8(content));
    PORTHOLE_FUZZ_CHECK((escaped == content) == (valid && !hasEscapedByte(content)));

    QByteArray appended = "prefix";
    BatchLine::appendEscaped(appended, content);
    PORTHOLE_FUZZ_CHECK(appended == "prefix" + escaped);
}

void checkLine(QByteArrayView line)
{
    const BatchLineParse parsed = BatchLine::parse(line);
    const QByteArrayView withoutCr = line.endsWith('\r') ? line.chopped(1) : line;
    BatchLineHeader header;
    const QString problem = BatchLine::parseHeader(withoutCr, &header);
    PORTHOLE_FUZZ_CHECK(problem == parsed.problem);
    PORTHOLE_FUZZ_CHECK(parsed.ok == problem.isEmpty());

    const BatchLineParse crlf = BatchLine::parse(QByteArray(line.toByteArray() + '\r'));
    if (!line.endsWith('\r')) {
        PORTHOLE_FUZZ_CHECK(crlf.ok == parsed.ok);
        PORTHOLE_FUZZ_CHECK(crlf.message == parsed.message);
    }
    if (!parsed.ok)
        return;

    const BatchMessage &message = parsed.message;
    PORTHOLE_FUZZ_CHECK(message.number == header.number && message.number >= 0);
    PORTHOLE_FUZZ_CHECK(message.timestamp.isValid() && message.timestamp.timeSpec() == Qt::UTC &&
                        message.timestamp.toSecsSinceEpoch() == header.secsSinceEpoch);
    PORTHOLE_FUZZ_CHECK(BatchLine::unescape(withoutCr.sliced(header.contentOffset)) ==
                        message.content);

    const Result<qint64> checked = BatchLine::check(message);
    PORTHOLE_FUZZ_CHECK(checked.ok() && *checked == header.secsSinceEpoch);
    const Result<QByteArray> formatted = BatchLine::format(message);
    PORTHOLE_FUZZ_CHECK(formatted.ok());
    PORTHOLE_FUZZ_CHECK(formatted->endsWith('\n') && formatted->count('\n') == 1);
    PORTHOLE_FUZZ_CHECK(BatchLine::isValidUtf8(*formatted));
    // The timestamp is written as it was read: `[` and 19 characters.
    PORTHOLE_FUZZ_CHECK(formatted->first(20) == withoutCr.first(20));

    const BatchLineParse again = BatchLine::parse(QByteArrayView(*formatted).chopped(1));
    PORTHOLE_FUZZ_CHECK(again.ok && again.message == message);
    QByteArray appended;
    BatchLine::appendFormatted(appended, message.number, header.secsSinceEpoch, message.content);
    PORTHOLE_FUZZ_CHECK(appended == *formatted);
}

int digitsAt(QByteArrayView text, qsizetype at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i)
        value = value * 10 + (text[at + i] - '0');
    return value;
}

void checkTimestampText(QByteArrayView text)
{
    const std::optional<qint64> secs = BatchLine::parseTimestamp(text);
    if (!secs)
        return;
    PORTHOLE_FUZZ_CHECK(BatchLine::timestampInRange(*secs));
    PORTHOLE_FUZZ_CHECK(BatchLine::formatTimestamp(*secs) == text);
    const int year = digitsAt(text, 0, 4);
    if (year >= 1) {
        const QDateTime qt(
            QDate(year, digitsAt(text, 5, 2), digitsAt(text, 8, 2)),
            QTime(digitsAt(text, 11, 2), digitsAt(text, 14, 2), digitsAt(text, 17, 2)), Qt::UTC);
        PORTHOLE_FUZZ_CHECK(qt.isValid() && qt.toSecsSinceEpoch() == *secs);
    }
}

void checkTimestampSeconds(quint64 raw)
{
    const auto span = static_cast<quint64>(latestSecs - earliestSecs + 1);
    const qint64 secs = earliestSecs + static_cast<qint64>(raw % span);
    const QByteArray text = BatchLine::formatTimestamp(secs);
    PORTHOLE_FUZZ_CHECK(text.size() == 19);
    PORTHOLE_FUZZ_CHECK(BatchLine::parseTimestamp(text) == secs);
    if (secs >= firstYearOneSecs) {
        const QDateTime qt = QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
        const QByteArray expected =
            QString::asprintf("%04d-%02d-%02d %02d:%02d:%02d", qt.date().year(), qt.date().month(),
                              qt.date().day(), qt.time().hour(), qt.time().minute(),
                              qt.time().second())
                .toLatin1();
        PORTHOLE_FUZZ_CHECK(text == expected);
    }
}

void checkNames(QByteArrayView bytes, quint64 raw)
{
    if (const std::optional<qint64> id = batchIdFromFileName(bytes)) {
        PORTHOLE_FUZZ_CHECK(*id >= 1);
        PORTHOLE_FUZZ_CHECK(batchFileNameBytes(*id) == bytes);
        PORTHOLE_FUZZ_CHECK(batchFileName(*id) == QString::fromLatin1(bytes));
    }
    const QString text = QString::fromUtf8(bytes);
    if (const std::optional<qint64> id = batchIdFromFileName(QStringView(text)))
        PORTHOLE_FUZZ_CHECK(batchFileName(*id) == text);

    // Ids up to 18 digits, as many as a name may have.
    const qint64 id = 1 + static_cast<qint64>(raw % 999'999'999'999'999'999ULL);
    PORTHOLE_FUZZ_CHECK(batchIdFromFileName(batchFileNameBytes(id)) == id);
    PORTHOLE_FUZZ_CHECK(batchIdFromFileName(QStringView(batchFileName(id))) == id);

    if (const Result<qint64> typed = parseBatchId(text); typed.ok()) {
        PORTHOLE_FUZZ_CHECK(*typed >= 1);
        QStringView digits = text;
        while (digits.startsWith(u'0'))
            digits = digits.sliced(1);
        PORTHOLE_FUZZ_CHECK(QString::number(*typed) == digits);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const QByteArrayView bytes = input.all();
    const qsizetype lineEnd = bytes.indexOf('\n');
    checkLine(lineEnd < 0 ? bytes : bytes.first(lineEnd));
    checkEscaping(bytes);
    // The timestamp of a line, and the same bytes as a timestamp alone.
    if (bytes.size() >= 20)
        checkTimestampText(bytes.sliced(1, 19));
    if (bytes.size() >= 19)
        checkTimestampText(bytes.first(19));
    checkTimestampSeconds(input.integer());
    checkNames(bytes, input.integer());
    return 0;
}
