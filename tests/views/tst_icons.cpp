#include "icons.h"
#include "mainwindow.h"
#include "pane.h"
#include "windowcontroller.h"

#include <QDir>
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QPixmap>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>

#include <utility>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

// The share of the image's pixels that are at least half opaque.
double coverage(const QImage &image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    qsizetype drawn = 0;
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            drawn += qAlpha(argb.pixel(x, y)) >= 128 ? 1 : 0;
    return argb.isNull() ? 0.0 : double(drawn) / double(argb.width() * argb.height());
}

// The mean lightness (0-255) of the image's pixels that are at least half opaque.
int lightness(const QImage &image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    qint64 sum = 0;
    qint64 count = 0;
    for (int y = 0; y < argb.height(); ++y) {
        for (int x = 0; x < argb.width(); ++x) {
            const QColor colour = argb.pixelColor(x, y);
            if (colour.alpha() < 128)
                continue;
            sum += colour.lightness();
            ++count;
        }
    }
    return count ? int(sum / count) : -1;
}

bool isWarning(IconId id)
{
    return iconName(id) == u"dialog-warning"_s;
}

} // namespace

class tst_Icons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void everyIconHasANameAndABundledPicture();
    void bundledIconsDrawSharp_data();
    void bundledIconsDrawSharp();
    void selectedRowsShowThemInWhite();
    void theThemesIconWins();
    void everyPaneHasAnIconOfItsOwn();
    void overflowButtonReadsInEveryTheme();

private:
    QTemporaryDir m_noThemes; // where icon themes are looked for: nowhere with one
};

void tst_Icons::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_noThemes.isValid());
}

void tst_Icons::init()
{
    // A desktop without an icon theme: every icon is the bundled one.
    QIcon::setThemeSearchPaths({m_noThemes.path()});
    QIcon::setFallbackSearchPaths({});
    QIcon::setThemeName(u"porthole-no-such-theme"_s);
    QSettings().clear();
}

void tst_Icons::everyIconHasANameAndABundledPicture()
{
    QSet<QString> names;
    for (const IconId id : allIconIds()) {
        const QString name = iconName(id);
        QVERIFY2(!name.isEmpty(), qPrintable(QString::number(int(id))));
        QVERIFY2(QFile::exists(bundledIconPath(id)), qPrintable(bundledIconPath(id)));
        QVERIFY2(QFile::exists(bundledSelectedIconPath(id)),
                 qPrintable(bundledSelectedIconPath(id)));
        names.insert(name + u".svg"_s);
    }
    // And no picture is bundled that no icon uses.
    const QStringList bundled =
        QDir(u":/porthole/icons/actions"_s).entryList({u"*.svg"_s}, QDir::Files);
    QCOMPARE(QSet<QString>(bundled.cbegin(), bundled.cend()), names);
}

void tst_Icons::bundledIconsDrawSharp_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<int>("size");
    QTest::addColumn<qreal>("ratio");
    for (const IconId id : allIconIds()) {
        for (const auto &[size, ratio] :
             {std::pair{16, 1.0}, std::pair{32, 1.0}, std::pair{16, 2.0}, std::pair{20, 1.5}}) {
            const QString tag =
                u"%1 (%2) %3px@%4x"_s.arg(iconName(id)).arg(int(id)).arg(size).arg(ratio);
            QTest::newRow(qPrintable(tag)) << int(id) << size << ratio;
        }
    }
}

void tst_Icons::bundledIconsDrawSharp()
{
    QFETCH(int, id);
    QFETCH(int, size);
    QFETCH(qreal, ratio);
    const QIcon icon = themedIcon(IconId(id));
    QVERIFY(!icon.isNull());
    QVERIFY2(icon.name().isEmpty(), qPrintable(icon.name())); // not a theme's
    const QPixmap pixmap = icon.pixmap(QSize(size, size), ratio);
    // Drawn at the screen's own resolution, not a smaller picture scaled up.
    QCOMPARE(pixmap.size(), QSize(size, size) * ratio);
    QCOMPARE(pixmap.devicePixelRatio(), ratio);
    const QImage image = pixmap.toImage();
    const double drawn = coverage(image);
    QVERIFY2(drawn >= 0.05, qPrintable(u"%1 of the pixels drawn"_s.arg(drawn)));
    // In its own colours, not in the white of a selected row.
    QVERIFY2(lightness(image) < 200, qPrintable(QString::number(lightness(image))));
}

void tst_Icons::selectedRowsShowThemInWhite()
{
    for (const IconId id : allIconIds()) {
        const QIcon icon = themedIcon(id);
        const int normal = lightness(icon.pixmap(QSize(20, 20), 1.0, QIcon::Normal).toImage());
        const int selected = lightness(icon.pixmap(QSize(20, 20), 1.0, QIcon::Selected).toImage());
        if (isWarning(id)) { // amber wherever it is
            QCOMPARE(selected, normal);
            continue;
        }
        QVERIFY2(normal > 60 && normal < 190, qPrintable(iconName(id)));
        QVERIFY2(selected > 240, qPrintable(iconName(id)));
    }
}

