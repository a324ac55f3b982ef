#pragma once

#include "ingeststatus.h"
#include "pane.h"

#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QPair>

class QComboBox;
class QGridLayout;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTreeView;

namespace porthole {

class ConsumerGroupModel;
class Sparkline;

// What the operator asks the worker to do: where from, and where to.
struct IngestRequest
{
    QString redisUrl;
    QString mode = QStringLiteral("stream"); // stream, list or pubsub
    QString key;
    QString group = QStringLiteral("porthole");
    QString consumer;
    QString sinkUrl;

    friend bool operator==(const IngestRequest &, const IngestRequest &) = default;
};

// The receiver: where it reads and writes, start/pause/stop, and what it is doing, live.
class IngestPane : public Pane
{
    Q_OBJECT

public:
    explicit IngestPane(QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Ingest"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }

    // Stores the operator can pick from: a label and a sink URL each.
    void setSinkChoices(const QList<QPair<QString, QString>> &choices);
    void setRequest(const IngestRequest &request);
    IngestRequest request() const;

    // For tests and screenshots.
    QPushButton *startButton() const { return m_start; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *stopButton() const { return m_stop; }
    QString shownValue(const QString &name) const;
    QListWidget *errorList() const { return m_errors; }
    Sparkline *rateLine() const { return m_rate; }
    QTreeView *consumersView() const { return m_consumersView; }
    ConsumerGroupModel *consumers() const { return m_consumers; }

public Q_SLOTS:
    void setStats(const porthole::IngestStats &stats);

Q_SIGNALS:
    void startRequested(const porthole::IngestRequest &request);
    void pauseRequested();
    void resumeRequested();
    void stopRequested();

private:
    void setUpSettings();
    QHBoxLayout *setUpButtons();
    QGroupBox *setUpWorker();
    QGroupBox *setUpErrors();
    void setUpConsumers();

    QLabel *addValue(QGridLayout *grid, int row, int column, const QString &name,
                     const QString &label, const QString &toolTip);
    void updateControls();
    void updateModeNote();

    ConsumerGroupModel *m_consumers = nullptr;
    QTreeView *m_consumersView = nullptr;
    QGroupBox *m_consumersBox = nullptr;
    QLineEdit *m_redisUrl = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_modeNote = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_group = nullptr;
    QLineEdit *m_consumer = nullptr;
    QComboBox *m_sinkChoice = nullptr;
    QLineEdit *m_sinkUrl = nullptr;
    QGroupBox *m_settings = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_state = nullptr;
    QMap<QString, QLabel *> m_values;
    Sparkline *m_rate = nullptr;
    QLabel *m_noErrors = nullptr;
    QListWidget *m_errors = nullptr;
    IngestStats m_stats;
    QElapsedTimer m_sinceSample;
    QDateTime m_lastErrorAt;
};

} // namespace porthole

Q_DECLARE_METATYPE(porthole::IngestRequest)
