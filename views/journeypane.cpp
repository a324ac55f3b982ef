#include "journeypane.h"

#include "columnsizing.h"
#include "icons.h"
#include "journeylanes.h"
#include "journeymodel.h"
#include "journeyreceipts.h"
#include "portmessagejson.h"
#include "versiondetail.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"journey"_s;

} // namespace

JourneyPane::JourneyPane(JourneyModel *model, QWidget *parent)
    : Pane(u"journey"_s, paneTitle(), parent)
    , m_model(model)
{
    Q_ASSERT(model);
    QHBoxLayout *bar = setUpBar();
    m_state = new QLabel(this);
    m_state->setObjectName(u"journeyState"_s);
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_lanes = new JourneyLanes(this);
    m_lanesArea = new QScrollArea(this);
    m_lanesArea->setWidget(m_lanes);
    m_lanesArea->setWidgetResizable(true);
    m_lanesArea->setFrameShape(QFrame::StyledPanel);
    m_lanesArea->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_lanesArea->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_lanesArea->hide();

    m_steps = new QTableView(this);
    m_steps->setObjectName(u"stepsView"_s);
    setUpListingTable(m_steps);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    // What happened at a step (an error, a gap) is read whole: its cell wraps, and the step's
    // row grows to hold it. A journey is a few dozen rows.
    m_steps->setWordWrap(true);
    m_steps->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_steps->setModel(m_model);
    fitColumn(m_steps, JourneyModel::TimeColumn, u"0000-00-00 00:00:00.000"_s);
    fitColumn(m_steps, JourneyModel::AfterColumn, u"00.00 s"_s);
    fitColumn(m_steps, JourneyModel::WaitedColumn, u"00.00 s"_s);
    fitColumn(m_steps, JourneyModel::TookColumn, u"00.00 s"_s);
    widenColumnsToRows(
        m_steps, {JourneyModel::StepColumn, JourneyModel::PortColumn, JourneyModel::StatusColumn});
    m_detail = new VersionDetail({.key = 26, .value = 40, .oldValue = 0}, this);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"journeySplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_steps);
    m_splitter->addWidget(m_detail);
    shareSplitter(m_splitter, {3, 1});
    fitSplitterToColumns(m_steps); // from the record beside, until every column shows

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_state);
    layout->addWidget(m_lanesArea);
    layout->addWidget(m_splitter, 1);
    layout->addStretch(); // under the text, while nothing is shown

    connect(m_model, &JourneyModel::loaded, this, &JourneyPane::onLoaded);
    connect(m_model, &JourneyModel::failed, this, &JourneyPane::onFailed);
    connect(m_lanes, &JourneyLanes::hopClicked, this, [this](const QString &messageId) {
        m_steps->selectRow(m_model->rowOfMessage(messageId));
    });
    connect(m_steps->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showStep(current.row()); });
    connect(m_steps, &QTableView::doubleClicked, this, &JourneyPane::openStep);
    m_state->setText(tr("Type a message's id, a trace or correlation id, a delivery key or a "
                        "batch file's line (messages_batch_0012.txt:5) and press Enter, or pick "
                        "a row in Queues, Dead letters, Messages, Batch files, Sink storage, "
                        "Sensor events or the Redis pane and choose Journey (Ctrl+J): the "
                        "message's way across the pipeline shows here, hop by hop, with what "
                        "went wrong where."));
    m_splitter->hide(); // until there is a journey to show
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
}

