#include "jsondiff.h"
#include "jsondiffmodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_JsonDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diff_data();
    void diff();
    void carriesWholeValues();
    void model();
    void modelShortensLongValues();
    void counts();
    void modelResets();

private:
    // A value from its JSON text; empty text stands for a missing value (undefined).
    static QJsonValue value(const QByteArray &json)
    {
        if (json.isEmpty())
            return QJsonValue::Undefined;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson('[' + json + ']', &error);
        if (error.error != QJsonParseError::NoError)
            qFatal("test JSON does not parse: %s", qPrintable(error.errorString()));
        return document.array().at(0);
    }

    // One difference a line, "Kind path old new", missing values left empty: failures print
    // the two lists readably.
    static QStringList lines(const QList<JsonDifference> &differences)
    {
        QStringList result;
        for (const JsonDifference &d : differences)
            result << JsonDiffModel::kindName(d.kind) % u' ' % d.path % u' ' %
                          jsonCompactText(d.oldValue) % u' ' % jsonCompactText(d.newValue);
        return result;
    }
};

void tst_JsonDiff::diff_data()
{
    QTest::addColumn<QByteArray>("oldJson");
    QTest::addColumn<QByteArray>("newJson");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("equal objects")
        << QByteArray(R"({"a":[1,{"b":null}],"c":"x"})")
        << QByteArray(R"({"c":"x","a":[1,{"b":null}]})") << QStringList{};
    QTest::newRow("empty objects") << QByteArray("{}") << QByteArray("{}") << QStringList{};
    QTest::newRow("empty arrays") << QByteArray("[]") << QByteArray("[]") << QStringList{};
    QTest::newRow("empty object becomes empty array")
        << QByteArray("{}") << QByteArray("[]") << QStringList{u"Changed $ {} []"_s};
    QTest::newRow("scalar root") << QByteArray("1") << QByteArray("2")
                                 << QStringList{u"Changed $ 1 2"_s};
    QTest::newRow("integer equals decimal")
        << QByteArray(R"({"n":1})") << QByteArray(R"({"n":1.0})") << QStringList{};
    QTest::newRow("number becomes string") << QByteArray(R"({"n":1})") << QByteArray(R"({"n":"1"})")
                                           << QStringList{uR"(Changed $.n 1 "1")"_s};
    QTest::newRow("bool becomes number") << QByteArray(R"({"b":true})") << QByteArray(R"({"b":1})")
                                         << QStringList{u"Changed $.b true 1"_s};
    QTest::newRow("null member removed")
        << QByteArray(R"({"a":null})") << QByteArray("{}") << QStringList{u"Removed $.a null "_s};
    QTest::newRow("null member added")
        << QByteArray("{}") << QByteArray(R"({"a":null})") << QStringList{u"Added $.a  null"_s};
    QTest::newRow("null becomes value") << QByteArray(R"({"a":null})") << QByteArray(R"({"a":0})")
                                        << QStringList{u"Changed $.a null 0"_s};
    QTest::newRow("object becomes array")
        << QByteArray(R"({"a":{"x":1}})") << QByteArray(R"({"a":[1]})")
        << QStringList{uR"(Changed $.a {"x":1} [1])"_s};
    QTest::newRow("added container is one entry")
        << QByteArray("{}") << QByteArray(R"({"a":{"b":[1,2]}})")
        << QStringList{uR"(Added $.a  {"b":[1,2]})"_s};
    QTest::newRow("removed container is one entry")
        << QByteArray(R"({"a":[[1],[2]]})") << QByteArray("{}")
        << QStringList{u"Removed $.a [[1],[2]] "_s};
    QTest::newRow("array grows") << QByteArray("[1,2]") << QByteArray("[1,2,3,4]")
                                 << QStringList{u"Added $[2]  3"_s, u"Added $[3]  4"_s};
    QTest::newRow("array shrinks") << QByteArray("[1,2,3]") << QByteArray("[1]")
                                   << QStringList{u"Removed $[1] 2 "_s, u"Removed $[2] 3 "_s};
    QTest::newRow("insertion at the front compares by index")
        << QByteArray("[1,2]") << QByteArray("[0,1,2]")
        << QStringList{u"Changed $[0] 1 0"_s, u"Changed $[1] 2 1"_s, u"Added $[2]  2"_s};
    QTest::newRow("nested arrays")
        << QByteArray("[[1,2],[3]]") << QByteArray("[[1,3],[3,[4]]]")
        << QStringList{u"Changed $[0][1] 2 3"_s, u"Added $[1][1]  [4]"_s};
    QTest::newRow("awkward keys") << QByteArray(R"({"a.b":1,"q\"":2,"clé":3,"":4,"0":5})")
                                  << QByteArray(R"({"a.b":2,"q\"":2,"clé":4,"":5,"0":5})")
                                  << QStringList{uR"(Changed $."" 4 5)"_s,
                                                 uR"(Changed $."a.b" 1 2)"_s,
                                                 uR"(Changed $."clé" 3 4)"_s};
    // Old members in order (recursing), then additions; "a" is new, so it comes after "c".
    QTest::newRow("old order then additions")
        << QByteArray(R"({"b":1,"c":{"x":1},"e":[1]})")
        << QByteArray(R"({"a":1,"c":{"x":2,"y":3},"d":4,"e":[1,{"k":"v"}]})")
        << QStringList{u"Removed $.b 1 "_s, u"Changed $.c.x 1 2"_s,
                       u"Added $.c.y  3"_s, uR"(Added $.e[1]  {"k":"v"})"_s,
                       u"Added $.a  1"_s,   u"Added $.d  4"_s};
    QTest::newRow("deep change in mixed nesting")
        << QByteArray(R"({"list":[{"items":[{"id":1,"tags":["x"]}]}]})")
        << QByteArray(R"({"list":[{"items":[{"id":1,"tags":["y"]}]}]})")
        << QStringList{uR"(Changed $.list[0].items[0].tags[0] "x" "y")"_s};
    QTest::newRow("string change")
        << QByteArray(R"({"s":"héllo"})") << QByteArray(R"({"s":"hello"})")
        << QStringList{uR"(Changed $.s "héllo" "hello")"_s};
    QTest::newRow("missing becomes value")
        << QByteArray() << QByteArray("{}") << QStringList{u"Added $  {}"_s};
    QTest::newRow("value becomes missing")
        << QByteArray("[1]") << QByteArray() << QStringList{u"Removed $ [1] "_s};
    QTest::newRow("both missing") << QByteArray() << QByteArray() << QStringList{};
}

