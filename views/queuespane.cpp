#include "queuespane.h"

#include "icons.h"
#include "listingparts.h"
#include "messageactionbar.h"
#include "portmessagebrowser.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"
#include "queuefiltercounts.h"
#include "savedviews.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"queues"_s;

bool sameFilter(const PortMessageFilter &a, const PortMessageFilter &b)
{
    return a.ports == b.ports && a.statuses == b.statuses &&
           a.deadLettersOnly == b.deadLettersOnly && a.from == b.from && a.to == b.to &&
           a.text == b.text && a.errorLike == b.errorLike;
}

bool filtersAnything(const PortMessageFilter &filter)
{
    return !sameFilter(filter, PortMessageFilter{});
}

QDateTimeEdit *timeEdit(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    edit->setTimeSpec(Qt::LocalTime);
    edit->setEnabled(false);
    return edit;
}

} // namespace

QueuesPane::QueuesPane(PortMessageModel *model, PortMessageLookup *lookup, QWidget *parent)
    : Pane(u"queues"_s, paneTitle(), parent)
    , m_model(model)
    , m_lookup(lookup)
{
    m_port = new QComboBox(this);
    m_port->setObjectName(u"port"_s);
    // As wide as a typical port name whatever the names are: a long one does not widen the bar.
    m_port->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_port->setMinimumContentsLength(18);
    m_port->addItem(tr("All ports"), QString());
    m_port->setToolTip(tr("Only the messages of one port"));
    auto *portLabel = new QLabel(tr("&Port:"), this);
    portLabel->setBuddy(m_port);

    QHBoxLayout *statuses = setUpStatuses();
    setUpTimeRange();
    QLabel *searchLabel = setUpSearch();

    m_live = new QCheckBox(tr("&Live"), this);
    m_live->setToolTip(tr("Show new and changed messages as they are stored"));
    m_live->setChecked(true);
    connect(m_live, &QCheckBox::toggled, this, &QueuesPane::updateFollow);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &QueuesPane::applyFilter);
    connect(m_port, &QComboBox::activated, this, &QueuesPane::applyFilter);

    // Two rows, so that the bar fits the window at its default width (1100 px): what is
    // filtered by most often above, the time range below.
    auto *bar = new QHBoxLayout;
    bar->addWidget(portLabel);
    bar->addWidget(m_port);
    bar->addSpacing(8);
    bar->addLayout(statuses);
    bar->addSpacing(8);
    bar->addWidget(searchLabel);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_live);
    auto *times = new QHBoxLayout;
    times->addWidget(m_fromBox);
    times->addWidget(m_from);
    times->addSpacing(8);
    times->addWidget(m_toBox);
    times->addWidget(m_to);
    times->addSpacing(8);
    times->addWidget(makeViewsButton());
    times->addStretch(1);

    m_browser = new PortMessageBrowser(m_model, this);
    m_browser->setEmptyTexts(
        tr("There are no port messages yet.\nThey are shown here as the pipeline stores them."),
        tr("No port messages match the filter."));
    connect(m_browser, &PortMessageBrowser::statusMessage, this, &Pane::statusMessage);
    openJourneysFrom(m_browser, this);

    auto *actions = new QToolBar(tr("Port message actions"), this);
    actions->setObjectName(u"actions"_s);
    actions->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_actionBar = new MessageActionBar(actions, m_browser, [this] {
        ActionSelection shown;
        shown.filter = m_model->filter();
        shown.description = tr("every port message the Queues filter shows");
        return shown;
    });
    times->addWidget(actions);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(times);
    layout->addWidget(m_browser, 1);

    focusOnFind(this, m_search);

    connect(m_lookup, &PortMessageLookup::portsRead, this, &QueuesPane::onPorts);
    m_counts = new QueueFilterCounts(m_model, m_lookup, m_port, m_statuses, this);
    followWhileShown([this] { return QList<PagedTableModel *>{m_model}; },
                     [this] { return isLive(); }, PaneFollower::CatchUp::None);
    restoreSettings();
    afterFirstRows(m_model, this, [this] { m_lookup->requestPorts(); });
}

