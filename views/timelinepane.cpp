#include "timelinepane.h"

#include "icons.h"
#include "timelinemodel.h"
#include "timelinetext.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The ranges back from now the operator picks from, in seconds; the last item of the list is
// "around" a moment, when one was asked for.
constexpr std::array<int, 5> rangeSeconds{15 * 60, 3600, 6 * 3600, 24 * 3600, 7 * 24 * 3600};
constexpr int defaultRange = 1; // the last hour

// Checkpoint and state versions come as often as the pipeline saves them: a timeline opens
// on the rest, and they are a tick away under Kinds.
bool shownAtFirst(ChangeKind kind)
{
    return kind != ChangeKind::Checkpoint && kind != ChangeKind::State;
}

QString rangeTitle(int seconds)
{
    // One text a range: English has no translation to pick "1 hour" or "6 hours" from. A range
    // shared by another pane may be any length: in the largest unit it is a whole number of.
    if (seconds < 3600 || seconds % 3600 != 0)
        return TimelinePane::tr("Last %Ln minutes", nullptr, std::max(1, seconds / 60));
    if (seconds == 3600)
        return TimelinePane::tr("Last hour");
    if (seconds < 24 * 3600 || seconds % (24 * 3600) != 0)
        return TimelinePane::tr("Last %Ln hours", nullptr, seconds / 3600);
    return TimelinePane::tr("Last %Ln days", nullptr, seconds / (24 * 3600));
}

// The two ends of a range as a person reads them: the end's date only when it is on another
// day than the start.
std::pair<QString, QString> endsText(const QDateTime &from, const QDateTime &to)
{
    const QLocale locale;
    const QDateTime start = from.toLocalTime();
    const QDateTime end = to.toLocalTime();
    return {locale.toString(start, QLocale::ShortFormat),
            start.date() == end.date() ? locale.toString(end.time(), QLocale::ShortFormat)
                                       : locale.toString(end, QLocale::ShortFormat)};
}

// The version a checkpoint or component state change saved, as its details say.
std::optional<qint64> savedVersion(const Change &change)
{
    const QJsonValue version = change.details.value("version"_L1);
    if (!version.isDouble())
        return std::nullopt;
    return version.toInteger();
}

} // namespace

TimelinePane::TimelinePane(TimelineModel *model, QWidget *parent)
    : Pane(u"timeline"_s, paneTitle(), parent)
    , m_model(model)
{
    auto *bar = new QWidget(this);
    setUpFilterBar(bar);
    m_view = new QTableView(this);
    m_view->setObjectName(u"timelineView"_s);
    setUpListingTable(m_view);
    m_view->setModel(m_model);
    m_view->horizontalHeader()->resizeSection(
        TimelineModel::TimeColumn,
        fontMetrics().horizontalAdvance(u"0000-00-00 00:00:00.000"_s) + 24);
    m_view->horizontalHeader()->resizeSection(
        TimelineModel::KindColumn, fontMetrics().horizontalAdvance(u"Heartbeats stopped"_s) + 40);
    m_view->horizontalHeader()->resizeSection(
        TimelineModel::SubjectColumn,
        fontMetrics().horizontalAdvance(u"payments.requests → payment-gateway"_s));
    m_state = new QLabel(this);
    m_state->setObjectName(u"timelineState"_s);
    m_state->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(bar);
    layout->addWidget(m_state);
    layout->addWidget(m_view, 1);

    connect(m_view, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { openRow(index.row()); });
    openOnEnter(m_view, m_view, [this] { openRow(m_view->currentIndex().row()); });
    connect(m_model, &TimelineModel::pageRead, this, [this] {
        updateState();
        selectNear();
    });
    connect(m_model, &TimelineModel::failed, this, &TimelinePane::updateState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TimelinePane::updateState);
    updateState();
}

QIcon TimelinePane::paneIcon()
{
    return themedIcon(IconId::Timeline);
}

