#pragma once

#include <QByteArray>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;

namespace porthole {

class PayloadView;
class RedisBrowser;
class RedisValueModel;
class ScannedValueModel;
class SortedSetModel;
class StringRangeModel;

// One hash, set, sorted set or string in the Redis pane: a line atop with its size (HLEN, SCARD,
// ZCARD, STRLEN) and how much of it was read; its elements a page at a time (a string's bytes
// a range at a time: whole when it is small), and beside them the value selected, shown as a
// stream entry's payload is: a JSON tree, text, or a hex dump. A sorted set is read by rank
// (lowest or highest score first) or within a range of scores. Every read runs on the
// browser's thread; nothing here changes the server.
class RedisValueView : public QWidget
{
    Q_OBJECT

public:
    explicit RedisValueView(RedisBrowser *browser, QWidget *parent = nullptr);

    // Whether this view shows a key of `type` ("hash", "set", "zset", "string").
    static bool shows(const QByteArray &type);
    // Reads the key `key` of `type` anew, from its first page.
    void open(const QByteArray &key, const QByteArray &type);
    // Reads the same key again, as it was asked for.
    void reload();
    QByteArray key() const { return m_key; }
    QByteArray type() const { return m_type; }
    // Reads the sorted set's members whose scores are within the range in the fields.
    void readScores();

    // For tests and screenshots: the model and the table of the type shown.
    RedisValueModel *model() const;
    QTableView *elementView() const;
    ScannedValueModel *hashModel() const { return m_hash; }
    ScannedValueModel *setModel() const { return m_set; }
    SortedSetModel *sortedSetModel() const { return m_zset; }
    StringRangeModel *stringModel() const { return m_string; }
    PayloadView *payloadView() const { return m_payload; }
    QComboBox *orderBox() const { return m_order; }
    QLineEdit *minField() const { return m_min; }
    QLineEdit *maxField() const { return m_max; }
    QString sizeText() const;

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    QWidget *setUpScoreBar();
    QTableView *addTable(RedisValueModel *model, const QString &labelSample);
    void readSortedSet();
    void showValue();
    void updateSize();
    QString sizeOfType() const;
    QString readSoFar() const;

    QByteArray m_key;
    QByteArray m_type;
    ScannedValueModel *m_hash = nullptr;
    ScannedValueModel *m_set = nullptr;
    SortedSetModel *m_zset = nullptr;
    StringRangeModel *m_string = nullptr;
    QLabel *m_size = nullptr;
    QWidget *m_scoreBar = nullptr;
    QComboBox *m_order = nullptr;
    QLineEdit *m_min = nullptr;
    QLineEdit *m_max = nullptr;
    QStackedWidget *m_tables = nullptr;
    PayloadView *m_payload = nullptr;
};

} // namespace porthole
