#include "helpbrowser.h"
#include "mainwindow.h"
#include "pane.h"
#include "windowcontroller.h"

#include <QAction>
#include <QFile>
#include <QImage>
#include <QMenuBar>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {
// Every link and every image of the document shown.
struct Contents
{
    QList<QUrl> links;
    QList<QString> images;
};

Contents contentsOf(const QTextDocument *document)
{
    Contents contents;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isImageFormat())
                contents.images << format.toImageFormat().name();
            else if (format.isAnchor() && !contents.links.contains(QUrl(format.anchorHref())))
                contents.links << QUrl(format.anchorHref());
        }
    }
    return contents;
}
} // namespace

class tst_HelpBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void headingAnchors_data();
    void headingAnchors();
    void guideShowsItsScreenshots();
    void everyLinkOfTheGuideLeadsSomewhere();
    void guideCoversEveryPane();
    void linksOutOfTheHelpAreHandedOn();
    void missingDocumentsAndHeadingsAreRefused();
    void helpMenuOpensTheGuideOnce();
};

void tst_HelpBrowser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QSettings().clear();
}

void tst_HelpBrowser::headingAnchors_data()
{
    QTest::addColumn<QString>("heading");
    QTest::addColumn<QString>("anchor");
    QTest::newRow("words") << u"Follow ingest"_s << u"follow-ingest"_s;
    QTest::newRow("apostrophe") << u"Connect to the pipeline's data"_s
                                << u"connect-to-the-pipelines-data"_s;
    QTest::newRow("punctuation") << u"Export, and report: PDF/HTML!"_s
                                 << u"export-and-report-pdfhtml"_s;
    QTest::newRow("kept") << u"  The check_3 -- it "_s << u"the-check_3----it"_s;
}

void tst_HelpBrowser::headingAnchors()
{
    QFETCH(QString, heading);
    QFETCH(QString, anchor);
    QCOMPARE(HelpBrowser::headingAnchor(heading), anchor);
}

void tst_HelpBrowser::guideShowsItsScreenshots()
{
    HelpBrowser help;
    QSignalSpy fitted(&help, &HelpBrowser::imagesFitted);
    help.resize(700, 500);
    help.show();
    QVERIFY(QTest::qWaitForWindowExposed(&help));
    QCOMPARE(help.currentUrl(), HelpBrowser::guideUrl());
    QVERIFY(help.text()->toPlainText().startsWith(u"Porthole user guide"_s));

    const Contents contents = contentsOf(help.text()->document());
    QVERIFY2(contents.images.size() >= 15, qPrintable(QString::number(contents.images.size())));
    for (const QString &name : contents.images) {
        const QUrl url = help.currentUrl().resolved(QUrl(name));
        QVERIFY2(!QImage(u':' + url.path()).isNull(), qPrintable(url.toString()));
    }

    // Each screenshot fits beside the text (also in a list), at the window's width and after
    // it is made wider: the widest ones fill the text's width, none needs scrolling sideways.
    for (const int width : {700, 1000}) {
        fitted.clear();
        help.resize(width, 600);
        QVERIFY(fitted.wait());
        QTextDocument *document = help.text()->document();
        const qreal textWidth = help.text()->viewport()->width() - 2 * document->documentMargin();
        qreal widest = 0;
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
            for (auto it = block.begin(); !it.atEnd(); ++it)
                if (it.fragment().charFormat().isImageFormat())
                    widest = std::max(widest, it.fragment().charFormat().toImageFormat().width());
        QVERIFY2(widest > textWidth - 60 && widest <= textWidth,
                 qPrintable(u"%1 of %2"_s.arg(widest).arg(textWidth)));
        QVERIFY2(document->idealWidth() <= help.text()->viewport()->width(),
                 qPrintable(QString::number(document->idealWidth())));
        QCOMPARE(help.text()->horizontalScrollBar()->maximum(), 0);
    }
}