void TimelinePane::setUpFilterBar(QWidget *bar)
{
    m_range = new QComboBox(bar);
    m_range->setObjectName(u"timelineRange"_s);
    for (const int seconds : rangeSeconds)
        m_range->addItem(rangeTitle(seconds), seconds);
    m_range->setCurrentIndex(defaultRange);
    m_component = new QLineEdit(bar);
    m_component->setObjectName(u"timelineComponent"_s);
    m_component->setPlaceholderText(tr("Component"));
    m_component->setClearButtonEnabled(true);
    m_port = new QLineEdit(bar);
    m_port->setObjectName(u"timelinePort"_s);
    m_port->setPlaceholderText(tr("Port"));
    m_port->setClearButtonEnabled(true);
    m_kinds = new QToolButton(bar);
    m_kinds->setObjectName(u"timelineKinds"_s);
    m_kinds->setText(tr("&Kinds"));
    m_kinds->setPopupMode(QToolButton::InstantPopup);
    auto *kinds = new QMenu(m_kinds);
    for (int i = 0; i < changeKindCount; ++i) {
        QAction *action = kinds->addAction(changeKindTitle(ChangeKind(i)));
        action->setCheckable(true);
        action->setChecked(shownAtFirst(ChangeKind(i)));
        action->setData(i);
        connect(action, &QAction::toggled, this, [this, action, kinds](bool on) {
            // At least one kind: the last one ticked stays ticked.
            const QList<QAction *> all = kinds->actions();
            if (!on &&
                std::none_of(all.begin(), all.end(), [](QAction *a) { return a->isChecked(); })) {
                action->setChecked(true);
                return;
            }
            updateKindsTitle();
            apply();
        });
    }
    m_kinds->setMenu(kinds);
    updateKindsTitle();
    m_severity = new QComboBox(bar);
    m_severity->setObjectName(u"timelineSeverity"_s);
    m_severity->addItem(tr("Any severity"), int(ChangeSeverity::Info));
    m_severity->addItem(tr("Warnings and worse"), int(ChangeSeverity::Warning));
    m_severity->addItem(tr("Critical only"), int(ChangeSeverity::Critical));
    auto *metricsButton = new QPushButton(themedIcon(IconId::Metrics), tr("Show in &Metrics"), bar);
    metricsButton->setObjectName(u"timelineMetrics"_s);
    metricsButton->setToolTip(tr("Shows the charts of the hour around the selected change"));
    connect(metricsButton, &QPushButton::clicked, this, [this] {
        const Change *change = m_model->changeAt(m_view->currentIndex().row());
        const TimelineFilter &filter = m_model->filter();
        PaneFocus focus;
        focus.at = change ? change->at : filter.from.addMSecs(filter.from.msecsTo(filter.to) / 2);
        Q_EMIT openRequested(u"metrics"_s, focus);
    });
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), bar);
    refreshButton->setToolTip(tr("Reads the range again, up to now (F5)"));

    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_range);
    row->addWidget(m_component, 1);
    row->addWidget(m_port, 1);
    row->addWidget(m_kinds);
    row->addWidget(m_severity);
    row->addWidget(makeViewsButton());
    row->addWidget(metricsButton);
    row->addWidget(refreshButton);

    connect(m_range, &QComboBox::activated, this, [this] {
        apply();
        Q_EMIT rangeChosen(chosenRange());
    });
    connect(m_severity, &QComboBox::activated, this, &TimelinePane::apply);
    connect(m_component, &QLineEdit::editingFinished, this, &TimelinePane::apply);
    connect(m_port, &QLineEdit::editingFinished, this, &TimelinePane::apply);
    connect(refreshButton, &QPushButton::clicked, this, &TimelinePane::refresh);
}

TimelineFilter TimelinePane::filterFromBar(const QDateTime &now) const
{
    TimelineFilter filter;
    const int seconds = m_range->currentData().toInt();
    if (seconds > 0 || !m_customFrom.isValid()) {
        filter.to = now;
        filter.from = now.addSecs(-(seconds > 0 ? seconds : rangeSeconds.at(defaultRange)));
    } else {
        filter.from = m_customFrom;
        filter.to = m_customTo;
    }
    filter.component = m_component->text().trimmed();
    filter.port = m_port->text().trimmed();
    const QList<QAction *> actions = m_kinds->menu()->actions();
    if (!std::all_of(actions.begin(), actions.end(), [](QAction *a) { return a->isChecked(); }))
        for (QAction *action : actions)
            if (action->isChecked())
                filter.kinds << ChangeKind(action->data().toInt());
    filter.minimum = ChangeSeverity(m_severity->currentData().toInt());
    return filter;
}

