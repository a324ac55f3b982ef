#include "jsontreemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace porthole;

class tst_JsonTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsEmpty();
    void showsTree();
    void paths_data();
    void paths();
    void values_data();
    void values();
    void resets();
    void showsScalarValue();
    void largeDocumentIsLinear();

private:
    static QJsonDocument parse(const QByteArray &json)
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError)
            qFatal("test JSON does not parse: %s", qPrintable(error.errorString()));
        return document;
    }

    // Follows the Key column texts from the root row down; an invalid index if one is missing.
    static QModelIndex find(const QAbstractItemModel &model, const QStringList &keys)
    {
        QModelIndex current = model.index(0, 0);
        for (const QString &key : keys) {
            QModelIndex next;
            for (int row = 0; row < model.rowCount(current) && !next.isValid(); ++row) {
                const QModelIndex child = model.index(row, JsonTreeModel::KeyColumn, current);
                if (child.data().toString() == key)
                    next = child;
            }
            if (!next.isValid())
                return {};
            current = next;
        }
        return current;
    }
};

void tst_JsonTreeModel::startsEmpty()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(JsonTreeModel::ColumnCount));
    QVERIFY(!model.index(0, 0).isValid());
    QCOMPARE(model.headerData(JsonTreeModel::KeyColumn, Qt::Horizontal).toString(), u"Key"_s);
    QCOMPARE(model.headerData(JsonTreeModel::ValueColumn, Qt::Horizontal).toString(), u"Value"_s);
    QCOMPARE(model.headerData(JsonTreeModel::TypeColumn, Qt::Horizontal).toString(), u"Type"_s);
}

void tst_JsonTreeModel::showsTree()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDocument(parse(R"({"name":"cp","items":[10,"x",null,[]],"empty":{}})"));

    QCOMPARE(model.rowCount(), 1);
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.data().toString(), u"$"_s);
    QCOMPARE(model.index(0, JsonTreeModel::TypeColumn).data().toString(), u"object"_s);
    QCOMPARE(model.index(0, JsonTreeModel::ValueColumn).data().toString(), u"{3 keys}"_s);
    QVERIFY(!model.parent(root).isValid());

    // QJsonObject keeps its members sorted by key; the tree shows them in that order.
    QCOMPARE(model.rowCount(root), 3);
    QCOMPARE(model.index(0, 0, root).data().toString(), u"empty"_s);
    QCOMPARE(model.index(1, 0, root).data().toString(), u"items"_s);
    QCOMPARE(model.index(2, 0, root).data().toString(), u"name"_s);

    const QModelIndex items = model.index(1, 0, root);
    QCOMPARE(model.parent(items), root);
    QCOMPARE(model.index(1, JsonTreeModel::ValueColumn, root).data().toString(), u"[4 items]"_s);
    QCOMPARE(model.rowCount(items), 4);
    const QStringList keys{u"[0]"_s, u"[1]"_s, u"[2]"_s, u"[3]"_s};
    const QStringList values{u"10"_s, u"x"_s, u"null"_s, u"[]"_s};
    const QStringList types{u"number"_s, u"string"_s, u"null"_s, u"array"_s};
    for (int row = 0; row < 4; ++row) {
        QCOMPARE(model.index(row, JsonTreeModel::KeyColumn, items).data().toString(), keys[row]);
        QCOMPARE(model.index(row, JsonTreeModel::ValueColumn, items).data().toString(),
                 values[row]);
        QCOMPARE(model.index(row, JsonTreeModel::TypeColumn, items).data().toString(), types[row]);
        QCOMPARE(model.parent(model.index(row, 0, items)), items);
    }
    QVERIFY(!model.hasChildren(model.index(3, 0, items)));
    QVERIFY(!model.hasChildren(model.index(0, 0, root)));
    QVERIFY(model.hasChildren(items));
    // Only the first column has children, as in every tree model.
    QCOMPARE(model.rowCount(model.index(1, JsonTreeModel::ValueColumn, root)), 0);
    QCOMPARE(model.index(0, JsonTreeModel::KeyColumn, items).data(Qt::ToolTipRole).toString(),
             u"$.items[0]"_s);
}