void tst_Icons::theThemesIconWins()
{
    // A theme with one icon, view-refresh: a red square.
    QTemporaryDir themes;
    QVERIFY(themes.isValid());
    const QString theme = themes.filePath(u"porthole-test"_s);
    QVERIFY(QDir().mkpath(theme + u"/16x16/actions"_s));
    QFile index(theme + u"/index.theme"_s);
    QVERIFY(index.open(QIODevice::WriteOnly));
    index.write("[Icon Theme]\nName=Porthole test\nComment=One icon\n"
                "Directories=16x16/actions\n\n"
                "[16x16/actions]\nSize=16\nContext=Actions\nType=Fixed\n");
    index.close();
    QImage red(16, 16, QImage::Format_ARGB32);
    red.fill(Qt::red);
    QVERIFY(red.save(theme + u"/16x16/actions/view-refresh.png"_s));
    QIcon::setThemeSearchPaths({themes.path()});
    QIcon::setThemeName(u"porthole-test"_s);

    const QIcon refresh = themedIcon(IconId::Refresh);
    QCOMPARE(refresh.name(), u"view-refresh"_s);
    const QImage drawn = refresh.pixmap(QSize(16, 16), 1.0).toImage();
    QCOMPARE(drawn.pixelColor(8, 8), QColor(Qt::red));
    const QImage bundled = QIcon(bundledIconPath(IconId::Refresh)).pixmap(16, 16).toImage();
    QVERIFY(drawn.convertToFormat(QImage::Format_ARGB32) !=
            bundled.convertToFormat(QImage::Format_ARGB32));

    // What the theme lacks still comes bundled.
    const QIcon pause = themedIcon(IconId::Pause);
    QVERIFY2(pause.name().isEmpty(), qPrintable(pause.name()));
    QCOMPARE(pause.pixmap(QSize(16, 16), 1.0).toImage(),
             QIcon(bundledIconPath(IconId::Pause)).pixmap(QSize(16, 16), 1.0).toImage());
}

void tst_Icons::everyPaneHasAnIconOfItsOwn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QTRY_VERIFY(console.isStarted());
    MainWindow *window = console.window();
    QVERIFY(!window->windowIcon().isNull());
    QCOMPARE(window->panes().size(), WindowController::paneIds().size());

    auto *navigation = window->findChild<QTreeWidget *>(u"navigation"_s);
    QVERIFY(navigation);
    QCOMPARE(navigation->topLevelItemCount(), window->panes().size());
    const QSize size = navigation->iconSize();
    QCOMPARE(size, QSize(20, 20));
    QList<QImage> pictures;
    for (int row = 0; row < navigation->topLevelItemCount(); ++row) {
        const QTreeWidgetItem *item = navigation->topLevelItem(row);
        const QIcon icon = item->icon(0);
        QVERIFY2(!icon.isNull(), qPrintable(item->text(0)));
        // As large as the list shows icons: none drawn small in a corner of its square.
        QCOMPARE(icon.actualSize(size), size);
        const QImage picture = icon.pixmap(size, 1.0).toImage();
        QVERIFY2(coverage(picture) >= 0.05, qPrintable(item->text(0)));
        // Listed before it was made with the title and icon the pane has once made.
        const Pane *pane = window->panes().at(row);
        QCOMPARE(item->text(0), pane->title());
        QCOMPARE(picture, pane->icon().pixmap(size, 1.0).toImage());
        for (qsizetype other = 0; other < pictures.size(); ++other)
            QVERIFY2(picture != pictures.at(other),
                     qPrintable(u"%1 looks like %2"_s.arg(
                         item->text(0), navigation->topLevelItem(int(other))->text(0))));
        pictures.append(picture);
    }
}

void tst_Icons::overflowButtonReadsInEveryTheme()
{
    QToolBar toolBar;
    for (int n = 1; n <= 20; ++n)
        toolBar.addAction(u"Action number %1"_s.arg(n));
    useReadableOverflowButton(&toolBar);
    toolBar.resize(240, 40);
    toolBar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&toolBar));
    auto *button = toolBar.findChild<QToolButton *>(u"qt_toolbar_ext_button"_s);
    QVERIFY(button);
    QTRY_VERIFY(button->isVisible()); // twenty actions do not fit in 240 px
    const auto drawn = [](const QIcon &icon) {
        return icon.pixmap(QSize(16, 16), 1.0).toImage();
    };
    const QImage bundled = drawn(themedIcon(IconId::MoreActions));
    QCOMPARE(drawn(button->icon()), bundled);
    // The style's own, which the dark theme would hide, differs.
    QVERIFY(drawn(button->style()->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton)) !=
            bundled);

    // File > Settings > Theme sets the style anew: the button keeps the readable icon.
    QApplication::setStyle(u"Fusion"_s);
    QTRY_COMPARE(drawn(button->icon()), bundled);
}

QTEST_MAIN(tst_Icons)
#include "tst_icons.moc"
