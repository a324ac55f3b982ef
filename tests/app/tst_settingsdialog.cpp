#include "mnemonics.h"
#include "preferences.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_SettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }
    void defaultsWithoutSettings();
    void keepsWhatIsSaved();
    void valuesOutOfRangeReadAsDefaults_data();
    void valuesOutOfRangeReadAsDefaults();
    void dialogShowsAndReturnsThePreferences();
    void restoreDefaultsFillsInTheDefaults();
    void aDefaultProfileDeletedSinceIsKeptAndNamed();
    void darkThemeAndTableFontApplyToOpenWindows();
    void checkBoxesShowInTheDarkTheme();
    void fieldsLineUpDownTheGroups();
};

namespace {
Preferences changed()
{
    Preferences preferences;
    preferences.dataDirectory = u"/srv/porthole"_s;
    preferences.defaultProfile = u"night shift"_s;
    preferences.overviewRefreshSeconds = 30;
    preferences.staleAfterSeconds = 300;
    preferences.groupMessages = 250;
    preferences.groupWaitMs = 50;
    preferences.theme = Preferences::Theme::Dark;
    preferences.tableFontPoints = 13;
    preferences.journeyKeys = u"flow_id, order_key"_s;
    preferences.journeyCauseKeys = u"caused_by"_s;
    return preferences;
}
} // namespace

void tst_SettingsDialog::defaultsWithoutSettings()
{
    const Preferences preferences = Preferences::load();
    QVERIFY(preferences == Preferences());
    QCOMPARE(preferences.overviewRefreshSeconds, 10);
    QCOMPARE(preferences.groupMessages, 1000);
    QCOMPARE(preferences.theme, Preferences::Theme::System);
}

void tst_SettingsDialog::keepsWhatIsSaved()
{
    changed().save();
    QVERIFY(Preferences::load() == changed());
    QCOMPARE(QSettings().value(u"preferences/theme"_s).toString(), u"dark"_s);
    // Where the journey and `porthole trace` read them.
    QCOMPARE(QSettings().value(u"journey/keys"_s).toString(), u"flow_id, order_key"_s);
    QCOMPARE(QSettings().value(u"journey/causeKeys"_s).toString(), u"caused_by"_s);
}

void tst_SettingsDialog::valuesOutOfRangeReadAsDefaults_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("refresh 0") << u"overviewRefreshSeconds"_s << QVariant(0);
    QTest::newRow("refresh text") << u"overviewRefreshSeconds"_s << QVariant(u"soon"_s);
    QTest::newRow("stale negative") << u"staleAfterSeconds"_s << QVariant(-5);
    QTest::newRow("group huge") << u"groupMessages"_s << QVariant(10'000'000);
    QTest::newRow("wait above the command timeout") << u"groupWaitMs"_s << QVariant(60000);
    QTest::newRow("font 400 pt") << u"tableFontPoints"_s << QVariant(400);
    QTest::newRow("unknown theme") << u"theme"_s << QVariant(u"solarized"_s);
}

void tst_SettingsDialog::valuesOutOfRangeReadAsDefaults()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QSettings().setValue(u"preferences/"_s + key, value);
    QVERIFY(Preferences::load() == Preferences());
}

void tst_SettingsDialog::dialogShowsAndReturnsThePreferences()
{
    SettingsDialog dialog(changed(), {u"day"_s, u"night shift"_s});
    QCOMPARE(dialog.dataDirectoryField()->text(), u"/srv/porthole"_s);
    QCOMPARE(dialog.profileBox()->currentText(), u"night shift"_s);
    QCOMPARE(dialog.profileBox()->count(), 3); // Porthole's own store, day, night shift
    QCOMPARE(dialog.themeBox()->currentData().toInt(), int(Preferences::Theme::Dark));
    QCOMPARE(dialog.fontBox()->value(), 13);
    QCOMPARE(dialog.journeyKeysField()->text(), u"flow_id, order_key"_s);
    // What is not a key cannot be typed.
    QTest::keyClicks(dialog.journeyCauseKeysField(), u"')(=;"_s);
    QCOMPARE(dialog.journeyCauseKeysField()->text(), u"caused_by"_s);
    QVERIFY(dialog.preferences() == changed());

    dialog.dataDirectoryField()->setText(u"  /data/p  "_s);
    dialog.profileBox()->setCurrentIndex(0);
    dialog.refreshBox()->setValue(2);
    dialog.staleBox()->setValue(86400);
    dialog.groupMessagesBox()->setValue(20000); // above the range: the highest
    dialog.fontBox()->setValue(dialog.fontBox()->minimum());
    QCOMPARE(dialog.fontBox()->text(), u"As the desktop"_s);
    const Preferences chosen = dialog.preferences();
    QCOMPARE(chosen.dataDirectory, u"/data/p"_s);
    QCOMPARE(chosen.defaultProfile, QString());
    QCOMPARE(chosen.overviewRefreshSeconds, 2);
    QCOMPARE(chosen.staleAfterSeconds, 86400);
    QCOMPARE(chosen.groupMessages, Preferences::maxGroupMessages);
    QCOMPARE(chosen.tableFontPoints, 0);
}

