#include "ingestpane.h"

#include "consumergroupmodel.h"
#include "consumersview.h"
#include "icons.h"
#include "sparkline.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int maxErrorsShown = 50;

QString count(qint64 value)
{
    return value < 0 ? u"—"_s : QLocale().toString(value);
}

QString age(qint64 ms)
{
    if (ms < 0)
        return u"—"_s;
    if (ms < 1000)
        return IngestPane::tr("%1 ms").arg(ms);
    if (ms < 120000)
        return IngestPane::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    return IngestPane::tr("%1 min").arg(QLocale().toString(ms / 60000));
}

// The colour that says at a glance whether the worker is well.
QColor stateColour(IngestState state)
{
    switch (state) {
    case IngestState::Running:
        return QColor(0x2e, 0x7d, 0x32);
    case IngestState::Reconnecting:
    case IngestState::WaitingForSink:
    case IngestState::Paused:
        return QColor(0xb2, 0x6a, 0x00);
    case IngestState::Failed:
    case IngestState::Stalled:
        return QColor(0xc6, 0x28, 0x28);
    default:
        return {};
    }
}

} // namespace

IngestPane::IngestPane(QWidget *parent)
    : Pane(u"ingest"_s, paneTitle(), parent)
{
    qRegisterMetaType<porthole::IngestStats>();
    qRegisterMetaType<porthole::IngestRequest>();

    setUpSettings();
    QHBoxLayout *buttons = setUpButtons();
    QGroupBox *status = setUpWorker();
    QGroupBox *errors = setUpErrors();
    // The group's consumers: this worker and the others sharing the stream.
    setUpConsumers();

    auto *left = new QVBoxLayout;
    left->addWidget(m_settings);
    left->addLayout(buttons);
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(status);
    right->addWidget(m_consumersBox, 1);
    right->addWidget(errors, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addLayout(right, 3);

    updateModeNote();
    setStats(IngestStats{});
}

void IngestPane::setUpSettings()
{
    m_settings = new QGroupBox(tr("Source and store"), this);
    auto *form = new QFormLayout(m_settings);
    m_redisUrl = new QLineEdit(m_settings);
    //: The form of a Redis address: keep redis://, and the punctuation between the parts
    m_redisUrl->setPlaceholderText(tr("redis://[user:password@]host:port/db"));
    form->addRow(tr("&Redis:"), m_redisUrl);
    m_mode = new QComboBox(m_settings);
    m_mode->addItem(tr("Stream, consumer group"), u"stream"_s);
    m_mode->addItem(tr("List, reliable queue"), u"list"_s);
    m_mode->addItem(tr("Pub/sub, at most once"), u"pubsub"_s);
    form->addRow(tr("&Mode:"), m_mode);
    m_modeNote = new QLabel(m_settings);
    m_modeNote->setWordWrap(true);
    form->addRow(QString(), m_modeNote);
    m_key = new QLineEdit(m_settings);
    m_key->setPlaceholderText(tr("stream, list or channel"));
    form->addRow(tr("&Key:"), m_key);
    m_group = new QLineEdit(m_settings);
    form->addRow(tr("&Group:"), m_group);
    m_consumer = new QLineEdit(m_settings);
    m_consumer->setPlaceholderText(tr("host name and process id"));
    m_consumer->setToolTip(
        tr("A stable name lets a restarted worker take up its own unacknowledged messages."));
    form->addRow(tr("C&onsumer:"), m_consumer);
    m_sinkChoice = new QComboBox(m_settings);
    // The choices name the store's whole address: the box does not widen the form by its longest.
    m_sinkChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sinkChoice->setMinimumContentsLength(24);
    form->addRow(tr("&Store in:"), m_sinkChoice);
    m_sinkUrl = new QLineEdit(m_settings);
    //: The forms of a store's address: keep sqlite:, postgresql:// and file:///
    m_sinkUrl->setPlaceholderText(tr("sqlite:PATH, postgresql://…, file:///DIR"));
    form->addRow(tr("Store &URL:"), m_sinkUrl);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &IngestPane::updateModeNote);
    connect(m_sinkChoice, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            m_sinkUrl->setText(m_sinkChoice->itemData(index).toString());
    });
    connect(m_key, &QLineEdit::textChanged, this, &IngestPane::updateControls);
    connect(m_redisUrl, &QLineEdit::textChanged, this, &IngestPane::updateControls);
    connect(m_sinkUrl, &QLineEdit::textChanged, this, &IngestPane::updateControls);
}