void tst_JsonTreeModel::paths_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("path");

    QTest::newRow("root") << QByteArray(R"({"a":1})") << QStringList{} << u"$"_s;
    QTest::newRow("nested members and an index")
        << QByteArray(R"({"a":{"b":[0,1,{"key with space":true}]}})")
        << QStringList{u"a"_s, u"b"_s, u"[2]"_s, u"key with space"_s}
        << uR"($.a.b[2]."key with space")"_s;
    QTest::newRow("identifier with underscore and digits")
        << QByteArray(R"({"_id9":1})") << QStringList{u"_id9"_s} << u"$._id9"_s;
    QTest::newRow("key with a dot")
        << QByteArray(R"({"a.b":1})") << QStringList{u"a.b"_s} << uR"($."a.b")"_s;
    QTest::newRow("key with quotes") << QByteArray(R"({"say \"hi\"":1})")
                                     << QStringList{uR"(say "hi")"_s} << uR"($."say \"hi\"")"_s;
    QTest::newRow("key with a backslash")
        << QByteArray(R"({"a\\b":1})") << QStringList{uR"(a\b)"_s} << uR"($."a\\b")"_s;
    QTest::newRow("key with a newline")
        << QByteArray(R"({"a\nb":1})") << QStringList{u"a\nb"_s} << uR"($."a\nb")"_s;
    QTest::newRow("unicode key") << QByteArray(R"({"clé":{"名前":1}})")
                                 << QStringList{u"clé"_s, u"名前"_s} << uR"($."clé"."名前")"_s;
    QTest::newRow("digits-only key is not an index")
        << QByteArray(R"({"0":1})") << QStringList{u"0"_s} << uR"($."0")"_s;
    QTest::newRow("key starting with a digit")
        << QByteArray(R"({"9lives":1})") << QStringList{u"9lives"_s} << uR"($."9lives")"_s;
    QTest::newRow("empty key") << QByteArray(R"({"":{"x":1}})") << QStringList{u""_s, u"x"_s}
                               << uR"($."".x)"_s;
    QTest::newRow("nested arrays")
        << QByteArray(R"([[1,[2,[3]]]])") << QStringList{u"[0]"_s, u"[1]"_s, u"[1]"_s, u"[0]"_s}
        << u"$[0][1][1][0]"_s;
    QTest::newRow("array in object in array")
        << QByteArray(R"([{"list":[null,{"k":false}]}])")
        << QStringList{u"[0]"_s, u"list"_s, u"[1]"_s, u"k"_s} << u"$[0].list[1].k"_s;
}

void tst_JsonTreeModel::paths()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, keys);
    QFETCH(QString, path);

    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDocument(parse(json));
    const QModelIndex item = find(model, keys);
    QVERIFY(item.isValid());
    QCOMPARE(model.path(item), path);
    QCOMPARE(item.data(JsonTreeModel::PathRole).toString(), path);
    // Every column of a row names the same item.
    QCOMPARE(item.siblingAtColumn(JsonTreeModel::TypeColumn).data(JsonTreeModel::PathRole),
             QVariant(path));
}

void tst_JsonTreeModel::values_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("compact");

    // Each row's value is the member "v" of {"v": ...}.
    QTest::newRow("string") << QByteArray(R"("text")") << u"text"_s << u"string"_s
                            << uR"("text")"_s;
    QTest::newRow("string with quotes and unicode")
        << QByteArray(R"("say \"hé\"\n")") << u"say \"hé\"\n"_s << u"string"_s
        << uR"("say \"hé\"\n")"_s;
    QTest::newRow("string that looks like a number")
        << QByteArray(R"("1")") << u"1"_s << u"string"_s << uR"("1")"_s;
    QTest::newRow("integer") << QByteArray("1") << u"1"_s << u"number"_s << u"1"_s;
    QTest::newRow("negative decimal")
        << QByteArray("-2.5") << u"-2.5"_s << u"number"_s << u"-2.5"_s;
    QTest::newRow("large integer") << QByteArray("12345678901234") << u"12345678901234"_s
                                   << u"number"_s << u"12345678901234"_s;
    QTest::newRow("true") << QByteArray("true") << u"true"_s << u"bool"_s << u"true"_s;
    QTest::newRow("false") << QByteArray("false") << u"false"_s << u"bool"_s << u"false"_s;
    QTest::newRow("null") << QByteArray("null") << u"null"_s << u"null"_s << u"null"_s;
    QTest::newRow("empty object") << QByteArray("{}") << u"{}"_s << u"object"_s << u"{}"_s;
    QTest::newRow("empty array") << QByteArray("[]") << u"[]"_s << u"array"_s << u"[]"_s;
    QTest::newRow("object of one") << QByteArray(R"({ "a" : [ 1 , 2 ] })") << u"{1 key}"_s
                                   << u"object"_s << uR"({"a":[1,2]})"_s;
    QTest::newRow("array") << QByteArray(R"([1, "two", {"three": 3}])") << u"[3 items]"_s
                           << u"array"_s << uR"([1,"two",{"three":3}])"_s;
}

