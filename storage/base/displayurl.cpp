#include "displayurl.h"

using namespace Qt::StringLiterals;

namespace porthole {

QString displayUrl(const QString &text)
{
    QString shown = text;
    const QString mask = u"***"_s;
    // Each "://" of the text starts a URL: a message may quote one inside other words. Each
    // character is looked at once, so a long text costs no more than its length.
    for (qsizetype from = shown.indexOf(u"://"_s); from >= 0;
         from = shown.indexOf(u"://"_s, from)) {
        const qsizetype start = from + 3;
        qsizetype end = start;
        qsizetype colon = -1;
        qsizetype at = -1;
        for (; end < shown.size() && shown.at(end) != u'/' && !shown.at(end).isSpace(); ++end) {
            if (shown.at(end) == u'@')
                at = end;
            else if (shown.at(end) == u':' && colon < 0)
                colon = end;
        }
        if (colon >= 0 && colon < at) {
            shown.replace(colon + 1, at - colon - 1, mask);
            end = colon + 1 + mask.size() + 1;
        }
        from = end;
    }
    return shown;
}

} // namespace porthole
