// The window's translations: each .ts file is current with the sources and complete, keeps
// every placeholder and mnemonic of the English text, is what the binary carries, and the
// window in that language still fits a laptop's screen.
#include "actionoptionsdialog.h"
#include "actionpreviewdialog.h"
#include "actionprogressdialog.h"
#include "applicationsetup.h"
#include "batchexportdialog.h"
#include "commandline.h"
#include "connectiondialog.h"
#include "editpayloaddialog.h"
#include "exportdialog.h"
#include "exportsource.h"
#include "harddeletedialog.h"
#include "mainwindow.h"
#include "mnemonics.h"
#include "pane.h"
#include "preferences.h"
#include "reportdialog.h"
#include "settingsdialog.h"
#include "windowcontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    bool finished = false;
    QStringList translations; // one, or a numerus form each

    QString key() const { return context + u'\x1f' + source + u'\x1f' + comment; }
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
            continue;
        }
        if (xml.name() != u"message")
            continue;
        Message message;
        message.context = context;
        message.numerus = xml.attributes().value(QLatin1StringView("numerus")) == u"yes";
        while (xml.readNextStartElement()) {
            if (xml.name() == u"source") {
                message.source = xml.readElementText();
            } else if (xml.name() == u"comment") {
                message.comment = xml.readElementText();
            } else if (xml.name() == u"translation") {
                message.finished = xml.attributes().value(QLatin1StringView("type")).isEmpty();
                if (message.numerus) {
                    while (xml.readNextStartElement())
                        message.translations << xml.readElementText();
                } else {
                    message.translations << xml.readElementText();
                }
            } else {
                xml.skipCurrentElement();
            }
        }
        messages << message;
    }
    if (xml.hasError())
        *error = u"%1 at line %2"_s.arg(xml.errorString()).arg(xml.lineNumber());
    return messages;
}

// %1…%99, %L1…, %n, %Ln: what .arg() and tr()'s count fill in, sorted.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(u"%(L?[1-9][0-9]?|L?n)"_s);
    QStringList found;
    for (const auto &match : pattern.globalMatch(text))
        found << match.captured();
    found.sort();
    return found;
}

// The letters marked with '&' for Alt (a "&&" is an ampersand shown as such).
int mnemonics(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        if (!text.at(i + 1).isSpace())
            ++count;
    }
    return count;
}

QStringList tsFiles()
{
    const QDir dir(QString::fromUtf8(PORTHOLE_TS_DIR));
    QStringList files;
    for (const QString &name : dir.entryList({u"porthole_*.ts"_s}, QDir::Files))
        files << dir.filePath(name);
    return files;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void tsFilesAreCurrent_data();
    void tsFilesAreCurrent();
    void everyTextIsTranslated_data();
    void everyTextIsTranslated();
    void englishAndUnknownLanguagesInstallNothing();
    void theBinaryCarriesTheGermanTsFile();
    void theGermanWindowFitsTheScreen();
    void theExportDialogNamesColumnsInGerman();
    void everyAltKeyReachesItsControl_data();
    void everyAltKeyReachesItsControl();
};

void tst_Translations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QVERIFY(!tsFiles().isEmpty());
}

void tst_Translations::tsFilesAreCurrent_data()
{
    QTest::addColumn<QString>("tsFile");
    for (const QString &file : tsFiles())
        QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
}

