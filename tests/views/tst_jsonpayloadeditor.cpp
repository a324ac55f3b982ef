#include "jsondiffmodel.h"
#include "jsonpayloadeditor.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBlock>

using namespace Qt::StringLiterals;
using namespace porthole;

// The payload editor: where a text fails to parse, whether an edit changes the value, what
// the edit changes.
class tst_JsonPayloadEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsOriginalPrettyPrinted();
    void locatesErrors_data();
    void locatesErrors();
    void marksTheError();
    void checksAfterAPause();
    void changed_data();
    void changed();
    void diffShowsChangedPaths();
    void keepsAnOriginalThatDoesNotParse();
    void reverts();
};

void tst_JsonPayloadEditor::showsOriginalPrettyPrinted()
{
    JsonPayloadEditor editor;
    const QByteArray stored = R"({"order":{"id":7,"items":[1,2]},"note":"ä"})";
    editor.setOriginal(stored);
    QCOMPARE(editor.original(), stored);
    QCOMPARE(editor.text(), u"{\n    \"note\": \"ä\",\n    \"order\": {\n        \"id\": 7,\n"
                            "        \"items\": [\n            1,\n            2\n        ]\n"
                            "    }\n}"_s);
    QVERIFY(editor.isValid());
    QCOMPARE(editor.errorText(), QString());
    QCOMPARE(editor.validationText(), u"Valid JSON"_s);
    QVERIFY(!editor.isChanged());
    QCOMPARE(editor.editedJson(), QByteArray(R"({"note":"ä","order":{"id":7,"items":[1,2]}})"));
    QCOMPARE(editor.textEdit()->font(), QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

void tst_JsonPayloadEditor::locatesErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");   // 0: valid
    QTest::addColumn<int>("column"); // 1-based, in characters
    QTest::addColumn<QString>("message");

    QTest::newRow("object") << u"{\"a\": 1}"_s << 0 << 0 << QString();
    QTest::newRow("array") << u"[1, 2, {\"b\": null}]"_s << 0 << 0 << QString();
    QTest::newRow("bare number") << u" 42 "_s << 0 << 0 << QString();
    QTest::newRow("bare string") << u"\"just text\""_s << 0 << 0 << QString();
    QTest::newRow("bare null") << u"null"_s << 0 << 0 << QString();
    QTest::newRow("missing value") << u"{\"a\": }"_s << 1 << 7 << u"missing value"_s;
    QTest::newRow("missing colon") << u"{\"a\" 1}"_s << 1 << 6 << u"a colon (:) is missing"_s;
    QTest::newRow("misspelt literal") << u"{\"a\": tru}"_s << 1 << 7 << u"not a JSON value"_s;
    // Qt says where such a token went wrong in ways of its own; the column is its start.
    QTest::newRow("misspelt, space after") << u"{\"a\": tru }"_s << 1 << 7 << u"not a JSON value"_s;
    QTest::newRow("misspelt, longer") << u"{\"a\": falsy}"_s << 1 << 7 << u"not a JSON value"_s;
    QTest::newRow("bad number") << u"{\"a\": -}"_s << 1 << 7 << u"not a valid number"_s;
    QTest::newRow("bare misspelt") << u"  nul"_s << 1 << 3 << u"not a JSON value"_s;
    // The value missing after "b": is reported where the object closes, on the next line.
    QTest::newRow("multi-line") << u"{\n  \"a\": 1,\n  \"b\": \n}"_s << 4 << 1
                                << u"missing value"_s;
    QTest::newRow("multi-line value")
        << u"{\n  \"name\": \"x\",\n  \"count\": tru\n}"_s << 3 << 12 << u"not a JSON value"_s;
    // Columns count characters: 名 and 前 are three bytes each in UTF-8, é two.
    QTest::newRow("non-ASCII") << u"{\"名前\": \"é\", \"x\": }"_s << 1 << 18 << QString();
    QTest::newRow("non-ASCII second line") << u"{\"ä\": 1,\n \"ö\": x}"_s << 2 << 7 << QString();
    QTest::newRow("outside the BMP") << u"{\"😀\": nul}"_s << 1 << 7 << u"not a JSON value"_s;
    QTest::newRow("garbage after") << u"{} x"_s << 1 << 4 << u"more text after the end"_s;
    QTest::newRow("two values") << u"1, 2"_s << 1 << 2 << u"more than one value"_s;
    QTest::newRow("empty") << QString() << 1 << 1 << u"no JSON value"_s;
    QTest::newRow("blank lines") << u"\n\n  "_s << 3 << 3 << u"no JSON value"_s;
    QTest::newRow("unterminated string")
        << u"{\"a\": \"x}"_s << 1 << 10 << u"string is not closed"_s;
    QTest::newRow("trailing comma") << u"[1, 2,]"_s << 1 << 7 << u"missing value"_s;
}

void tst_JsonPayloadEditor::locatesErrors()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    JsonPayloadEditor editor;
    editor.setOriginal("{}");
    editor.setText(text);
    editor.validateNow();
    QCOMPARE(editor.text(), text);
    QCOMPARE(editor.isValid(), line == 0);
    QCOMPARE(editor.errorLine(), line);
    QCOMPARE(editor.errorColumn(), column);
    if (line == 0) {
        QCOMPARE(editor.errorText(), QString());
        QCOMPARE(editor.validationText(), u"Valid JSON"_s);
        QVERIFY(!editor.editedJson().isEmpty());
        return;
    }
    const QString prefix = u"Line %1, column %2: "_s.arg(line).arg(column);
    QVERIFY2(editor.errorText().startsWith(prefix), qPrintable(editor.errorText()));
    QVERIFY(editor.errorText().size() > prefix.size()); // and says why
    if (!message.isEmpty())
        QVERIFY2(editor.errorText().contains(message), qPrintable(editor.errorText()));
    QCOMPARE(editor.validationText(), editor.errorText());
    QVERIFY(editor.editedJson().isEmpty());
}

