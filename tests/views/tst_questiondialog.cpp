// The question asked before a migration or adoption, with its plan below it; and a pane that
// cannot work on the database open now, which says why in place of its controls.

#include "pane.h"
#include "questiondialog.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_QuestionDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsThePlanAndAnswers_data();
    void showsThePlanAndAnswers();
    void anUnavailablePaneSaysWhy();
};

void tst_QuestionDialog::showsThePlanAndAnswers_data()
{
    QTest::addColumn<QDialogButtonBox::StandardButton>("pressed");
    QTest::addColumn<bool>("answer");
    QTest::newRow("yes") << QDialogButtonBox::Yes << true;
    QTest::newRow("no") << QDialogButtonBox::No << false;
}

void tst_QuestionDialog::showsThePlanAndAnswers()
{
    QFETCH(QDialogButtonBox::StandardButton, pressed);
    QFETCH(bool, answer);
    const QString plan = u"From schema version 0 to 18.\n\nKept as the pipeline made them:\n"
                         "  on checkpoints: index idx_checkpoints_name\n"_s;
    QString shown;
    bool readOnly = false;
    bool yesIsDefault = false;
    // The dialog runs its own event loop: it is answered from there, once it is open.
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *details = dialog->findChild<QPlainTextEdit *>(u"details"_s);
        QVERIFY(details);
        shown = details->toPlainText();
        readOnly = details->isReadOnly();
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        yesIsDefault = buttons->button(QDialogButtonBox::Yes)->isDefault();
        buttons->button(pressed)->click();
    });
    QCOMPARE(askWithDetails(nullptr, u"Adopt the database?"_s, u"Adopt it now?"_s, plan), answer);
    QCOMPARE(shown, plan);
    QVERIFY(readOnly);
    QVERIFY(yesIsDefault);
}

void tst_QuestionDialog::anUnavailablePaneSaysWhy()
{
    Pane pane(u"messages"_s, u"Messages"_s);
    auto *layout = new QVBoxLayout(&pane);
    auto *table = new QTableView;
    layout->addWidget(table);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(pane.unavailableReason().isEmpty());

    QSignalSpy made(&pane, &Pane::madeUnavailable);
    const QString reason = u"This pane reads messages, which this database does not have."_s;
    pane.setUnavailable(reason);
    QCOMPARE(pane.unavailableReason(), reason);
    QCOMPARE(made.count(), 1);
    QVERIFY(!table->isVisible());
    auto *label = pane.findChild<QLabel *>(u"unavailable"_s);
    QVERIFY(label && label->isVisible());
    QVERIFY(label->text().contains(u"Messages"_s) && label->text().contains(u"does not have"_s));

    pane.setUnavailable(u"another reason"_s); // the first one stands
    QCOMPARE(pane.unavailableReason(), reason);
    QCOMPARE(made.count(), 1);
}

QTEST_MAIN(tst_QuestionDialog)
#include "tst_questiondialog.moc"