void tst_SettingsDialog::restoreDefaultsFillsInTheDefaults()
{
    SettingsDialog dialog(changed(), {u"night shift"_s});
    QTest::mouseClick(dialog.buttons()->button(QDialogButtonBox::RestoreDefaults), Qt::LeftButton);
    QVERIFY(dialog.preferences() == Preferences());
    QVERIFY(Preferences::load() == Preferences()); // nothing kept before OK
}

void tst_SettingsDialog::aDefaultProfileDeletedSinceIsKeptAndNamed()
{
    SettingsDialog dialog(changed(), {u"day"_s});
    QCOMPARE(dialog.profileBox()->currentText(), u"night shift (no longer there)"_s);
    QCOMPARE(dialog.preferences().defaultProfile, u"night shift"_s);
}

void tst_SettingsDialog::darkThemeAndTableFontApplyToOpenWindows()
{
    QTableView table;
    table.show();
    const QColor desktopWindow = QApplication::palette().color(QPalette::Window);
    const int desktopPoints = table.font().pointSize();

    Preferences preferences;
    preferences.theme = Preferences::Theme::Dark;
    preferences.tableFontPoints = desktopPoints + 5;
    applyAppearance(preferences);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() > 180);
    QTRY_COMPARE(table.palette().color(QPalette::Base), darkPalette().color(QPalette::Base));
    QTRY_COMPARE(table.font().pointSize(), desktopPoints + 5);

    preferences.theme = Preferences::Theme::Light;
    applyAppearance(preferences);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 180);

    applyAppearance(Preferences()); // the desktop's, as it was at the start
    QCOMPARE(QApplication::palette().color(QPalette::Window), desktopWindow);
    QTRY_COMPARE(table.font().pointSize(), desktopPoints);
}

void tst_SettingsDialog::checkBoxesShowInTheDarkTheme()
{
    // The Metrics pane's series: unticked boxes in a list, on the list's base colour.
    Preferences preferences;
    preferences.theme = Preferences::Theme::Dark;
    applyAppearance(preferences);
    QStandardItemModel model;
    auto *item = new QStandardItem(u"latency_ms"_s);
    item->setCheckable(true);
    model.appendRow(item);
    QTreeView tree;
    tree.setModel(&model);
    tree.setHeaderHidden(true);
    tree.resize(240, 80);
    tree.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tree));

    const QRect row = tree.visualRect(model.index(0, 0));
    const QImage image = tree.viewport()->grab(row).toImage();
    const int base = tree.palette().color(QPalette::Base).lightness();
    int lightest = base;
    // The box is at the row's start, before its text.
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < std::min(image.width(), row.height() + 4); ++x)
            lightest = std::max(lightest, image.pixelColor(x, y).lightness());
    }
    applyAppearance(Preferences());
    QVERIFY2(lightest - base >= 60,
             qPrintable(u"the box's frame is %1 lighter than the list"_s.arg(lightest - base)));
}

void tst_SettingsDialog::fieldsLineUpDownTheGroups()
{
    SettingsDialog dialog(changed(), {u"night shift"_s});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // The groups' labels differ in length ("Theme:", "Wait for a group at most:"): their fields
    // start at one x all the same.
    const QList<QWidget *> fields{dialog.profileBox(),       dialog.refreshBox(), dialog.staleBox(),
                                  dialog.groupMessagesBox(), dialog.themeBox(),   dialog.fontBox()};
    const int left = fields.first()->mapTo(&dialog, QPoint(0, 0)).x();
    for (const QWidget *field : fields)
        QCOMPARE(field->mapTo(&dialog, QPoint(0, 0)).x(), left);
    QCOMPARE(porthole::test::labelsShowingTheirAmpersand(dialog), QStringList());
    QCOMPARE(porthole::test::clashingMnemonics(dialog), QStringList());
}

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