QHBoxLayout *JourneyPane::setUpBar()
{
    m_id = new QLineEdit(this);
    m_id->setObjectName(u"messageId"_s);
    m_id->setClearButtonEnabled(true);
    m_id->setPlaceholderText(
        tr("A port message's id, a trace or correlation id, a delivery key, a batch line"));
    m_id->setToolTip(tr("Follows the message across the pipeline: every port message its "
                        "metadata ties to it, hop by hop (Ctrl+F)"));
    auto *label = new QLabel(tr("&Message:"), this);
    label->setBuddy(m_id);
    auto *followButton = new QPushButton(tr("&Follow"), this);
    connect(followButton, &QPushButton::clicked, this, [this] { follow(m_id->text()); });
    connect(m_id, &QLineEdit::returnPressed, this, [this] { follow(m_id->text()); });
    focusOnFind(this, m_id);
    m_open = new QPushButton(themedIcon(IconId::Queues), tr("&Open in Queues"), this);
    m_open->setToolTip(tr("Shows the selected step in its pane: a hop in Queues, a delivery's "
                          "stream in Redis, its line's file in Batch files"));
    m_open->setEnabled(false);
    connect(m_open, &QPushButton::clicked, this, &JourneyPane::openStep);
    auto *bar = new QHBoxLayout;
    bar->addWidget(label);
    bar->addWidget(m_id, 1);
    bar->addWidget(followButton);
    bar->addWidget(m_open);
    return bar;
}

JourneyPane::~JourneyPane()
{
    saveSettings();
}

QIcon JourneyPane::paneIcon()
{
    return themedIcon(IconId::Journey);
}

void JourneyPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"splitter"_s, m_splitter->saveState());
}

void JourneyPane::focusOn(const PaneFocus &focus)
{
    if (!focus.search.isEmpty())
        follow(focus.search);
}

void JourneyPane::refresh()
{
    if (!m_asked.isEmpty())
        follow(m_asked);
}

void JourneyPane::follow(const QString &id)
{
    const QString asked = id.trimmed();
    if (asked.isEmpty())
        return;
    m_asked = asked;
    if (m_id->text() != asked)
        m_id->setText(asked);
    m_state->setText(tr("Following %1…").arg(asked));
    m_model->show(asked);
}

QString JourneyPane::stateText() const
{
    return m_state->text();
}

void JourneyPane::onLoaded()
{
    const Journey &journey = m_model->journey();
    m_lanes->setJourney(journey);
    m_lanesArea->setVisible(!journey.isEmpty());
    m_splitter->setVisible(!journey.isEmpty());
    m_lanesArea->setFixedHeight(m_lanes->sizeHint().height() +
                                m_lanesArea->horizontalScrollBar()->sizeHint().height() + 4);
    if (journey.isEmpty()) {
        m_detail->showMessage({}, {});
        m_state->setText(tr("No port message is %1 or holds it in its metadata (%2). Check the "
                            "id; a pipeline whose keys are named otherwise names them in File > "
                            "Settings (Journey).")
                             .arg(journey.query, m_model->keys().all().join(u", "_s)));
        return;
    }
    int troubles = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        troubles += m_model->index(r, 0).data(JourneyModel::AttentionRole).toBool() ? 1 : 0;
    if (journey.hops.isEmpty()) {
        // Asked by a delivery key: what it became, when no port message did.
        const JourneyReceipt &receipt = journey.receipts.constFirst();
        if (!receipt.gap.isEmpty())
            m_state->setText(tr("%1: a gap: %2.").arg(journey.query, receipt.gap));
        else if (receipt.table.isEmpty())
            m_state->setText(tr("%1: nothing is stored under this delivery key. The ingest worker "
                                "has not stored it yet, or it was lost; its entry in the Redis "
                                "pane tells which.")
                                 .arg(journey.query));
        else
            m_state->setText(tr("%1: stored in %2; no port message came of it.")
                                 .arg(journey.query, receipt.table));
        m_steps->selectRow(0);
        showStep(0);
        return;
    }
    // Two %n texts each, as English has no translation to pick "1 hop" or "2 hops" from.
    const int hops = int(journey.hops.size());
    QString text = (hops == 1 ? tr("%1: %n hop across %2 components, found by %3", nullptr, 1)
                              : tr("%1: %n hops across %2 components, found by %3", nullptr, hops))
                       .arg(journey.query)
                       .arg(m_lanes->lanes().size())
                       .arg(journey.matchedBy.join(u", "_s));
    const int changes = int(journey.actions.size());
    if (changes > 0)
        text += changes == 1 ? tr("; %n change by an operator", nullptr, 1)
                             : tr("; %n changes by an operator", nullptr, changes);
    text += troubles == 0   ? tr("; nothing wrong on the way.")
            : troubles == 1 ? tr("; %n step needs attention.", nullptr, 1)
                            : tr("; %n steps need attention.", nullptr, troubles);
    if (journey.truncated)
        text += tr(" More rows share its keys than a journey shows.");
    if (!journey.redisProblem.isEmpty())
        text += tr(" Its Redis entries could not be read: %1").arg(journey.redisProblem);
    m_state->setText(text);
    // The first step that needs attention, else the last: where to look first.
    int row = m_model->rowCount() - 1;
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->index(r, 0).data(JourneyModel::AttentionRole).toBool()) {
            row = r;
            break;
        }
    m_steps->selectRow(row);
    showStep(row);
}