void tst_JsonDiff::diff()
{
    QFETCH(QByteArray, oldJson);
    QFETCH(QByteArray, newJson);
    QFETCH(QStringList, expected);

    QCOMPARE(lines(diffJson(value(oldJson), value(newJson))), expected);
    // The other way round gives the opposite changes: added for removed, old for new.
    QList<JsonDifference> opposite = diffJson(value(oldJson), value(newJson));
    for (JsonDifference &d : opposite) {
        if (d.kind != JsonDifference::Kind::Changed)
            d.kind = d.kind == JsonDifference::Kind::Added ? JsonDifference::Kind::Removed
                                                           : JsonDifference::Kind::Added;
        std::swap(d.oldValue, d.newValue);
    }
    QStringList reverse = lines(diffJson(value(newJson), value(oldJson)));
    QStringList mirrored = lines(opposite);
    // Only the order may differ, as additions come after the members of the old value.
    reverse.sort();
    mirrored.sort();
    QCOMPARE(reverse, mirrored);
}

void tst_JsonDiff::carriesWholeValues()
{
    const QList<JsonDifference> differences =
        diffJson(value(R"({"gone":{"x":1},"same":2,"kept":"1"})"),
                 value(R"({"same":2,"kept":1,"new":[true]})"));
    const QList<JsonDifference> expected{
        {JsonDifference::Kind::Removed, uR"($.gone)"_s, value(R"({"x":1})"), QJsonValue::Undefined},
        {JsonDifference::Kind::Changed, u"$.kept"_s, QJsonValue(u"1"_s), QJsonValue(1)},
        {JsonDifference::Kind::Added, u"$.new"_s, QJsonValue::Undefined, value("[true]")},
    };
    QCOMPARE(differences.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(differences[i].kind, expected[i].kind);
        QCOMPARE(differences[i].path, expected[i].path);
        QCOMPARE(differences[i].oldValue, expected[i].oldValue);
        QCOMPARE(differences[i].newValue, expected[i].newValue);
        // Missing stays distinguishable from null.
        QCOMPARE(differences[i].oldValue.isUndefined(), expected[i].oldValue.isUndefined());
        QCOMPARE(differences[i].newValue.isUndefined(), expected[i].newValue.isUndefined());
    }
    QVERIFY(differences == expected);
}

void tst_JsonDiff::counts()
{
    JsonDiffModel model;
    // Two removed, one changed, three added: each kind counted apart.
    model.compare(value(R"({"a":1,"b":2,"c":3})"), value(R"({"c":4,"d":5,"e":6,"f":7})"));
    const JsonDiffModel::Counts counts = model.counts();
    QCOMPARE(counts.removed, 2);
    QCOMPARE(counts.changed, 1);
    QCOMPARE(counts.added, 3);
    model.clear();
    const JsonDiffModel::Counts none = model.counts();
    QCOMPARE(none.added + none.removed + none.changed, 0);
}