void tst_HelpBrowser::everyLinkOfTheGuideLeadsSomewhere()
{
    HelpBrowser help;
    help.show();
    QVERIFY(QTest::qWaitForWindowExposed(&help));
    const Contents contents = contentsOf(help.text()->document());
    // The guide's own headings first, each from the top of the guide (open, not loaded again);
    // then the other documents' links.
    int headings = 0;
    QList<QUrl> elsewhere;
    for (const QUrl &link : contents.links) {
        const QUrl target = HelpBrowser::guideUrl().resolved(link);
        QVERIFY2(target.scheme() == u"qrc"_s, qPrintable(link.toString()));
        if (!link.toString().startsWith(u'#')) {
            if (!elsewhere.contains(target))
                elsewhere.append(target);
            continue;
        }
        ++headings;
        QVERIFY(help.open(HelpBrowser::guideUrl()));
        QCOMPARE(help.text()->verticalScrollBar()->value(), 0);
        QVERIFY2(help.open(target), qPrintable(link.toString()));
        if (link != contents.links.constFirst())
            QVERIFY2(help.text()->verticalScrollBar()->value() > 0, qPrintable(link.toString()));
    }
    QVERIFY2(headings >= 13, qPrintable(QString::number(headings)));
    // A document is loaded once for all the links into it (RELIABILITY.md's tables take
    // seconds to lay out under the sanitizers).
    std::stable_sort(elsewhere.begin(), elsewhere.end(), [](const QUrl &a, const QUrl &b) {
        return a.adjusted(QUrl::RemoveFragment).toString() <
               b.adjusted(QUrl::RemoveFragment).toString();
    });
    for (const QUrl &target : std::as_const(elsewhere))
        QVERIFY2(help.open(target), qPrintable(target.toString()));
}

void tst_HelpBrowser::guideCoversEveryPane()
{
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.path();
    WindowController console(options);
    QVERIFY(console.setUp().ok());
    QTRY_VERIFY(console.isStarted());
    const QList<Pane *> panes = console.window()->panes();
    QCOMPARE(panes.size(), WindowController::paneIds().size());

    QFile guide(u":/porthole/help/USER_GUIDE.md"_s);
    QVERIFY(guide.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(guide.readAll());
    for (qsizetype i = 0; i < panes.size(); ++i) {
        // Each pane is introduced in bold with the key that shows it; past the ninth, which
        // have no key, with the menu that does.
        const QString key = i < 9 ? u"Ctrl+%1"_s.arg(i + 1) : u"View menu"_s;
        const QString introduction = u"**%1** pane (%2)"_s.arg(panes.at(i)->title(), key);
        const QString overview = u"**%1** (%2)"_s.arg(panes.at(i)->title(), key);
        QVERIFY2(text.contains(introduction) || text.contains(overview), qPrintable(introduction));
    }
}

void tst_HelpBrowser::linksOutOfTheHelpAreHandedOn()
{
    HelpBrowser help;
    QSignalSpy external(&help, &HelpBrowser::externalLinkClicked);
    Q_EMIT help.text()->anchorClicked(QUrl(u"https://redis.io/docs/"_s));
    QCOMPARE(external.size(), 1);
    QCOMPARE(external.at(0).at(0).toUrl(), QUrl(u"https://redis.io/docs/"_s));
    QCOMPARE(help.currentUrl(), HelpBrowser::guideUrl());

    Q_EMIT help.text()->anchorClicked(QUrl(u"CONSOLE.md#panes"_s));
    QCOMPARE(help.currentUrl(), QUrl(u"qrc:/porthole/help/CONSOLE.md"_s));
    QVERIFY(help.text()->toPlainText().startsWith(u"The console"_s));
    QCOMPARE(external.size(), 1);
}

void tst_HelpBrowser::missingDocumentsAndHeadingsAreRefused()
{
    HelpBrowser help;
    QVERIFY(!help.open(QUrl(u"qrc:/porthole/help/NOWHERE.md"_s)));
    QVERIFY(!help.open(QUrl(u"qrc:/porthole/migrations/sqlite/0001_initial.sql"_s)));
    QVERIFY(!help.open(QUrl(u"file:///etc/passwd"_s)));
    QCOMPARE(help.currentUrl(), HelpBrowser::guideUrl());
    QVERIFY(!help.open(QUrl(u"qrc:/porthole/help/USER_GUIDE.md#no-such-heading"_s)));
    QCOMPARE(help.currentUrl(), HelpBrowser::guideUrl());
}

void tst_HelpBrowser::helpMenuOpensTheGuideOnce()
{
    MainWindow window;
    QAction *guide = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text() != u"&Help"_s)
            continue;
        for (QAction *action : menu->menu()->actions())
            if (action->text() == u"&User Guide"_s)
                guide = action;
    }
    QVERIFY(guide);
    QCOMPARE(guide->shortcut(), QKeySequence(QKeySequence::HelpContents));
    guide->trigger();
    auto *help = window.findChild<HelpBrowser *>();
    QVERIFY(help);
    QVERIFY(help->isVisible());
    QVERIFY(help->isWindow());
    guide->trigger();
    QCOMPARE(window.findChildren<HelpBrowser *>().size(), 1);
}

QTEST_MAIN(tst_HelpBrowser)
#include "tst_helpbrowser.moc"