void QueuesPane::setBacklogTrends(const BacklogTrendSet &trends)
{
    m_counts->setTrends(trends);
}

QHBoxLayout *QueuesPane::setUpStatuses()
{
    auto *statuses = new QHBoxLayout;
    statuses->setSpacing(0);
    for (const QString &status : PortMessageRepository::statuses()) {
        auto *button = new QToolButton(this);
        button->setObjectName(u"status-"_s + status);
        button->setText(QString(status).replace(u'_', u' '));
        button->setCheckable(true);
        button->setToolTip(tr("Show the messages with status %1 (none chosen: all)").arg(status));
        statuses->addWidget(button);
        m_statuses << button;
        connect(button, &QToolButton::toggled, this, &QueuesPane::applyFilter);
    }
    return statuses;
}

void QueuesPane::setUpTimeRange()
{
    m_fromBox = new QCheckBox(tr("&From:"), this);
    m_from = timeEdit(this);
    m_toBox = new QCheckBox(tr("T&o:"), this);
    m_to = timeEdit(this);
    m_to->setToolTip(tr("Created before this time (local time)"));
    m_from->setToolTip(tr("Created at or after this time (local time)"));
    const QDateTime now = QDateTime::currentDateTime();
    m_from->setDateTime(QDateTime(now.date().addDays(-1), QTime(0, 0)));
    m_to->setDateTime(QDateTime(now.date().addDays(1), QTime(0, 0)));
    connect(m_fromBox, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toBox, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    connect(m_fromBox, &QCheckBox::toggled, this, &QueuesPane::applyFilter);
    connect(m_toBox, &QCheckBox::toggled, this, &QueuesPane::applyFilter);
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, [this] { m_debounce.start(); });
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, [this] { m_debounce.start(); });
}

QLabel *QueuesPane::setUpSearch()
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"search"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Payload, error, metadata or id"));
    m_search->setMinimumWidth(m_search->fontMetrics().averageCharWidth() * 24);
    m_search->setToolTip(tr("Finds messages whose payload, error or metadata (a trace id) contains "
                            "the text, in any case, or whose id it is (Ctrl+F)"));
    auto *searchLabel = new QLabel(tr("F&ind:"), this);
    searchLabel->setBuddy(m_search);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &QueuesPane::applyFilter);
    return searchLabel;
}

QueuesPane::~QueuesPane()
{
    saveSettings();
}

QIcon QueuesPane::paneIcon()
{
    return themedIcon(IconId::Queues);
}

std::shared_ptr<const ExportSource> QueuesPane::exportSource() const
{
    return m_model->exportSource();
}

QString QueuesPane::exportDescription() const
{
    return tr("the port messages shown (%1)")
        .arg(PagedTableModel::countText(m_model->totalCount()));
}

QToolButton *QueuesPane::statusButton(const QString &status) const
{
    for (QToolButton *button : m_statuses) {
        if (button->objectName() == u"status-"_s + status)
            return button;
    }
    return nullptr;
}

PortMessageFilter QueuesPane::filter() const
{
    PortMessageFilter filter;
    if (const QString port = m_port->currentData().toString(); !port.isEmpty())
        filter.ports = {port};
    for (qsizetype i = 0; i < m_statuses.size(); ++i) {
        if (m_statuses.at(i)->isChecked())
            filter.statuses << PortMessageRepository::statuses().at(i);
    }
    if (m_fromBox->isChecked())
        filter.from = m_from->dateTime().toUTC();
    if (m_toBox->isChecked())
        filter.to = m_to->dateTime().toUTC();
    filter.text = m_search->text().trimmed();
    return filter;
}