void TimelinePane::apply()
{
    m_model->setFilter(filterFromBar(QDateTime::currentDateTimeUtc()));
}

void TimelinePane::refresh()
{
    apply();
}

void TimelinePane::showEvent(QShowEvent *event)
{
    // A range another pane shared meanwhile is read as the pane is shown (Pane::showEvent()),
    // and only then.
    const bool shared = sharedRangeWaiting();
    Pane::showEvent(event);
    // A range back from now is read again up to now each time the pane is shown.
    const bool backFromNow = m_range->currentData().toInt() > 0 || !m_customFrom.isValid();
    if (!shared && (!m_model->filter().to.isValid() || backFromNow))
        apply();
}

void TimelinePane::setCustomRange(const QString &title, int seconds)
{
    const int custom = int(rangeSeconds.size());
    if (m_range->count() > custom) {
        m_range->setItemText(custom, title);
        m_range->setItemData(custom, seconds);
    } else {
        m_range->addItem(title, seconds);
    }
    m_range->setCurrentIndex(custom);
}

SharedRange TimelinePane::chosenRange() const
{
    const TimelineFilter &filter = m_model->filter();
    return {.from = filter.from,
            .to = filter.to,
            .lastSeconds = std::max(0, m_range->currentData().toInt())};
}

void TimelinePane::showSharedRange(const SharedRange &range, const QString &source)
{
    const int seconds = int(range.lastSeconds);
    const int preset = seconds > 0 ? m_range->findData(seconds) : -1;
    if (preset >= 0 && preset < int(rangeSeconds.size())) {
        m_range->setCurrentIndex(preset);
    } else if (seconds > 0) {
        //: The range box's custom range, shared by another pane: "From Metrics: Last 30 days"
        setCustomRange(tr("From %1: %2").arg(source, rangeTitle(seconds)), seconds);
    } else {
        m_customFrom = range.from.toUTC();
        m_customTo = range.to.toUTC();
        const auto [start, end] = endsText(m_customFrom, m_customTo);
        //: The range box's custom range, shared by another pane: "From Metrics: 5/3/24 1:00 PM –
        //: 2:00 PM"
        setCustomRange(tr("From %1: %2 – %3").arg(source, start, end), 0);
    }
    apply();
}

void TimelinePane::focusOn(const PaneFocus &focus)
{
    if (focus.at.isValid()) {
        const QDateTime around = focus.at.toUTC();
        m_customFrom = around.addSecs(-aroundSeconds);
        m_customTo = around.addSecs(aroundSeconds);
        setCustomRange(
            tr("Around %1").arg(QLocale().toString(around.toLocalTime(), QLocale::ShortFormat)), 0);
        m_selectNear = around;
    }
    if (!focus.component.isEmpty() || !focus.port.isEmpty()) {
        m_component->setText(focus.component);
        m_port->setText(focus.port);
    }
    apply();
}