void tst_JsonPayloadEditor::marksTheError()
{
    JsonPayloadEditor editor;
    editor.setOriginal("{}");
    QVERIFY(editor.textEdit()->extraSelections().isEmpty());
    // Line 2, column 7 is the x; before it, "{"ä": 1,\n" is 9 UTF-16 units and " "ö": " 6.
    const QString text = u"{\"ä\": 1,\n \"ö\": x}"_s;
    editor.setText(text);
    editor.validateNow();
    const QList<QTextEdit::ExtraSelection> marks = editor.textEdit()->extraSelections();
    QCOMPARE(marks.size(), 2);
    QVERIFY(marks.at(0).format.property(QTextFormat::FullWidthSelection).toBool());
    QCOMPARE(marks.at(0).cursor.block().blockNumber(), 1); // the line
    QCOMPARE(marks.at(1).cursor.selectionStart(), text.indexOf(u'x'));
    QCOMPARE(marks.at(1).cursor.selectedText(), u"x"_s);

    // An error at the very end marks the last character.
    editor.setText(u"[1, 2"_s);
    editor.validateNow();
    const QList<QTextEdit::ExtraSelection> atEnd = editor.textEdit()->extraSelections();
    QCOMPARE(atEnd.size(), 2);
    QCOMPARE(atEnd.at(1).cursor.selectedText(), u"2"_s);

    editor.setText(u"[1, 2]"_s);
    editor.validateNow();
    QVERIFY(editor.textEdit()->extraSelections().isEmpty());
}

void tst_JsonPayloadEditor::checksAfterAPause()
{
    JsonPayloadEditor editor;
    editor.setOriginal(R"({"a": 1})");
    QSignalSpy validity(&editor, &JsonPayloadEditor::validityChanged);
    QSignalSpy changed(&editor, &JsonPayloadEditor::changed);

    // Typing: checked once, a moment after the last key.
    QTest::keyClicks(editor.textEdit(), u"x"_s);
    QTest::keyClicks(editor.textEdit(), u"y"_s);
    QVERIFY(editor.isValid()); // not checked yet
    QCOMPARE(changed.size(), 0);
    QVERIFY(changed.wait(2000));
    QCOMPARE(changed.size(), 1);
    QVERIFY(!editor.isValid());
    QCOMPARE(validity.size(), 1);
    QCOMPARE(validity.at(0).at(0).toBool(), false);
    QVERIFY(editor.isChanged());

    // Still invalid after another edit: no second validityChanged.
    editor.setText(u"{\"a\": }"_s);
    QVERIFY(changed.wait(2000));
    QCOMPARE(validity.size(), 1);
    QCOMPARE(editor.errorText(), u"Line 1, column 7: missing value"_s);

    editor.setText(u"{\"a\": 2}"_s);
    QVERIFY(changed.wait(2000));
    QCOMPARE(validity.size(), 2);
    QCOMPARE(validity.at(1).at(0).toBool(), true);
    QVERIFY(editor.isValid());
    QCOMPARE(editor.editedJson(), QByteArray(R"({"a":2})"));

    // validateNow() checks at once, and the pending check does not run again.
    editor.setText(u"[]"_s);
    editor.validateNow();
    QCOMPARE(changed.size(), 4);
    QVERIFY(!changed.wait(400));
    QCOMPARE(changed.size(), 4);
}

void tst_JsonPayloadEditor::changed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("changed");
    QTest::addColumn<QByteArray>("edited");

    QTest::newRow("as shown") << u"{\n    \"a\": 1,\n    \"b\": [1, 2]\n}"_s << false
                              << QByteArray(R"({"a":1,"b":[1,2]})");
    QTest::newRow("compact, reordered")
        << u"{\"b\":[1,2],\"a\":1}"_s << false << QByteArray(R"({"a":1,"b":[1,2]})");
    QTest::newRow("white space only") << u"  {  \"a\"\t: 1 ,\n\n \"b\" : [ 1 , 2 ] }  "_s << false
                                      << QByteArray(R"({"a":1,"b":[1,2]})");
    QTest::newRow("same number, other form")
        << u"{\"a\": 1.0, \"b\": [1, 2e0]}"_s << false << QByteArray(R"({"a":1,"b":[1,2]})");
    QTest::newRow("value changed")
        << u"{\"a\": 2, \"b\": [1, 2]}"_s << true << QByteArray(R"({"a":2,"b":[1,2]})");
    QTest::newRow("type changed") << u"{\"a\": \"1\", \"b\": [1, 2]}"_s << true
                                  << QByteArray(R"({"a":"1","b":[1,2]})");
    QTest::newRow("element order")
        << u"{\"a\": 1, \"b\": [2, 1]}"_s << true << QByteArray(R"({"a":1,"b":[2,1]})");
    QTest::newRow("member added") << u"{\"a\": 1, \"b\": [1, 2], \"c\": null}"_s << true
                                  << QByteArray(R"({"a":1,"b":[1,2],"c":null})");
    QTest::newRow("does not parse") << u"{\"a\": 1, \"b\": [1, 2]"_s << true << QByteArray();
}