void QueuesPane::setFilter(const PortMessageFilter &filter)
{
    {
        const QSignalBlocker blockPort(m_port);
        const QString port = filter.ports.value(0);
        int index = m_port->findData(port);
        if (index < 0) {
            m_port->addItem(port, port);
            index = m_port->count() - 1;
        }
        m_port->setCurrentIndex(index);
    }
    for (qsizetype i = 0; i < m_statuses.size(); ++i) {
        const QSignalBlocker block(m_statuses.at(i));
        m_statuses.at(i)->setChecked(
            filter.statuses.contains(PortMessageRepository::statuses().at(i)));
    }
    for (const auto &[box, edit, time] :
         {std::tuple{m_fromBox, m_from, filter.from}, std::tuple{m_toBox, m_to, filter.to}}) {
        const QSignalBlocker blockBox(box);
        const QSignalBlocker blockEdit(edit);
        box->setChecked(time.isValid());
        edit->setEnabled(time.isValid());
        if (time.isValid())
            edit->setDateTime(time.toLocalTime());
    }
    {
        const QSignalBlocker block(m_search);
        m_search->setText(filter.text);
    }
    applyFilter();
}

QJsonObject QueuesPane::viewState() const
{
    const PortMessageFilter shown = filter();
    return {{u"port"_s, shown.ports.value(0)},
            {u"statuses"_s, QJsonArray::fromStringList(shown.statuses)},
            {u"from"_s, SavedViews::timeValue(shown.from)},
            {u"to"_s, SavedViews::timeValue(shown.to)},
            {u"text"_s, shown.text}};
}

void QueuesPane::applyViewState(const QJsonObject &state)
{
    PortMessageFilter wanted;
    if (const QString port = state[u"port"_s].toString(); !port.isEmpty())
        wanted.ports = {port};
    for (const QJsonValue &status : state[u"statuses"_s].toArray()) {
        if (PortMessageRepository::statuses().contains(status.toString()))
            wanted.statuses << status.toString();
    }
    wanted.from = SavedViews::timeFrom(state[u"from"_s]);
    wanted.to = SavedViews::timeFrom(state[u"to"_s]);
    wanted.text = state[u"text"_s].toString();
    setFilter(wanted);
}

void QueuesPane::applyFilter()
{
    m_debounce.stop();
    const PortMessageFilter wanted = filter();
    if (sameFilter(wanted, m_model->filter()))
        return;
    m_model->setFilter(wanted);
    m_browser->setFiltered(filtersAnything(wanted));
}

void QueuesPane::focusOn(const PaneFocus &focus)
{
    if (focus.port.isEmpty() && focus.search.isEmpty())
        return;
    PortMessageFilter wanted;
    if (!focus.port.isEmpty())
        wanted.ports = {focus.port};
    wanted.text = focus.search; // a message's id: that message, whatever its port and status
    setFilter(wanted);
}

void QueuesPane::onPorts(const QStringList &ports)
{
    const QString current = m_port->currentData().toString();
    const QSignalBlocker block(m_port);
    m_port->clear();
    m_port->addItem(tr("All ports"), QString());
    QStringList sorted = ports;
    if (!current.isEmpty() && !sorted.contains(current))
        sorted << current; // chosen before it was stored, or gone since: still the filter
    sorted.sort(Qt::CaseInsensitive);
    for (const QString &port : std::as_const(sorted))
        m_port->addItem(port, port);
    m_port->setCurrentIndex(std::max(0, m_port->findData(current)));
}

void QueuesPane::refresh()
{
    m_model->refresh();
    m_lookup->requestPorts();
}

bool QueuesPane::isLive() const
{
    return m_live->isChecked();
}

void QueuesPane::setLive(bool live)
{
    m_live->setChecked(live);
}

void QueuesPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_browser->saveState(settings);
    settings.setValue(u"live"_s, isLive());
}

void QueuesPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_browser->restoreState(settings);
    m_live->setChecked(settings.value(u"live"_s, isLive()).toBool());
}

} // namespace porthole