void TimelinePane::selectNear()
{
    if (!m_selectNear.isValid() || m_model->rowCount() == 0)
        return;
    // Once the page that holds the moment is read: the rows go back past it, or the end came.
    const Change *oldest = m_model->changeAt(m_model->rowCount() - 1);
    if (oldest->at > m_selectNear && !m_model->atEnd())
        return;
    const int row = m_model->rowNear(m_selectNear);
    m_selectNear = {};
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

void TimelinePane::openRow(int row)
{
    const Change *change = m_model->changeAt(row);
    if (!change)
        return;
    PaneFocus focus;
    focus.at = change->at;
    switch (change->kind) {
    case ChangeKind::Alert:
        focus.component = change->component;
        Q_EMIT openRequested(u"alerts"_s, focus);
        return;
    case ChangeKind::Group:
        if (change->details.contains("change"_L1)) { // seen by the backlog samples
            focus.stream = change->port;
            focus.group = change->details.value("group"_L1).toString();
            focus.at = {};
            Q_EMIT openRequested(u"redis"_s, focus);
            return;
        }
        [[fallthrough]];
    case ChangeKind::Action:
        focus.audit = change->key.toLongLong();
        Q_EMIT openRequested(u"audit"_s, focus);
        return;
    case ChangeKind::Status:
    case ChangeKind::Gap:
    case ChangeKind::Restart:
        focus.component = change->component;
        Q_EMIT openRequested(u"healthhistory"_s, focus);
        return;
    case ChangeKind::Checkpoint:
        focus.checkpoint = change->key.section(u'\n', 0, 0);
        focus.version = savedVersion(*change);
        Q_EMIT openRequested(u"checkpoints"_s, focus);
        return;
    case ChangeKind::State:
        focus.component = change->component;
        focus.version = savedVersion(*change);
        Q_EMIT openRequested(u"componentstate"_s, focus);
        return;
    case ChangeKind::NewError:
        focus.port = change->port;
        Q_EMIT openRequested(u"deadletters"_s, focus);
        return;
    }
}

QString TimelinePane::stateText() const
{
    return m_state->text();
}

void TimelinePane::updateState()
{
    const TimelineFilter &filter = m_model->filter();
    const auto time = [](const QDateTime &at) {
        return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
    };
    QString text;
    if (!m_model->errorText().isEmpty())
        text = tr("The timeline could not be read: %1 Press F5 to try again.")
                   .arg(m_model->errorText());
    else if (!filter.from.isValid())
        text = tr("Reading what changed…");
    else if (m_model->rowCount() == 0 && m_model->atEnd())
        text = tr("Nothing changed from %1 to %2 that the filters let through. Widen the range "
                  "or clear the filters.")
                   .arg(time(filter.from), time(filter.to));
    else if (m_model->atEnd())
        text = (m_model->rowCount() == 1
                    ? tr("%Ln change from %1 to %2, newest first.", nullptr, m_model->rowCount())
                    : tr("%Ln changes from %1 to %2, newest first.", nullptr, m_model->rowCount()))
                   .arg(time(filter.from), time(filter.to));
    else
        text = tr("%Ln changes from %1 back to %2 so far, newest first; more are read as you "
                  "scroll.",
                  nullptr, m_model->rowCount())
                   .arg(time(filter.to),
                        time(m_model->readDownTo().isValid() ? m_model->readDownTo() : filter.to));
    m_state->setText(text);
}

void TimelinePane::updateKindsTitle()
{
    const QList<QAction *> actions = m_kinds->menu()->actions();
    const auto ticked =
        std::count_if(actions.begin(), actions.end(), [](QAction *a) { return a->isChecked(); });
    m_kinds->setText(ticked == actions.size()
                         ? tr("&Kinds")
                         : tr("&Kinds (%1 of %2)").arg(ticked).arg(actions.size()));
}

QJsonObject TimelinePane::viewState() const
{
    QJsonArray kinds;
    for (QAction *action : m_kinds->menu()->actions())
        if (action->isChecked())
            kinds.append(changeKindName(ChangeKind(action->data().toInt())));
    QJsonObject state{
        {u"range_seconds"_s, m_range->currentData().toInt()},
        {u"severity"_s, changeSeverityName(ChangeSeverity(m_severity->currentData().toInt()))}};
    if (!m_component->text().isEmpty())
        state.insert(u"component"_s, m_component->text());
    if (!m_port->text().isEmpty())
        state.insert(u"port"_s, m_port->text());
    state.insert(u"kinds"_s, kinds);
    return state;
}

void TimelinePane::applyViewState(const QJsonObject &state)
{
    const int range = m_range->findData(state.value("range_seconds"_L1).toInt(3600));
    m_range->setCurrentIndex(range >= 0 ? range : defaultRange);
    m_component->setText(state.value("component"_L1).toString());
    m_port->setText(state.value("port"_L1).toString());
    // A view that names no kinds: those a timeline opens on.
    const QJsonArray kinds = state.value("kinds"_L1).toArray();
    for (QAction *action : m_kinds->menu()->actions()) {
        const auto kind = ChangeKind(action->data().toInt());
        const QSignalBlocker blocker(action);
        action->setChecked(state.contains("kinds"_L1) ? kinds.contains(changeKindName(kind))
                                                      : shownAtFirst(kind));
    }
    updateKindsTitle();
    const auto severity = changeSeverityNamed(state.value("severity"_L1).toString());
    m_severity->setCurrentIndex(m_severity->findData(int(severity.value_or(ChangeSeverity::Info))));
    apply();
}

} // namespace porthole
