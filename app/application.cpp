#include "application.h"

#include "console.h"
#include "subcommands.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace porthole {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"Porthole"_s);
    QCoreApplication::setOrganizationDomain(u"porthole.dev"_s);
    QCoreApplication::setApplicationName(u"porthole"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(PORTHOLE_VERSION));
}

int runPorthole(int argc, char *argv[])
{
    setApplicationIdentity();
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    const ParsedCommandLine parsed = parseCommandLine(arguments, subcommands(), Console::paneIds());
    switch (parsed.action) {
    case ParsedCommandLine::Action::ShowText:
        QTextStream(stdout) << parsed.text;
        return parsed.exitCode;
    case ParsedCommandLine::Action::Fail:
        QTextStream(stderr) << parsed.text;
        return parsed.exitCode;
    case ParsedCommandLine::Action::RunSubcommand: {
        if (!parsed.subcommand->needsGui) {
            QCoreApplication app(argc, argv);
            return parsed.subcommand->run(parsed.subcommandArguments);
        }
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
            qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return parsed.subcommand->run(parsed.subcommandArguments);
    }
    case ParsedCommandLine::Action::RunGui: {
        QApplication app(argc, argv);
        QApplication::setWindowIcon(QIcon(u":/porthole/icons/porthole.svg"_s));
        QApplication::setDesktopFileName(u"dev.porthole.Porthole"_s);
        return runGui(parsed.gui);
    }
    }
    return 1;
}

} // namespace porthole
