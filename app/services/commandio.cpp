#include "commandio.h"

#include <QIODevice>
#include <QLocale>

#include <cerrno>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Standard error as a device whose writes never fail: what cannot be written (the reader went
// away, a full disk under a log file) is dropped. QTextStream keeps what its device refused
// and adds every later line to it: a worker whose standard error reader went away would grow
// by each progress line for as long as it runs.
class StandardErrorDevice : public QIODevice
{
public:
    StandardErrorDevice() { open(QIODevice::WriteOnly | QIODevice::Unbuffered); }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        for (qint64 done = 0; done < size;) {
            const ssize_t written = ::write(STDERR_FILENO, data + done, size_t(size - done));
            if (written < 0 && errno == EINTR)
                continue;
            if (written <= 0)
                break; // dropped
            done += written;
        }
        return size;
    }
};

} // namespace

QTextStream &standardOutput()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &standardError()
{
    static StandardErrorDevice device; // outlives the stream, which flushes into it at exit
    static QTextStream stream(&device);
    return stream;
}

QString helpText(const QCommandLineParser &parser, const QString &program)
{
    QString text = parser.helpText();
    const qsizetype firstLineEnd = text.indexOf(u'\n');
    const QString usage = text.left(firstLineEnd);
    return text.replace(0, firstLineEnd,
                        u"Usage: "_s + program + usage.mid(usage.indexOf(u' ', 7)));
}

int parseSubcommand(QCommandLineParser &parser, const QStringList &arguments)
{
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help and exit."_s);
    parser.addOption(help);
    const QString command = arguments.value(0);
    if (!parser.parse(arguments))
        return usageError(command, parser.errorText());
    if (parser.isSet(help)) {
        standardOutput() << helpText(parser, command) << Qt::flush;
        return ExitOk;
    }
    return -1;
}

QString countText(double value)
{
    return QLocale(QLocale::English).toString(static_cast<qint64>(value));
}

QDateTime commandLineTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (time.isValid() && time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    return time;
}

int usageError(const QString &command, const QString &message)
{
    standardError() << command << ": " << message << "\nTry '" << command << " --help'.\n"
                    << Qt::flush;
    return ExitUsage;
}

} // namespace porthole
