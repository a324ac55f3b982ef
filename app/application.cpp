#include "application.h"

#include "console.h"
#include "icons.h"
#include "stopsignals.h"
#include "subcommands.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace porthole {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(u"Porthole"_s);
    QCoreApplication::setOrganizationDomain(u"porthole.dev"_s);
    QCoreApplication::setApplicationName(u"porthole"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(PORTHOLE_VERSION));
}

QString installTranslations(const QLocale &locale)
{
    const QStringList languages = locale.uiLanguages();
    if (languages.isEmpty())
        return {};
    // QTranslator::load(QLocale) would go on down the list past an English first choice.
    const QLocale wanted(languages.first());
    if (wanted.language() == QLocale::English || wanted.language() == QLocale::C)
        return {};
    auto *own = new QTranslator(QCoreApplication::instance());
    if (!own->load(wanted, u"porthole"_s, u"_"_s, u":/porthole/translations"_s)) {
        delete own;
        return {};
    }
    QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(wanted, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return own->language().section(u'_', 0, 0);
}

int runPorthole(int argc, char *argv[])
{
    prepareProcess(); // before anything opens a file or a pipe
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
        QApplication::setWindowIcon(applicationIcon());
        QApplication::setDesktopFileName(u"dev.porthole.Porthole"_s);
        installTranslations(QLocale());
        return runGui(parsed.gui);
    }
    }
    return 1;
}

} // namespace porthole