void tst_JsonPayloadEditor::changed()
{
    QFETCH(QString, text);
    QFETCH(bool, changed);
    QFETCH(QByteArray, edited);

    JsonPayloadEditor editor;
    editor.setOriginal(R"({"b": [1, 2], "a": 1})");
    QVERIFY(!editor.isChanged());
    editor.setText(text);
    editor.validateNow();
    QCOMPARE(editor.isChanged(), changed);
    QCOMPARE(editor.editedJson(), edited);
}

void tst_JsonPayloadEditor::diffShowsChangedPaths()
{
    JsonPayloadEditor editor;
    editor.setOriginal(R"({"id": 7, "order": {"qty": 2, "sku": "A-1"}, "tags": ["x"]})");
    JsonDiffModel *diff = editor.diffModel();
    QCOMPARE(diff->rowCount(), 0);
    QCOMPARE(editor.changesHeading(), u"Changes"_s);

    editor.setText(
        u"{\"id\": 7, \"order\": {\"qty\": 3, \"sku\": \"A-1\"}, \"note\": \"by hand\"}"_s);
    editor.validateNow();
    QStringList rows;
    for (int row = 0; row < diff->rowCount(); ++row)
        rows << diff->index(row, JsonDiffModel::ChangeColumn).data().toString() + u' ' +
                    diff->index(row, JsonDiffModel::PathColumn).data().toString() + u' ' +
                    diff->index(row, JsonDiffModel::OldColumn).data().toString() + u" -> "_s +
                    diff->index(row, JsonDiffModel::NewColumn).data().toString();
    QCOMPARE(rows, (QStringList{u"Changed $.order.qty 2 -> 3"_s, u"Removed $.tags [\"x\"] -> "_s,
                                u"Added $.note  -> \"by hand\""_s}));
    QCOMPARE(editor.changesHeading(),
             u"Changes against the saved version: 1 added, 1 removed, 1 changed"_s);
    QVERIFY(editor.diffView()->isVisibleTo(&editor));

    // While the text does not parse, the differences wait.
    editor.setText(u"{\"id\": "_s);
    editor.validateNow();
    QCOMPARE(diff->rowCount(), 0);
    QVERIFY(!editor.diffView()->isVisibleTo(&editor));

    // White space only: nothing to show.
    editor.setText(u"{\"tags\":[\"x\"],\"order\":{\"sku\":\"A-1\",\"qty\":2},\"id\":7}"_s);
    editor.validateNow();
    QCOMPARE(diff->rowCount(), 0);
    QVERIFY(!editor.isChanged());
}

void tst_JsonPayloadEditor::keepsAnOriginalThatDoesNotParse()
{
    JsonPayloadEditor editor;
    QSignalSpy validity(&editor, &JsonPayloadEditor::validityChanged);
    editor.setOriginal("{\"a\": 1");
    QCOMPARE(editor.text(), u"{\"a\": 1"_s); // as stored, to be mended
    QVERIFY(!editor.isValid());
    QVERIFY(!editor.isChanged());
    QVERIFY(editor.errorText().startsWith(u"Line 1, column "_s));

    editor.setText(u"{\"a\": 1}"_s);
    editor.validateNow();
    QVERIFY(editor.isValid());
    QVERIFY(editor.isChanged()); // anything valid mends it
    QCOMPARE(editor.diffModel()->rowCount(), 0);
    QCOMPARE(validity.size(), 1);
    QCOMPARE(validity.at(0).at(0).toBool(), true);
}

void tst_JsonPayloadEditor::reverts()
{
    JsonPayloadEditor editor;
    editor.setOriginal(R"({"a": 1})");
    const QString shown = editor.text();
    editor.setText(u"{\"a\": 2}"_s);
    editor.validateNow();
    QVERIFY(editor.isChanged());
    editor.revert();
    QCOMPARE(editor.text(), shown);
    QVERIFY(!editor.isChanged());
    // Undo takes the operator back to their edit.
    editor.textEdit()->undo();
    editor.validateNow();
    QCOMPARE(editor.text(), u"{\"a\": 2}"_s);
    QVERIFY(editor.isChanged());
}

QTEST_MAIN(tst_JsonPayloadEditor)
#include "tst_jsonpayloadeditor.moc"