void tst_Translations::tsFilesAreCurrent()
{
    QFETCH(QString, tsFile);
    // lupdate run over a copy, as `cmake --build --target update_translations` runs it over
    // the file: a text added to the sources appears in the copy, one gone from them goes.
    QTemporaryDir dir;
    const QString copy = dir.filePath(QFileInfo(tsFile).fileName());
    QVERIFY(QFile::copy(tsFile, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QStringList arguments = QString::fromUtf8(PORTHOLE_LUPDATE_OPTIONS).split(u' ');
    for (const char *sources :
         {"app", "views", "models", "storage/sql/exportsource.cpp",
          "storage/sql/sensoreventsrepository.cpp", "storage/ingest/ingeststatus.cpp",
          "storage/ingest/workerhealth.cpp"})
        arguments << QString::fromUtf8(PORTHOLE_SOURCE_DIR) + u'/' + QLatin1StringView(sources);
    arguments << u"-ts"_s << copy;
    QProcess lupdate;
    lupdate.start(QString::fromUtf8(PORTHOLE_LUPDATE), arguments);
    QVERIFY2(lupdate.waitForFinished(120000), qPrintable(lupdate.errorString()));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());

    QString error;
    const QList<Message> committed = readTs(tsFile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QList<Message> current = readTs(copy, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> committedKeys, currentKeys;
    for (const Message &message : committed)
        committedKeys.insert(message.key());
    for (const Message &message : current)
        currentKeys.insert(message.key());
    QStringList problems;
    for (const QString &key : currentKeys - committedKeys)
        problems << u"new in the sources: "_s + QString(key).replace(u'\x1f', u" | "_s);
    for (const QString &key : committedKeys - currentKeys)
        problems << u"gone from the sources: "_s + QString(key).replace(u'\x1f', u" | "_s);
    problems.sort();
    QVERIFY2(problems.isEmpty(),
             qPrintable(problems.join(u'\n') +
                        u"\n(cmake --build --preset dev --target update_translations, then "
                        u"translate what is new)"_s));
    QVERIFY(committed.size() > 500);
}

void tst_Translations::everyTextIsTranslated_data()
{
    tsFilesAreCurrent_data();
}

void tst_Translations::everyTextIsTranslated()
{
    QFETCH(QString, tsFile);
    QString error;
    const QList<Message> messages = readTs(tsFile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList problems;
    for (const Message &message : messages) {
        const QString where = message.context + u": \""_s + message.source + u"\": "_s;
        if (!message.finished)
            problems << where + u"not finished"_s;
        if (message.translations.isEmpty())
            problems << where + u"no translation"_s;
        for (const QString &translation : message.translations) {
            if (translation.isEmpty()) {
                problems << where + u"an empty translation"_s;
                continue;
            }
            if (placeholders(translation) != placeholders(message.source))
                problems << where + u"placeholders %1 in \"%2\""_s.arg(
                                        placeholders(translation).join(u' '), translation);
            if (mnemonics(translation) != mnemonics(message.source))
                problems << where + u"%1 mnemonics in \"%2\""_s.arg(mnemonics(translation))
                                        .arg(translation);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_Translations::englishAndUnknownLanguagesInstallNothing()
{
    QCOMPARE(installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)), QString());
    QCOMPARE(installTranslations(QLocale(QLocale::Finnish, QLocale::Finland)), QString());
    QCOMPARE(QCoreApplication::translate("porthole::MainWindow", "&File"), u"&File"_s);
}

void tst_Translations::theBinaryCarriesTheGermanTsFile()
{
    QCOMPARE(installTranslations(QLocale(QLocale::German, QLocale::Austria)), u"de"_s);
    QString error;
    const QString tsFile = QString::fromUtf8(PORTHOLE_TS_DIR) + u"/porthole_de.ts"_s;
    const QList<Message> messages = readTs(tsFile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList problems;
    for (const Message &message : messages) {
        const QByteArray context = message.context.toUtf8();
        const QByteArray source = message.source.toUtf8();
        const QByteArray comment = message.comment.toUtf8();
        const char *disambiguation = message.comment.isEmpty() ? nullptr : comment.constData();
        if (message.numerus) {
            const QString one = QCoreApplication::translate(context.constData(), source.constData(),
                                                            disambiguation, 1);
            const QString five = QCoreApplication::translate(context.constData(),
                                                             source.constData(), disambiguation, 5);
            // %n and %Ln both give 1 and 5 as they are, in any locale.
            static const QRegularExpression count(u"%L?n"_s);
            if (one != QString(message.translations.value(0)).replace(count, u"1"_s) ||
                five != QString(message.translations.value(1)).replace(count, u"5"_s))
                problems << message.context + u": "_s + message.source + u" → "_s + one + u" / "_s +
                                five;
        } else {
            const QString shown = QCoreApplication::translate(context.constData(),
                                                              source.constData(), disambiguation);
            if (shown != message.translations.value(0))
                problems << message.context + u": "_s + message.source + u" → "_s + shown;
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(QCoreApplication::translate("porthole::MainWindow", "&File") != u"&File"_s);
}

void tst_Translations::theGermanWindowFitsTheScreen()
{
    QCOMPARE(installTranslations(QLocale(QLocale::German, QLocale::Germany)), u"de"_s);
    // A laptop's screen, less a panel: the smallest the window and its dialogs must fit.
    const QSize screen(1280, 760);

    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    WindowController console(options);
    const auto ready = console.setUp();
    QVERIFY2(ready.ok(), qPrintable(ready.errorMessage()));
    MainWindow *window = console.window();
    window->resize(screen);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(console.isStarted()); // every pane made

    const QStringList english = {u"&File"_s, u"&View"_s, u"&Help"_s};
    for (QAction *menu : window->menuBar()->actions())
        QVERIFY2(!english.contains(menu->text()), qPrintable(menu->text()));

    QVERIFY(!window->panes().isEmpty());
    for (Pane *pane : window->panes()) {
        QVERIFY(window->showPane(pane->paneId()));
        const QSize needed = window->minimumSizeHint();
        QVERIFY2(needed.width() <= screen.width() && needed.height() <= screen.height(),
                 qPrintable(u"%1: the window needs %2×%3"_s.arg(pane->paneId())
                                .arg(needed.width())
                                .arg(needed.height())));
    }

    SettingsDialog settings(Preferences(), {u"night shift"_s}, window);
    ConnectionDialog connection({}, {}, window);
    for (QDialog *dialog :
         {static_cast<QDialog *>(&settings), static_cast<QDialog *>(&connection)}) {
        const QSize needed = dialog->minimumSizeHint();
        QVERIFY2(needed.width() <= screen.width() && needed.height() <= screen.height(),
                 qPrintable(u"%1 needs %2×%3"_s.arg(dialog->windowTitle())
                                .arg(needed.width())
                                .arg(needed.height())));
        // Every Alt key of the German dialog reaches its own field (with Qt's German buttons,
        // "&Öffnen", "&Abbrechen", or the English ones where those are not installed).
        QCOMPARE(porthole::test::labelsShowingTheirAmpersand(*dialog), QStringList());
        QCOMPARE(porthole::test::clashingMnemonics(*dialog), QStringList());
    }
}

void tst_Translations::theExportDialogNamesColumnsInGerman()
{
    QCOMPARE(installTranslations(QLocale(QLocale::German, QLocale::Germany)), u"de"_s);
    // The columns' titles come from the storage layer, in English; the dialog shows them in the
    // window's language, beside the names the file uses.
    const QList<ExportColumn> columns = portMessagesExport({}, {}, false)->columns();
    ExportDialog dialog(u"port_messages"_s, u"the 3 rows shown"_s, columns);
    const auto *list = dialog.findChild<QListWidget *>(u"columnList"_s);
    QVERIFY(list);
    QCOMPARE(list->count(), columns.size());
    QStringList shown;
    for (int row = 0; row < list->count(); ++row)
        shown << list->item(row)->text();
    QVERIFY2(shown.contains(u"Erstellt  (created_at)"_s), qPrintable(shown.join(u", ")));
    QVERIFY2(shown.contains(u"Nutzdaten  (message_data)"_s), qPrintable(shown.join(u", ")));
    QVERIFY2(shown.contains(u"Max. Wiederholungen  (max_retries)"_s),
             qPrintable(shown.join(u", ")));
}

void tst_Translations::everyAltKeyReachesItsControl_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("English") << QLocale(QLocale::English, QLocale::UnitedStates);
    QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany);
}

void tst_Translations::everyAltKeyReachesItsControl()
{
    QFETCH(QLocale, locale);
    const QList<QTranslator *> installed =
        QCoreApplication::instance()->findChildren<QTranslator *>();
    for (QTranslator *translator : installed) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    installTranslations(locale);

    // Every dialog of the window: no label shows the '&' of its key, and no two controls of a
    // dialog share one.
    std::vector<std::unique_ptr<QDialog>> dialogs;
    dialogs.push_back(std::make_unique<SettingsDialog>(Preferences(), QStringList{u"night"_s}));
    dialogs.push_back(std::make_unique<ConnectionDialog>(QList<Connection>{}, QList<Connection>{}));
    for (const ActionKind kind : {ActionKind::Replay, ActionKind::Purge, ActionKind::Move}) {
        auto options = std::make_unique<ActionOptionsDialog>(kind, u"the 3 rows shown"_s);
        options->setRedisServer(u"redis://127.0.0.1:6379"_s);
        dialogs.push_back(std::move(options));
    }
    dialogs.push_back(std::make_unique<ActionPreviewDialog>(ActionPlan{}, u"Replay"_s));
    dialogs.push_back(std::make_unique<ActionProgressDialog>(u"Replay"_s));
    dialogs.push_back(std::make_unique<BatchExportDialog>(u"/data/messages"_s, 3, 10));
    dialogs.push_back(std::make_unique<EditPayloadDialog>(PortMessage{}));
    dialogs.push_back(std::make_unique<ExportDialog>(
        u"port_messages"_s, u"the 3 rows shown"_s,
        QList<ExportColumn>{{u"id"_s, u"Id"_s}, {u"status"_s, u"Status"_s}}));
    dialogs.push_back(std::make_unique<HardDeleteDialog>());
    dialogs.push_back(std::make_unique<ReportDialog>(u"/data/messages"_s));
    // And the window's menus: in the menu bar, and in each menu, one key an item.
    QTemporaryDir dir;
    GuiOptions options;
    options.dataDirectory = dir.filePath(u"data"_s);
    WindowController console(options);
    const auto ready = console.setUp();
    QVERIFY2(ready.ok(), qPrintable(ready.errorMessage()));
    QList<QList<QAction *>> menus{console.window()->menuBar()->actions()};
    for (QAction *menu : console.window()->menuBar()->actions()) {
        if (menu->menu())
            menus << menu->menu()->actions();
    }
    for (const QList<QAction *> &actions : std::as_const(menus)) {
        QHash<QChar, QStringList> keys;
        for (const QAction *action : actions) {
            const QChar key = porthole::test::mnemonicOf(action->text());
            if (!key.isNull() && action->isVisible())
                keys[key] << action->text();
        }
        for (auto it = keys.cbegin(); it != keys.cend(); ++it)
            QVERIFY2(it.value().size() == 1, qPrintable(it.value().join(u" | "_s)));
    }

    for (const auto &dialog : dialogs) {
        const QString name = QString::fromLatin1(dialog->metaObject()->className());
        const QStringList literal = porthole::test::labelsShowingTheirAmpersand(*dialog);
        QVERIFY2(literal.isEmpty(), qPrintable(name + u": "_s + literal.join(u", "_s)));
        const QStringList clashes = porthole::test::clashingMnemonics(*dialog);
        QVERIFY2(clashes.isEmpty(), qPrintable(name + u": "_s + clashes.join(u"; "_s)));
    }
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
