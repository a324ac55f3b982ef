#include "commandio.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

QTextStream &standardOutput()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &standardError()
{
    static QTextStream stream(stderr);
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