void tst_JsonTreeModel::values()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, display);
    QFETCH(QString, type);
    QFETCH(QString, compact);

    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setDocument(parse("{\"v\":" + json + '}'));
    const QModelIndex item = find(model, {u"v"_s});
    QVERIFY(item.isValid());
    QCOMPARE(item.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), display);
    QCOMPARE(item.siblingAtColumn(JsonTreeModel::TypeColumn).data().toString(), type);
    QCOMPARE(model.compactJson(item), compact);
    QCOMPARE(item.data(JsonTreeModel::CompactJsonRole).toString(), compact);
    // The compact text is JSON that reads back as the same value.
    const QJsonValue again = parse("[" + compact.toUtf8() + ']').array().at(0);
    QCOMPARE(again, model.value(item));
    QCOMPARE(item.data(JsonTreeModel::JsonValueRole).value<QJsonValue>(), model.value(item));
}

void tst_JsonTreeModel::resets()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.setDocument(parse(R"({"a":{"b":[1,2,3]},"c":[{"d":null}]})"));
    QCOMPARE(reset.size(), 1);
    const QModelIndex b = find(model, {u"a"_s, u"b"_s});
    QVERIFY(b.isValid());
    QCOMPARE(model.rowCount(b), 3);

    // A smaller document after children were created: nothing of the old one may show.
    model.setDocument(parse(R"([true])"));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, JsonTreeModel::TypeColumn).data().toString(), u"array"_s);
    QCOMPARE(model.rowCount(model.index(0, 0)), 1);
    QCOMPARE(model.index(0, JsonTreeModel::ValueColumn, model.index(0, 0)).data().toString(),
             u"true"_s);
    QVERIFY(!find(model, {u"a"_s}).isValid());

    model.setDocument(QJsonDocument());
    QCOMPARE(reset.size(), 3);
    QCOMPARE(model.rowCount(), 0);

    model.setDocument(parse(R"({"a":{"b":[1,2,3]}})"));
    model.clear();
    QCOMPARE(reset.size(), 5);
    QCOMPARE(model.rowCount(), 0);
}

void tst_JsonTreeModel::showsScalarValue()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setValue(QJsonValue(u"x"_s));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QCOMPARE(model.path(model.index(0, 0)), u"$"_s);
    QCOMPARE(model.compactJson(model.index(0, 0)), uR"("x")"_s);

    // JSON null is a value, shown as a row; only an undefined value leaves the model empty.
    model.setValue(QJsonValue::Null);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, JsonTreeModel::TypeColumn).data().toString(), u"null"_s);
    model.setValue(QJsonValue::Undefined);
    QCOMPARE(model.rowCount(), 0);
}

// Work that grew with the square of the item count (420,000 items here) would take hours and
// run into the test's time limit; linear work takes seconds.
void tst_JsonTreeModel::largeDocumentIsLinear()
{
    // About 10 MB: one large array, one object with many members and long strings, the
    // shapes that a per-item cost growing with the number of siblings would make slow.
    constexpr int Records = 60000;
    QByteArray json;
    json.reserve(11 * 1024 * 1024);
    json += R"({"records":[)";
    for (int i = 0; i < Records; ++i) {
        if (i > 0)
            json += ',';
        json += R"({"id":)" + QByteArray::number(i) + R"(,"name":"record )" +
                QByteArray::number(i) + R"(","tags":["a","b"],"payload":")" + QByteArray(120, 'x') +
                R"("})";
    }
    json += R"(],"index":{)";
    for (int i = 0; i < Records; ++i) {
        if (i > 0)
            json += ',';
        json += "\"key " + QByteArray::number(i) + "\":" + QByteArray::number(i);
    }
    json += "}}";
    QVERIFY2(json.size() > 10 * 1000 * 1000, QByteArray::number(json.size()).constData());
    const QJsonDocument document = parse(json);

    JsonTreeModel model;
    model.setDocument(document);

    // Visit every item the way an expanded view would, reading every column.
    qsizetype visited = 0;
    QString lastPath;
    std::vector<QModelIndex> pending{model.index(0, 0)};
    while (!pending.empty()) {
        const QModelIndex item = pending.back();
        pending.pop_back();
        ++visited;
        for (int column = 0; column < JsonTreeModel::ColumnCount; ++column)
            QVERIFY(!item.siblingAtColumn(column).data().toString().isNull());
        QCOMPARE(model.parent(model.index(item.row(), 0, model.parent(item))), model.parent(item));
        for (int row = model.rowCount(item) - 1; row >= 0; --row)
            pending.push_back(model.index(row, 0, item));
        lastPath = model.path(item);
    }

    // Root, 2 containers, per record 1 object + 4 members + 2 tags, per index member 1.
    QCOMPARE(visited, qsizetype(1 + 2 + Records * 7 + Records));
    QCOMPARE(lastPath, u"$.records[59999].tags[1]"_s);
    const QModelIndex last = find(model, {u"index"_s, u"key 59999"_s});
    QCOMPARE(model.path(last), uR"($.index."key 59999")"_s);
}

QTEST_GUILESS_MAIN(tst_JsonTreeModel)
#include "tst_jsontreemodel.moc"
