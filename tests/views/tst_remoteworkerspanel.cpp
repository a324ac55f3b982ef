#include "overviewpane.h"
#include "remoteworkermodel.h"
#include "remoteworkerspanel.h"
#include "sourcestatusmodel.h"
#include "workerendpoint.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

constexpr int waitMs = 20000;
const QByteArray token = "panel-token-0123456789abcdef";

IngestStats stats(IngestState state)
{
    IngestStats stats;
    stats.state = state;
    stats.stored = 4821;
    stats.ratePerSecond = 96;
    stats.pending = 12;
    stats.source = u"stream porthole:demo on redis://10.0.0.7:6379"_s;
    return stats;
}

// Every value in the settings, as text.
QString settingsText()
{
    QSettings settings;
    QString text;
    const QStringList keys = settings.allKeys();
    for (const QString &key : keys)
        text += key + u'=' + settings.value(key).toString() + u'\n';
    return text;
}

} // namespace

// The Overview's remote workers as an operator uses them: Add worker…, Set token…, Remove,
// against WorkerEndpoints on loopback in this process (real HTTP).
class tst_RemoteWorkersPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void addAWorker();
    void tokenIsAskedEachSession();
    void removeAWorker();
    void inTheOverview();

private:
    RemoteWorkerDialog *openDialog(RemoteWorkersPanel &panel, QPushButton *button);
    QString stateShown(const RemoteWorkersPanel &panel, int row) const;
};

void tst_RemoteWorkersPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PortholeTests"_s);
    QCoreApplication::setApplicationName(u"tst_remoteworkerspanel"_s);
}

void tst_RemoteWorkersPanel::init()
{
    QSettings().clear();
}

RemoteWorkerDialog *tst_RemoteWorkersPanel::openDialog(RemoteWorkersPanel &panel,
                                                       QPushButton *button)
{
    QTest::mouseClick(button, Qt::LeftButton);
    const auto dialogs = panel.findChildren<RemoteWorkerDialog *>();
    for (RemoteWorkerDialog *dialog : dialogs) { // a closed one may wait for its deletion
        if (dialog->isVisible())
            return QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
    }
    return nullptr;
}

QString tst_RemoteWorkersPanel::stateShown(const RemoteWorkersPanel &panel, int row) const
{
    return panel.view()->model()->index(row, RemoteWorkerModel::StateColumn).data().toString();
}

void tst_RemoteWorkersPanel::addAWorker()
{
    WorkerEndpoint endpoint{WorkerEndpointOptions{}};
    QVERIFY(endpoint.listen().ok());
    endpoint.setStats(stats(IngestState::Running));

    RemoteWorkersPanel panel;
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.model()->rowCount(), 0);
    QVERIFY(!panel.view()->isVisible());
    QVERIFY(panel.noteText().contains(u"porthole ingest --listen"_s));
    QVERIFY(!panel.removeButton()->isEnabled());

    RemoteWorkerDialog *dialog = openDialog(panel, panel.addButton());
    QVERIFY(dialog);
    QVERIFY(!dialog->okButton()->isEnabled());
    QTest::keyClicks(dialog->urlField(), u"ftp://nowhere"_s);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(dialog->problemText().contains(u"http://HOST:PORT"_s));
    dialog->urlField()->clear();
    QTest::keyClicks(dialog->urlField(), endpoint.url());
    QVERIFY(dialog->okButton()->isEnabled());
    QTest::keyClicks(dialog->nameField(), u"ingest-7"_s);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);

    QCOMPARE(panel.model()->rowCount(), 1);
    QVERIFY(panel.view()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(stateShown(panel, 0), u"running"_s, waitMs);
    const auto shown = [&panel](int column) {
        return panel.view()->model()->index(0, column).data().toString();
    };
    QCOMPARE(shown(RemoteWorkerModel::WorkerColumn),
             u"ingest-7 (127.0.0.1:%1)"_s.arg(endpoint.port()));
    QCOMPARE(shown(RemoteWorkerModel::RateColumn), u"96/s"_s);
    QCOMPARE(shown(RemoteWorkerModel::PendingColumn), u"12"_s);
    QVERIFY(panel.removeButton()->isEnabled()); // the new worker is selected
    QVERIFY(settingsText().contains(endpoint.url()));
}

