#include "preferences.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QEvent>
#include <QPainter>
#include <QProxyStyle>
#include <QSettings>
#include <QStyle>
#include <QStyleOption>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
int bounded(const QSettings &settings, const QString &key, int fallback, int min, int max)
{
    bool ok = false;
    const int value = settings.value(key, fallback).toInt(&ok);
    return ok && value >= min && value <= max ? value : fallback;
}

// Fusion for the dark theme. Fusion frames a check box a shade darker than the window, which
// on a dark palette vanishes into a list's base (the Metrics pane's series looked unticked
// and unclickable); the frame is drawn again here in the palette's placeholder grey. A list's
// check boxes are drawn as check boxes, so one primitive covers both.
class DarkFusionStyle : public QProxyStyle
{
public:
    DarkFusionStyle()
        : QProxyStyle(u"Fusion"_s)
    {}

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        if (element != PE_IndicatorCheckBox)
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(option->palette.color(QPalette::PlaceholderText));
        painter->setBrush(Qt::NoBrush);
        // Where Fusion draws its frame.
        painter->drawRect(QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5));
        painter->restore();
    }
};

// What the desktop gave at start, for the System theme.
struct Desktop
{
    QString style;
    QPalette palette;
};
Desktop &desktop()
{
    static Desktop original{QApplication::style()->name(), QApplication::palette()};
    return original;
}
bool appearanceChanged = false; // until then the desktop's palette is followed as it changes

// The tables' font size, on every list, table and tree view and their headers, those open and
// those made later (QApplication::setFont for a class name does not reach them in Qt 6.4).
class TableFont : public QObject
{
public:
    static TableFont *instance()
    {
        static auto *filter = [] {
            auto *made = new TableFont(qApp);
            qApp->installEventFilter(made);
            return made;
        }();
        return filter;
    }
    void setPoints(int points)
    {
        m_points = points;
        for (QWidget *widget : QApplication::allWidgets()) {
            if (auto *view = qobject_cast<QAbstractItemView *>(widget))
                apply(view);
        }
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Polish && m_points > 0) {
            if (auto *view = qobject_cast<QAbstractItemView *>(watched))
                apply(view);
        }
        return false;
    }

private:
    using QObject::QObject;
    // A view's own font (a fixed-width one, say) keeps its family; only its size changes,
    // and goes back to what it was.
    void apply(QAbstractItemView *view) const
    {
        static const char *const ownSize = "porthole_ownPointSize";
        if (!view->property(ownSize).isValid())
            view->setProperty(ownSize, view->font().pointSizeF());
        QFont font = view->font();
        font.setPointSizeF(m_points > 0 ? m_points : view->property(ownSize).toReal());
        view->setFont(font);
    }
    int m_points = 0;
};
} // namespace

Preferences Preferences::load()
{
    Preferences preferences;
    QSettings settings;
    settings.beginGroup(u"preferences"_s);
    preferences.dataDirectory = settings.value(u"dataDirectory"_s).toString();
    preferences.defaultProfile = settings.value(u"defaultProfile"_s).toString();
    preferences.operatorName = settings.value(u"operatorName"_s).toString().trimmed();
    preferences.overviewRefreshSeconds =
        bounded(settings, u"overviewRefreshSeconds"_s, preferences.overviewRefreshSeconds,
                minRefreshSeconds, maxRefreshSeconds);
    preferences.staleAfterSeconds =
        bounded(settings, u"staleAfterSeconds"_s, preferences.staleAfterSeconds, minStaleSeconds,
                maxStaleSeconds);
    preferences.backlogSampleSeconds = bounded(
        settings, u"backlogSampleSeconds"_s, preferences.backlogSampleSeconds, 0, maxSampleSeconds);
    preferences.groupMessages = bounded(settings, u"groupMessages"_s, preferences.groupMessages,
                                        minGroupMessages, maxGroupMessages);
    preferences.groupWaitMs = bounded(settings, u"groupWaitMs"_s, preferences.groupWaitMs,
                                      minGroupWaitMs, maxGroupWaitMs);
    preferences.journeyKeys = QSettings().value(u"journey/keys"_s).toString().trimmed();
    preferences.journeyCauseKeys = QSettings().value(u"journey/causeKeys"_s).toString().trimmed();
    const QString theme = settings.value(u"theme"_s).toString();
    for (const Theme known : {Theme::System, Theme::Light, Theme::Dark}) {
        if (theme == themeName(known))
            preferences.theme = known;
    }
    if (settings.value(u"tableFontPoints"_s).toInt() != 0)
        preferences.tableFontPoints =
            bounded(settings, u"tableFontPoints"_s, 0, minFontPoints, maxFontPoints);
    return preferences;
}

void Preferences::save() const
{
    QSettings settings;
    settings.beginGroup(u"preferences"_s);
    settings.setValue(u"dataDirectory"_s, dataDirectory);
    settings.setValue(u"defaultProfile"_s, defaultProfile);
    settings.setValue(u"operatorName"_s, operatorName);
    settings.setValue(u"overviewRefreshSeconds"_s, overviewRefreshSeconds);
    settings.setValue(u"staleAfterSeconds"_s, staleAfterSeconds);
    settings.setValue(u"backlogSampleSeconds"_s, backlogSampleSeconds);
    settings.setValue(u"groupMessages"_s, groupMessages);
    settings.setValue(u"groupWaitMs"_s, groupWaitMs);
    settings.setValue(u"theme"_s, themeName(theme));
    settings.setValue(u"tableFontPoints"_s, tableFontPoints);
    settings.endGroup();
    settings.setValue(u"journey/keys"_s, journeyKeys);
    settings.setValue(u"journey/causeKeys"_s, journeyCauseKeys);
}

QString themeName(Preferences::Theme theme)
{
    switch (theme) {
    case Preferences::Theme::Light:
        return u"light"_s;
    case Preferences::Theme::Dark:
        return u"dark"_s;
    case Preferences::Theme::System:
        break;
    }
    return u"system"_s;
}

QPalette darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80), highlight(0x2f, 0x6f, 0xb8);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    palette.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabled);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4e));
    palette.setColor(QPalette::Midlight, QColor(0x38, 0x3b, 0x40));
    palette.setColor(QPalette::Mid, QColor(0x24, 0x25, 0x28));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    palette.setColor(QPalette::Shadow, Qt::black);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    palette.setColor(QPalette::LinkVisited, QColor(0xb3, 0x94, 0xf5));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabled);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    return palette;
}

void applyAppearance(const Preferences &preferences)
{
    const Desktop &original = desktop();
    switch (preferences.theme) {
    case Preferences::Theme::System:
        if (!appearanceChanged)
            break;
        if (QApplication::style()->name() != original.style)
            QApplication::setStyle(original.style);
        QApplication::setPalette(original.palette);
        break;
    case Preferences::Theme::Light:
        QApplication::setStyle(u"Fusion"_s);
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Preferences::Theme::Dark:
        QApplication::setStyle(new DarkFusionStyle); // the application owns it
        QApplication::setPalette(darkPalette());
        break;
    }
    appearanceChanged = appearanceChanged || preferences.theme != Preferences::Theme::System;
    TableFont::instance()->setPoints(preferences.tableFontPoints);
}

} // namespace porthole
