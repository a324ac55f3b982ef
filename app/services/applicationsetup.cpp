#include "applicationsetup.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStringList>
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

} // namespace porthole
