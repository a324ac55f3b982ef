#include "batchline.h"

#include <array>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qint64 secsPerDay = 86400;
// 0000-01-01 00:00:00 and 9999-12-31 23:59:59 UTC.
constexpr qint64 earliestSecs = -62167219200;
constexpr qint64 latestSecs = 253402300799;
constexpr int maxNumberDigits = 18; // stays within qint64

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

void civilFromDays(qint64 z, qint64 *year, unsigned *month, unsigned *day)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = static_cast<qint64>(yoe) + era * 400 + (*month <= 2);
}

bool isLeap(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(qint64 y, unsigned m)
{
    static constexpr std::array<unsigned, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

char *putDigits(char *p, unsigned value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

void appendTimestamp(QByteArray &out, qint64 secs)
{
    qint64 days = secs / secsPerDay;
    qint64 rest = secs % secsPerDay;
    if (rest < 0) {
        rest += secsPerDay;
        --days;
    }
    qint64 year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civilFromDays(days, &year, &month, &day);
    char buffer[19];
    char *p = putDigits(buffer, static_cast<unsigned>(year), 4);
    *p++ = '-';
    p = putDigits(p, month, 2);
    *p++ = '-';
    p = putDigits(p, day, 2);
    *p++ = ' ';
    p = putDigits(p, static_cast<unsigned>(rest / 3600), 2);
    *p++ = ':';
    p = putDigits(p, static_cast<unsigned>(rest / 60 % 60), 2);
    *p++ = ':';
    putDigits(p, static_cast<unsigned>(rest % 60), 2);
    out.append(buffer, sizeof buffer);
}

void appendNumber(QByteArray &out, qint64 number)
{
    char buffer[24];
    char *end = buffer + sizeof buffer;
    char *p = end;
    auto value = static_cast<quint64>(number);
    do {
        *--p = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    out.append(p, end - p);
}

// Length of the valid UTF-8 sequence starting at p (Unicode Table 3-7), 0 when invalid.
int utf8SequenceLength(const uchar *p, const uchar *end)
{
    const uchar b0 = p[0];
    if (b0 < 0x80)
        return 1;
    const auto in = [](uchar b, uchar lo, uchar hi) {
        return b >= lo && b <= hi;
    };
    const qsizetype left = end - p;
    if (in(b0, 0xC2, 0xDF))
        return left >= 2 && in(p[1], 0x80, 0xBF) ? 2 : 0;
    if (in(b0, 0xE0, 0xEF)) {
        if (left < 3)
            return 0;
        const uchar lo = b0 == 0xE0 ? 0xA0 : 0x80;
        const uchar hi = b0 == 0xED ? 0x9F : 0xBF;
        return in(p[1], lo, hi) && in(p[2], 0x80, 0xBF) ? 3 : 0;
    }
    if (in(b0, 0xF0, 0xF4)) {
        if (left < 4)
            return 0;
        const uchar lo = b0 == 0xF0 ? 0x90 : 0x80;
        const uchar hi = b0 == 0xF4 ? 0x8F : 0xBF;
        return in(p[1], lo, hi) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

bool needsEscape(uchar c)
{
    return c == '\\' || c == '\n' || c == '\r' || c == '\0' || c >= 0x80;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool readDigits(QByteArrayView text, qsizetype at, int count, unsigned *value)
{
    unsigned v = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[at + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    *value = v;
    return true;
}

constexpr QByteArrayView messageTag = " Message #";
constexpr qsizetype timestampLength = 19;
constexpr qsizetype numberOffset = 1 + timestampLength + 1 + 10; // "[" ts "]" " Message #"

} // namespace

bool BatchLine::isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.data());
    const auto *end = p + bytes.size();
    while (p < end) {
        const int n = utf8SequenceLength(p, end);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

void BatchLine::appendEscaped(QByteArray &out, QByteArrayView content)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    const auto *begin = reinterpret_cast<const uchar *>(content.data());
    const auto *end = begin + content.size();
    const uchar *plain = begin; // start of the run of bytes copied as they are
    const uchar *p = begin;
    while (p < end) {
        if (!needsEscape(*p)) {
            ++p;
            continue;
        }
        if (*p >= 0x80) {
            if (const int n = utf8SequenceLength(p, end); n > 0) {
                p += n;
                continue;
            }
        }
        out.append(reinterpret_cast<const char *>(plain), p - plain);
        switch (*p) {
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\0':
            out.append("\\0", 2);
            break;
        default: {
            const char escaped[4] = {'\\', 'x', hex[*p >> 4], hex[*p & 0xF]};
            out.append(escaped, 4);
            break;
        }
        }
        plain = ++p;
    }
    out.append(reinterpret_cast<const char *>(plain), end - plain);
}

QByteArray BatchLine::escape(QByteArrayView content)
{
    QByteArray out;
    out.reserve(content.size());
    appendEscaped(out, content);
    return out;
}

QByteArray BatchLine::unescape(QByteArrayView escaped)
{
    const qsizetype firstBackslash = escaped.indexOf('\\');
    if (firstBackslash < 0)
        return escaped.toByteArray();
    QByteArray out;
    out.reserve(escaped.size());
    out.append(escaped.first(firstBackslash));
    for (qsizetype i = firstBackslash; i < escaped.size(); ++i) {
        const char c = escaped[i];
        if (c != '\\' || i + 1 == escaped.size()) {
            out.append(c);
            continue;
        }
        const char next = escaped[i + 1];
        switch (next) {
        case '\\':
            out.append('\\');
            ++i;
            break;
        case 'n':
            out.append('\n');
            ++i;
            break;
        case 'r':
            out.append('\r');
            ++i;
            break;
        case '0':
            out.append('\0');
            ++i;
            break;
        case 'x': {
            const int hi = i + 2 < escaped.size() ? hexValue(escaped[i + 2]) : -1;
            const int lo = i + 3 < escaped.size() ? hexValue(escaped[i + 3]) : -1;
            if (hi >= 0 && lo >= 0) {
                out.append(static_cast<char>(hi * 16 + lo));
                i += 3;
            } else {
                out.append(c); // `\x` without two hex digits is not an escape
            }
            break;
        }
        default:
            out.append(c); // not an escape: the backslash stays, the next byte follows
            break;
        }
    }
    return out;
}

bool BatchLine::timestampInRange(qint64 secsSinceEpoch)
{
    return secsSinceEpoch >= earliestSecs && secsSinceEpoch <= latestSecs;
}

QByteArray BatchLine::formatTimestamp(qint64 secsSinceEpoch)
{
    QByteArray out;
    out.reserve(timestampLength);
    appendTimestamp(out, secsSinceEpoch);
    return out;
}

std::optional<qint64> BatchLine::parseTimestamp(QByteArrayView text)
{
    if (text.size() != timestampLength || text[4] != '-' || text[7] != '-' || text[10] != ' ' ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    unsigned year = 0;
    unsigned month = 0;
    unsigned day = 0;
    unsigned hour = 0;
    unsigned minute = 0;
    unsigned second = 0;
    if (!readDigits(text, 0, 4, &year) || !readDigits(text, 5, 2, &month) ||
        !readDigits(text, 8, 2, &day) || !readDigits(text, 11, 2, &hour) ||
        !readDigits(text, 14, 2, &minute) || !readDigits(text, 17, 2, &second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
        minute > 59 || second > 59)
        return std::nullopt;
    return daysFromCivil(year, month, day) * secsPerDay + hour * 3600 + minute * 60 + second;
}

void BatchLine::appendFormatted(QByteArray &out, qint64 number, qint64 secsSinceEpoch,
                                QByteArrayView content)
{
    out.append('[');
    appendTimestamp(out, secsSinceEpoch);
    out.append("] Message #", 11);
    appendNumber(out, number);
    out.append(": ", 2);
    appendEscaped(out, content);
    out.append('\n');
}

Result<qint64> BatchLine::check(const BatchMessage &message)
{
    if (message.number < 0)
        return StorageError::invalidArgument(
            u"Message number %1 is negative; a batch file holds numbers from 0 up."_s.arg(
                message.number));
    if (!message.timestamp.isValid())
        return StorageError::invalidArgument(
            u"Message #%1 has no valid timestamp; give it the time it was received."_s.arg(
                message.number));
    const qint64 secs = message.timestamp.toSecsSinceEpoch();
    if (!timestampInRange(secs))
        return StorageError::invalidArgument(
            u"The timestamp of message #%1 is outside the years 0000-9999 that a batch file "
            "can hold."_s.arg(message.number));
    return secs;
}

Result<QByteArray> BatchLine::format(const BatchMessage &message)
{
    const Result<qint64> secs = check(message);
    if (!secs)
        return secs.error();
    QByteArray out;
    out.reserve(numberOffset + 24 + message.content.size());
    appendFormatted(out, message.number, *secs, message.content);
    return out;
}

QString BatchLine::parseHeader(QByteArrayView line, BatchLineHeader *header)
{
    if (line.isEmpty())
        return u"empty line"_s;
    if (line[0] != '[' || line.size() < 1 + timestampLength + 1 || line[1 + timestampLength] != ']')
        return u"does not start with a [YYYY-MM-DD HH:MM:SS] timestamp"_s;
    const std::optional<qint64> secs = parseTimestamp(line.sliced(1, timestampLength));
    if (!secs)
        return u"the timestamp is not a valid date and time"_s;
    if (line.size() < numberOffset || line.sliced(1 + timestampLength + 1, 10) != messageTag)
        return u"no \"Message #\" after the timestamp"_s;
    qsizetype i = numberOffset;
    qint64 number = 0;
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') {
        if (i - numberOffset == maxNumberDigits)
            return u"the message number is too large"_s;
        number = number * 10 + (line[i] - '0');
        ++i;
    }
    if (i == numberOffset)
        return u"no message number after \"Message #\""_s;
    if (i + 2 > line.size() || line[i] != ':' || line[i + 1] != ' ')
        return u"no \": \" after the message number"_s;
    header->number = number;
    header->secsSinceEpoch = *secs;
    header->contentOffset = i + 2;
    return {};
}

BatchLineParse BatchLine::parse(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    BatchLineParse result;
    BatchLineHeader header;
    result.problem = parseHeader(line, &header);
    if (!result.problem.isEmpty())
        return result;
    result.ok = true;
    result.message.number = header.number;
    result.message.timestamp = QDateTime::fromSecsSinceEpoch(header.secsSinceEpoch, Qt::UTC);
    result.message.content = unescape(line.sliced(header.contentOffset));
    return result;
}

QByteArray batchFileNameBytes(qint64 id)
{
    QByteArray number = QByteArray::number(id);
    if (number.size() < 4)
        number.prepend(QByteArray(4 - number.size(), '0'));
    return "messages_batch_" + number + ".txt";
}

QString batchFileName(qint64 id)
{
    return QString::fromLatin1(batchFileNameBytes(id));
}

std::optional<qint64> batchIdFromFileName(QByteArrayView name)
{
    constexpr QByteArrayView prefix = "messages_batch_";
    constexpr QByteArrayView suffix = ".txt";
    if (!name.startsWith(prefix) || !name.endsWith(suffix))
        return std::nullopt;
    const QByteArrayView digits =
        name.sliced(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (digits.size() < 4 || digits.size() > maxNumberDigits)
        return std::nullopt;
    if (digits.size() > 4 && digits[0] == '0')
        return std::nullopt; // past 9999 there is no padding
    qint64 id = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        id = id * 10 + (c - '0');
    }
    if (id < 1)
        return std::nullopt;
    return id;
}

std::optional<qint64> batchIdFromFileName(QStringView name)
{
    for (const QChar c : name) {
        if (c.unicode() > 0x7F)
            return std::nullopt;
    }
    return batchIdFromFileName(QByteArrayView(name.toLatin1()));
}

QString importedLineKey(qint64 batch, qint64 line)
{
    return u"batch:%1:%2"_s.arg(batch).arg(line);
}

std::optional<std::pair<qint64, qint64>> importedLineOf(QStringView key)
{
    const QList<QStringView> parts = key.split(u':');
    bool batchOk = false;
    bool lineOk = false;
    const qint64 batch = parts.size() == 3 ? parts.at(1).toLongLong(&batchOk) : 0;
    const qint64 line = parts.size() == 3 ? parts.at(2).toLongLong(&lineOk) : 0;
    if (parts.size() != 3 || parts.at(0) != u"batch" || !batchOk || !lineOk)
        return std::nullopt;
    return std::pair(batch, line);
}

Result<qint64> parseBatchId(QStringView text)
{
    const auto refuse = [&text] {
        return StorageError::invalidArgument(
            u"'%1' is not a batch id: give a positive whole number such as 42, as in "
            "messages_batch_0042.txt."_s.arg(text.left(40)));
    };
    if (text.isEmpty() || text.size() > maxNumberDigits)
        return refuse();
    qint64 id = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return refuse();
        id = id * 10 + (c.unicode() - u'0');
    }
    if (id < 1)
        return refuse();
    return id;
}

} // namespace porthole