QHBoxLayout *IngestPane::setUpButtons()
{
    m_start = new QPushButton(themedIcon(IconId::Play), tr("S&tart"), this);
    m_pause = new QPushButton(themedIcon(IconId::Pause), tr("&Pause"), this);
    m_stop = new QPushButton(themedIcon(IconId::Stop), tr("St&op"), this);
    m_stop->setToolTip(tr("Stores and acknowledges the messages in hand, then stops."));
    connect(m_start, &QPushButton::clicked, this, [this] { emit startRequested(request()); });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (m_stats.state == IngestState::Paused)
            emit resumeRequested();
        else
            emit pauseRequested();
    });
    connect(m_stop, &QPushButton::clicked, this, &IngestPane::stopRequested);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    return buttons;
}

QGroupBox *IngestPane::setUpWorker()
{
    auto *status = new QGroupBox(tr("Worker"), this);
    auto *grid = new QGridLayout(status);
    m_state = new QLabel(status);
    QFont bold = m_state->font();
    bold.setBold(true);
    m_state->setFont(bold);
    grid->addWidget(new QLabel(tr("State:"), status), 0, 0);
    grid->addWidget(m_state, 0, 1, 1, 3);
    addValue(grid, 1, 0, u"received"_s, tr("Received:"), tr("Messages taken from Redis"));
    addValue(grid, 2, 0, u"stored"_s, tr("Stored:"), tr("Stored for the first time"));
    addValue(grid, 3, 0, u"acknowledged"_s, tr("Acknowledged:"),
             tr("Acknowledged to Redis, after they were durable"));
    addValue(grid, 4, 0, u"duplicates"_s, tr("Duplicates ignored:"),
             tr("Delivered again and already stored: nothing written"));
    addValue(grid, 5, 0, u"deadLettered"_s, tr("Dead letters:"),
             tr("Payloads that could not be stored as what they claim to be, kept whole"));
    addValue(grid, 1, 2, u"rate"_s, tr("Rate:"), tr("Messages a second"));
    addValue(grid, 2, 2, u"pending"_s, tr("Pending:"),
             tr("Delivered by Redis and not yet acknowledged (all consumers)"));
    addValue(grid, 3, 2, u"length"_s, tr("Stream length:"),
             tr("Entries in the stream, or elements waiting in the list"));
    addValue(grid, 4, 2, u"oldestPending"_s, tr("Oldest pending:"),
             tr("How long the oldest unacknowledged message has waited"));
    addValue(grid, 5, 2, u"lostAtSource"_s, tr("Lost at source:"),
             tr("Trimmed by the producer before they were stored: gone from Redis"));
    m_rate = new Sparkline(120, status);
    grid->addWidget(m_rate, 6, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    return status;
}

QGroupBox *IngestPane::setUpErrors()
{
    auto *errors = new QGroupBox(tr("Last errors"), this);
    auto *errorsLayout = new QVBoxLayout(errors);
    m_noErrors = new QLabel(tr("No errors since Porthole started."), errors);
    m_noErrors->setEnabled(false);
    errorsLayout->addWidget(m_noErrors, 1, Qt::AlignTop);
    m_errors = new QListWidget(errors);
    m_errors->setWordWrap(true);
    m_errors->setAlternatingRowColors(true);
    m_errors->hide(); // until there is one
    errorsLayout->addWidget(m_errors, 1);
    return errors;
}

void IngestPane::setUpConsumers()
{
    m_consumersBox = new QGroupBox(tr("Consumers of the group"), this);
    auto *consumersLayout = new QVBoxLayout(m_consumersBox);
    m_consumers = new ConsumerGroupModel(this);
    m_consumersView = new ConsumersView(m_consumers, m_consumersBox);
    m_consumersView->setColumnHidden(ConsumerGroupModel::LagColumn, true); // not read here
    m_consumersView->setColumnHidden(ConsumerGroupModel::TrendColumn, true);
    consumersLayout->addWidget(m_consumersView);
    m_consumersBox->hide(); // until a stream worker reports its group
}

QIcon IngestPane::paneIcon()
{
    return themedIcon(IconId::Ingest);
}

QLabel *IngestPane::addValue(QGridLayout *grid, int row, int column, const QString &name,
                             const QString &label, const QString &toolTip)
{
    auto *caption = new QLabel(label, grid->parentWidget());
    caption->setToolTip(toolTip);
    auto *value = new QLabel(grid->parentWidget());
    value->setToolTip(toolTip);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid->addWidget(caption, row, column);
    grid->addWidget(value, row, column + 1);
    m_values.insert(name, value);
    return value;
}

void IngestPane::setSinkChoices(const QList<QPair<QString, QString>> &choices)
{
    m_sinkChoice->clear();
    for (const auto &[label, url] : choices)
        m_sinkChoice->addItem(label, url);
    if (m_sinkUrl->text().isEmpty() && !choices.isEmpty())
        m_sinkUrl->setText(choices.first().second);
}

void IngestPane::setRequest(const IngestRequest &request)
{
    m_redisUrl->setText(request.redisUrl);
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(request.mode)));
    m_key->setText(request.key);
    m_group->setText(request.group);
    m_consumer->setText(request.consumer);
    if (!request.sinkUrl.isEmpty())
        m_sinkUrl->setText(request.sinkUrl);
    const int choice = m_sinkChoice->findData(m_sinkUrl->text());
    if (choice >= 0)
        m_sinkChoice->setCurrentIndex(choice);
    updateControls();
}

