#include "windowmain.h"

#include "applicationsetup.h"
#include "icons.h"
#include "windowcontroller.h"

#include <QApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace porthole {

int runWindow(int argc, char *argv[], const GuiOptions &options)
{
    QApplication app(argc, argv);
    QApplication::setWindowIcon(applicationIcon());
    QApplication::setDesktopFileName(u"dev.porthole.Porthole"_s);
    installTranslations(QLocale());
    return runGui(options);
}

} // namespace porthole
