#include "application.h"

#include "applicationsetup.h"
#include "auditlog.h"
#include "panecatalog.h"
#include "stopsignals.h"
#include "subcommands.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTextStream>

#include <cerrno>
#include <cstring>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace porthole {

QString windowProgram()
{
    const QFileInfo self(u"/proc/self/exe"_s);
    return QDir(QFileInfo(self.canonicalFilePath()).absolutePath())
        .filePath(QString::fromLatin1(PORTHOLE_WINDOW_PROGRAM));
}

int execWindowProgram(int argc, char *argv[], const GuiOptions &)
{
    Q_UNUSED(argc);
    const QString program = windowProgram();
    const QByteArray path = QFile::encodeName(program);
    ::execv(path.constData(), argv); // returns only when it failed
    const int error = errno;
    QTextStream(stderr) << u"porthole: cannot open the window: %1: %2\n"_s.arg(
        program, QString::fromLocal8Bit(std::strerror(error)));
    return 1;
}

int runPorthole(int argc, char *argv[], WindowRunner runWindow)
{
    prepareProcess(); // before anything opens a file or a pipe
    setApplicationIdentity();
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    const ParsedCommandLine parsed = parseCommandLine(arguments, subcommands(), paneIds());
    switch (parsed.action) {
    case ParsedCommandLine::Action::ShowText:
        QTextStream(stdout) << parsed.text;
        return parsed.exitCode;
    case ParsedCommandLine::Action::Fail:
        QTextStream(stderr) << parsed.text;
        return parsed.exitCode;
    case ParsedCommandLine::Action::RunSubcommand: {
        // Who a command acts for, in the audit log: a name the caller gives, else user@host.
        AuditLog::setOperator(qEnvironmentVariable("PORTHOLE_OPERATOR"));
        if (!parsed.subcommand->needsGui) {
            QCoreApplication app(argc, argv);
            return parsed.subcommand->run(parsed.subcommandArguments);
        }
        // Fonts and painting, no display: the offscreen platform unless one is asked for.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        return parsed.subcommand->run(parsed.subcommandArguments);
    }
    case ParsedCommandLine::Action::RunGui:
        return runWindow(argc, argv, parsed.gui);
    }
    return 1;
}

} // namespace porthole
