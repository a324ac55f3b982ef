#pragma once

#include <QByteArray>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace porthole {

class ListElementModel;
class PayloadView;
class RedisBrowser;
class RedisKeyModel;

// One list used as a queue in the Redis pane: its length, a window of its elements from the
// head or the tail with the selected one's payload, and beside it the processing lists of the
// workers that read it with --mode list ({key}:processing:{consumer}): what each has taken
// and not yet acknowledged.
class RedisListView : public QWidget
{
    Q_OBJECT

public:
    explicit RedisListView(RedisBrowser *browser, QWidget *parent = nullptr);

    void open(const QByteArray &key);
    void reload();
    QByteArray key() const { return m_key; }

    // For tests and screenshots.
    ListElementModel *elements() const { return m_elements; }
    RedisKeyModel *processingLists() const { return m_processing; }
    QTableView *elementView() const { return m_elementView; }
    QTableView *processingView() const { return m_processingView; }
    QComboBox *endBox() const { return m_end; }
    PayloadView *payloadView() const { return m_payload; }
    QString lengthText() const;

Q_SIGNALS:
    // The operator asked to see another key (a processing list).
    void openKeyRequested(const QByteArray &key);
    void statusMessage(const QString &message);

private:
    QWidget *setUpProcessing();
    void showElement();
    void updateLength();

    QByteArray m_key;
    ListElementModel *m_elements = nullptr;
    RedisKeyModel *m_processing = nullptr;
    QLabel *m_length = nullptr;
    QComboBox *m_end = nullptr;
    QTableView *m_elementView = nullptr;
    PayloadView *m_payload = nullptr;
    QLabel *m_processingHeading = nullptr;
    QTableView *m_processingView = nullptr;
};

} // namespace porthole