IngestRequest IngestPane::request() const
{
    IngestRequest request;
    request.redisUrl = m_redisUrl->text().trimmed();
    request.mode = m_mode->currentData().toString();
    request.key = m_key->text().trimmed();
    request.group = m_group->text().trimmed();
    request.consumer = m_consumer->text().trimmed();
    request.sinkUrl = m_sinkUrl->text().trimmed();
    return request;
}

QString IngestPane::shownValue(const QString &name) const
{
    if (name == u"state"_s)
        return m_state->text();
    const QLabel *label = m_values.value(name);
    return label ? label->text() : QString();
}

void IngestPane::setStats(const IngestStats &stats)
{
    const bool wasActive =
        m_stats.state != IngestState::Stopped && m_stats.state != IngestState::Failed;
    m_stats = stats;
    QString state = ingestStateText(stats.state);
    if (!state.isEmpty())
        state[0] = state[0].toUpper();
    if (stats.atMostOnce && stats.state != IngestState::Stopped)
        //: %1: the receiver's state, as "Running"
        state = tr("%1 (pub/sub: at most once)").arg(state);
    m_state->setText(state);
    QPalette palette = m_state->palette();
    const QColor colour = stateColour(stats.state);
    palette.setColor(QPalette::WindowText,
                     colour.isValid() ? colour : this->palette().color(QPalette::WindowText));
    m_state->setPalette(palette);

    if (!stats.group.isEmpty() && !stats.consumers.isEmpty()) {
        qint64 pending = 0;
        for (const StreamConsumer &consumer : stats.consumers)
            pending += consumer.pending;
        m_consumers->setOwnConsumer(stats.consumer);
        m_consumers->setGroups({{.stream = stats.key,
                                 .group = stats.group,
                                 .pending = pending,
                                 .consumers = stats.consumers}});
        m_consumersBox->show();
    }
    m_values[u"received"_s]->setText(count(stats.received));
    m_values[u"stored"_s]->setText(count(stats.stored));
    m_values[u"acknowledged"_s]->setText(count(stats.acknowledged));
    m_values[u"duplicates"_s]->setText(count(stats.duplicates));
    m_values[u"deadLettered"_s]->setText(count(stats.deadLettered));
    m_values[u"rate"_s]->setText(tr("%1/s").arg(QLocale().toString(qRound64(stats.ratePerSecond))));
    m_values[u"pending"_s]->setText(count(stats.pending));
    m_values[u"length"_s]->setText(count(stats.length));
    m_values[u"oldestPending"_s]->setText(age(stats.oldestPendingAgeMs));
    m_values[u"lostAtSource"_s]->setText(count(stats.lostAtSource));
    QPalette lost = m_values[u"lostAtSource"_s]->palette();
    lost.setColor(QPalette::WindowText, stats.lostAtSource > 0
                                            ? stateColour(IngestState::Failed)
                                            : this->palette().color(QPalette::WindowText));
    m_values[u"lostAtSource"_s]->setPalette(lost);

    const bool active = stats.state != IngestState::Stopped && stats.state != IngestState::Failed;
    if (active && !wasActive)
        m_rate->clear();
    if (active && (!m_sinceSample.isValid() || m_sinceSample.elapsed() >= 1000)) {
        m_rate->addValue(stats.ratePerSecond);
        m_sinceSample.start();
    }
    if (!stats.lastError.isEmpty() && stats.lastErrorAt != m_lastErrorAt) {
        m_lastErrorAt = stats.lastErrorAt;
        const QString when =
            QLocale().toString(stats.lastErrorAt.toLocalTime().time(), QLocale::ShortFormat);
        auto *item = new QListWidgetItem(u"%1  %2"_s.arg(when, stats.lastError));
        item->setIcon(themedIcon(IconId::Warning));
        item->setToolTip(stats.lastError);
        m_errors->insertItem(0, item);
        while (m_errors->count() > maxErrorsShown)
            delete m_errors->takeItem(m_errors->count() - 1);
        m_noErrors->hide();
        m_errors->show();
        emit statusMessage(tr("Ingest: %1").arg(stats.lastError));
    }
    updateControls();
}