void tst_JsonDiff::model()
{
    JsonDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(JsonDiffModel::ColumnCount));

    model.compare(value(R"({"a":1,"b":{"c":"x"}})"), value(R"({"b":{"c":"y"},"d":null})"));
    QCOMPARE(model.rowCount(), 3);

    const QStringList headers{u"Change"_s, u"Path"_s, u"Old"_s, u"New"_s};
    for (int column = 0; column < JsonDiffModel::ColumnCount; ++column)
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), headers[column]);

    // Removed $.a 1 | Changed $.b.c "x" "y" | Added $.d null
    QCOMPARE(model.index(0, JsonDiffModel::ChangeColumn).data().toString(), u"Removed"_s);
    QCOMPARE(model.index(0, JsonDiffModel::PathColumn).data().toString(), u"$.a"_s);
    QCOMPARE(model.index(0, JsonDiffModel::OldColumn).data().toString(), u"1"_s);
    QVERIFY(!model.index(0, JsonDiffModel::NewColumn).data().isValid());
    QVERIFY(
        !model.index(0, JsonDiffModel::NewColumn).data(JsonDiffModel::CompactJsonRole).isValid());

    QCOMPARE(model.index(1, JsonDiffModel::ChangeColumn).data().toString(), u"Changed"_s);
    QCOMPARE(model.index(1, JsonDiffModel::PathColumn).data().toString(), u"$.b.c"_s);
    QCOMPARE(model.index(1, JsonDiffModel::OldColumn).data().toString(), uR"("x")"_s);
    QCOMPARE(model.index(1, JsonDiffModel::NewColumn).data().toString(), uR"("y")"_s);

    QCOMPARE(model.index(2, JsonDiffModel::ChangeColumn).data().toString(), u"Added"_s);
    QVERIFY(!model.index(2, JsonDiffModel::OldColumn).data().isValid());
    // null is a value, not a missing one: it shows.
    QCOMPARE(model.index(2, JsonDiffModel::NewColumn).data().toString(), u"null"_s);
    QCOMPARE(model.index(2, JsonDiffModel::NewColumn).data(JsonDiffModel::CompactJsonRole),
             QVariant(u"null"_s));

    for (int row = 0; row < 3; ++row) {
        QCOMPARE(model.index(row, JsonDiffModel::OldColumn).data(JsonDiffModel::KindRole).toInt(),
                 int(model.differences().at(row).kind));
        QCOMPARE(model.index(row, JsonDiffModel::NewColumn).data(JsonDiffModel::PathRole),
                 model.index(row, JsonDiffModel::PathColumn).data());
    }
    // Each kind has its own colour.
    const auto colour = [&](int row) {
        return model.index(row, JsonDiffModel::ChangeColumn)
            .data(Qt::ForegroundRole)
            .value<QBrush>()
            .color();
    };
    QVERIFY(colour(0).isValid() && colour(1).isValid() && colour(2).isValid());
    QVERIFY(colour(0) != colour(1) && colour(1) != colour(2) && colour(0) != colour(2));
}

void tst_JsonDiff::modelShortensLongValues()
{
    JsonDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QString longText(5000, u'z');
    model.compare(QJsonValue(u"short"_s), QJsonValue(longText));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex newCell = model.index(0, JsonDiffModel::NewColumn);
    QVERIFY(newCell.data().toString().size() < 1000);
    QVERIFY(newCell.data().toString().startsWith(u"\"zzz"_s));
    QCOMPARE(newCell.data(JsonDiffModel::CompactJsonRole).toString(), u'"' % longText % u'"');
}

void tst_JsonDiff::modelResets()
{
    JsonDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.compare(value("[1,2,3]"), value("[]"));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    model.compare(value(R"({"a":1})"), value(R"({"a":2})"));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, JsonDiffModel::PathColumn).data().toString(), u"$.a"_s);
    model.compare(value("{}"), value("{}"));
    QCOMPARE(reset.size(), 3);
    QCOMPARE(model.rowCount(), 0);
    model.setDifferences({{JsonDifference::Kind::Added, u"$.x"_s, QJsonValue::Undefined, true}});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, JsonDiffModel::NewColumn).data().toString(), u"true"_s);
    model.clear();
    QCOMPARE(reset.size(), 5);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_JsonDiff)
#include "tst_jsondiff.moc"