void tst_RemoteWorkersPanel::tokenIsAskedEachSession()
{
    WorkerEndpointOptions options;
    options.token = token;
    WorkerEndpoint endpoint(options);
    QVERIFY(endpoint.listen().ok());
    endpoint.setStats(stats(IngestState::Paused));

    {
        RemoteWorkersPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        RemoteWorkerDialog *dialog = openDialog(panel, panel.addButton());
        QVERIFY(dialog);
        QTest::keyClicks(dialog->urlField(), endpoint.url());
        QCOMPARE(dialog->tokenField()->echoMode(), QLineEdit::Password);
        QTest::keyClicks(dialog->tokenField(), QString::fromLatin1(token));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(stateShown(panel, 0), u"paused"_s, waitMs);
    }
    QVERIFY2(!settingsText().contains(QString::fromLatin1(token)),
             "the token never reaches the settings");

    // The next session knows the worker and that it needs a token, and asks for it.
    RemoteWorkersPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->reach(0), RemoteWorkerModel::Reach::TokenNeeded);
    QVERIFY(stateShown(panel, 0).startsWith(u"token needed"_s));
    QVERIFY(!panel.tokenButton()->isEnabled());
    panel.view()->selectRow(0);
    QVERIFY(panel.tokenButton()->isEnabled());

    RemoteWorkerDialog *dialog = openDialog(panel, panel.tokenButton());
    QVERIFY(dialog);
    QVERIFY(dialog->urlField()->isReadOnly());
    QCOMPARE(dialog->urlField()->text(), endpoint.url());
    QTest::keyClicks(dialog->tokenField(), u"not-the-token-0123456789"_s);
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stateShown(panel, 0), u"401 token refused"_s, waitMs);

    dialog = openDialog(panel, panel.tokenButton());
    QVERIFY(dialog);
    QTest::keyClicks(dialog->tokenField(), QString::fromLatin1(token));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stateShown(panel, 0), u"paused"_s, waitMs);
    QVERIFY(!settingsText().contains(QString::fromLatin1(token)));
}

void tst_RemoteWorkersPanel::removeAWorker()
{
    {
        QSettings settings;
        settings.beginWriteArray(u"overview/remoteWorkers"_s, 2);
        settings.setArrayIndex(0);
        settings.setValue(u"url"_s, u"http://127.0.0.1:1"_s);
        settings.setArrayIndex(1);
        settings.setValue(u"url"_s, u"http://127.0.0.1:2"_s);
        settings.endArray();
    }
    RemoteWorkersPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.model()->rowCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(stateShown(panel, 0).startsWith(u"unreachable ("_s), waitMs);

    panel.view()->selectRow(0);
    QTest::mouseClick(panel.removeButton(), Qt::LeftButton);
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->entries().at(0).url, QUrl(u"http://127.0.0.1:2"_s));
    QVERIFY(!settingsText().contains(u"127.0.0.1:1\n"_s));
    QVERIFY(settingsText().contains(u"127.0.0.1:2"_s));

    panel.view()->selectRow(0);
    QTest::mouseClick(panel.removeButton(), Qt::LeftButton);
    QCOMPARE(panel.model()->rowCount(), 0);
    QVERIFY(!panel.view()->isVisible());
    QVERIFY(!settingsText().contains(u"127.0.0.1"_s));
}

void tst_RemoteWorkersPanel::inTheOverview()
{
    SourceStatusModel sources;
    OverviewPane pane(&sources);
    QVERIFY(pane.findChild<RemoteWorkersPanel *>());
}

QTEST_MAIN(tst_RemoteWorkersPanel)
#include "tst_remoteworkerspanel.moc"