void IngestPane::updateControls()
{
    const IngestState state = m_stats.state;
    const bool idle = state == IngestState::Stopped || state == IngestState::Failed;
    m_settings->setEnabled(idle);
    const IngestRequest wanted = request();
    m_start->setEnabled(idle && !wanted.redisUrl.isEmpty() && !wanted.key.isEmpty() &&
                        !wanted.sinkUrl.isEmpty());
    m_pause->setEnabled(!idle && state != IngestState::Stopping);
    m_pause->setText(state == IngestState::Paused ? tr("&Resume") : tr("&Pause"));
    m_pause->setIcon(themedIcon(state == IngestState::Paused ? IconId::Play : IconId::Pause));
    m_stop->setEnabled(!idle && state != IngestState::Stopping);
}

void IngestPane::updateModeNote()
{
    const QString mode = m_mode->currentData().toString();
    if (mode == u"pubsub"_s)
        m_modeNote->setText(tr("For old senders only. Messages published while Porthole is "
                               "disconnected are lost: Redis keeps nothing for a channel."));
    else if (mode == u"list"_s)
        m_modeNote->setText(tr("Each message is moved to a processing list and removed from it "
                               "once stored: nothing is lost."));
    else
        m_modeNote->setText(tr("Messages are acknowledged once stored; a crash loses nothing "
                               "and stores nothing twice."));
}

} // namespace porthole