void JourneyPane::onFailed(const QString &message)
{
    m_state->setText(tr("Cannot read the journey of %1: %2").arg(m_asked, message));
}

void JourneyPane::showStep(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    const StepTarget target = stepTarget(row);
    m_open->setEnabled(!target.pane.isEmpty());
    //: The button that opens the selected step of a journey in its pane: "Open in Queues"
    m_open->setText(tr("&Open in %1").arg(target.pane.isEmpty() ? tr("Queues") : target.title));
    if (!index.isValid())
        return;
    const QString messageId = index.data(JourneyModel::MessageIdRole).toString();
    m_lanes->setCurrent(messageId);
    const QString step = m_model->index(row, JourneyModel::StepColumn).data().toString();
    if (const SinkStorageRow *sunk = m_model->sinkRowAt(row))
        m_detail->showDocument(step + u" · "_s + sunk->id, sinkRowJson(*sunk));
    else if (const JourneyReceipt *receipt = m_model->receiptAt(row)) // with what it became
        m_detail->showDocument(receipt->deliveryKey, receiptJson(*receipt));
    else if (const JourneyHop *hop = m_model->journey().hop(messageId))
        m_detail->showDocument(step + u" · "_s + hop->message.portName + u" · "_s + messageId,
                               portMessageJson(hop->message));
}

JourneyPane::StepTarget JourneyPane::stepTarget(int row) const
{
    StepTarget target;
    if (const JourneyReceipt *receipt = m_model->receiptAt(row)) {
        // The entry while the stream holds it; else where it was stored.
        if (!receipt->stream().isEmpty() && (receipt->inStream || !receipt->redisRead)) {
            target = {u"redis"_s, tr("Redis"), {}};
            target.focus.stream = receipt->stream();
            target.focus.entry = receipt->entryId();
        } else if (receipt->batch >= 0) {
            target = {u"batches"_s, tr("Batch files"), {}};
            target.focus.batch = receipt->batch;
            if (receipt->line > 0)
                target.focus.message = receipt->line;
        } else if (receipt->table == u"messages"_s && receipt->number >= 0) {
            target = {u"messages"_s, tr("Messages"), {}};
            target.focus.message = receipt->number;
        } else if (receipt->table == u"processed_events"_s) {
            target = {u"sensorevents"_s, tr("Sensor events"), {}};
            target.focus.search = receipt->storedId;
        } else if (receipt->table == u"port_messages"_s && !receipt->storedId.isEmpty()) {
            target = {u"queues"_s, tr("Queues"), {}};
            target.focus.search = receipt->storedId;
        }
    } else if (const JourneyAction *action = m_model->actionAt(row)) {
        target = {u"audit"_s, tr("Audit"), {}};
        target.focus.audit = action->auditId;
        target.focus.at = action->at;
    } else if (const SinkStorageRow *sunk = m_model->sinkRowAt(row)) {
        target = {u"sinkstorage"_s, tr("Sink storage"), {}};
        target.focus.search = sunk->id;
    } else if (const JourneyHop *hop = m_model->hopAt(row)) {
        target = {u"queues"_s, tr("Queues"), {}};
        target.focus.search = hop->message.id;
    }
    return target;
}

void JourneyPane::openStep()
{
    const StepTarget target = stepTarget(m_steps->currentIndex().row());
    if (!target.pane.isEmpty())
        Q_EMIT openRequested(target.pane, target.focus);
}

} // namespace porthole
