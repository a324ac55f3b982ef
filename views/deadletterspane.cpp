#include "deadletterspane.h"

#include "errorcomparisondialog.h"
#include "errorgroupmodel.h"
#include "errorsignature.h"
#include "icons.h"
#include "listingparts.h"
#include "messageactionbar.h"
#include "portmessagebrowser.h"
#include "portmessagelookup.h"
#include "portmessagemodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"deadletters"_s;
constexpr int regroupIntervalMs = 10000;
// Typing settles before the listing starts over.
constexpr int searchDelayMs = 250;

// The groups as the table shows them: times in local time with UTC in the tooltip, a name for
// the group of dead letters without an error message. Sorting compares the model's values.
class GroupProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        const QVariant value = QSortFilterProxyModel::data(index, role);
        const int column = index.column();
        const bool time =
            column == ErrorGroupModel::FirstSeenColumn || column == ErrorGroupModel::LastSeenColumn;
        if (time && (role == Qt::DisplayRole || role == Qt::ToolTipRole)) {
            const QDateTime at = QSortFilterProxyModel::data(index, Qt::DisplayRole).toDateTime();
            if (!at.isValid())
                return {};
            return role == Qt::DisplayRole ? at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s)
                                           : at.toUTC().toString(Qt::ISODate);
        }
        if (column == ErrorGroupModel::SignatureColumn && role == Qt::DisplayRole &&
            value.toString().isEmpty())
            return DeadLettersPane::tr("(no error message)");
        return value;
    }
};

} // namespace

DeadLettersPane::DeadLettersPane(PortMessageModel *model, PortMessageLookup *lookup,
                                 QWidget *parent)
    : Pane(u"deadletters"_s, paneTitle(), parent)
    , m_model(model)
    , m_lookup(lookup)
    , m_groups(new GroupProxy(this))
{
    m_model->setDeadLettersOnly(true);

    m_actions = new QToolBar(tr("Dead letter actions"), this);
    m_actions->setObjectName(u"actions"_s);
    m_actions->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction *reload = m_actions->addAction(themedIcon(IconId::Refresh), tr("&Refresh"), this,
                                           &DeadLettersPane::refresh);
    reload->setToolTip(tr("Read the dead letters and group them again (F5)"));
    m_actions->addSeparator();

    QLabel *searchLabel = setUpSearch();

    setUpGroups();
    setUpLetters();

    auto *groups = new QWidget(this);
    auto *groupsLayout = new QVBoxLayout(groups);
    groupsLayout->setContentsMargins(0, 0, 0, 0);
    groupsLayout->addWidget(m_groupsLabel);
    groupsLayout->addWidget(m_groupView, 1);

    auto *letters = new QWidget(this);
    auto *shownBar = new QHBoxLayout;
    shownBar->addWidget(m_shownGroup, 1);
    shownBar->addWidget(m_showAll);
    auto *lettersLayout = new QVBoxLayout(letters);
    lettersLayout->setContentsMargins(0, 0, 0, 0);
    lettersLayout->addLayout(shownBar);
    lettersLayout->addWidget(m_browser, 1);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"groupsSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(groups);
    m_splitter->addWidget(letters);
    // About six groups in view in the window's default 680 px (until the operator drags the
    // splitter, and from then on as they left it).
    shareSplitter(m_splitter, {9, 21});

    // The actions to come get the most of the width.
    auto *top = new QHBoxLayout;
    top->addWidget(m_actions, 2);
    top->addWidget(searchLabel);
    top->addWidget(m_search, 1);
    top->addWidget(makeViewsButton());
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_splitter, 1);

    focusOnFind(this, m_search);

    connectGroups();

    followWhileShown([this] { return QList<PagedTableModel *>{m_model}; }, {},
                     PaneFollower::CatchUp::None);
    restoreSettings();
    updateShownGroup();
    afterFirstRows(m_model, this, [this] { m_lookup->requestErrorGroups(); });
}

QLabel *DeadLettersPane::setUpSearch()
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"search"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Payload, error, metadata or id"));
    m_search->setToolTip(tr("Shows the dead letters whose payload, error or metadata (a trace id) "
                            "contains the text, in any case, or whose id it is (Ctrl+F)"));
    m_search->setMinimumWidth(m_search->fontMetrics().averageCharWidth() * 20);
    m_search->setMaximumWidth(m_search->fontMetrics().averageCharWidth() * 32);
    auto *searchLabel = new QLabel(tr("F&ind:"), this);
    searchLabel->setBuddy(m_search);
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(searchDelayMs);
    connect(&m_searchDelay, &QTimer::timeout, this, &DeadLettersPane::applySearch);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &DeadLettersPane::applySearch);
    return searchLabel;
}

void DeadLettersPane::setUpGroups()
{
    m_groupsLabel = new QLabel(tr("Grouping the dead letters by their error…"), this);
    m_groupsLabel->setWordWrap(true);
    m_groupsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // No groups until the first are read: an empty model gives the table its columns.
    m_groups->setSourceModel(new ErrorGroupModel(m_groups));
    m_groupView = new QTableView(this);
    m_groupView->setObjectName(u"groupView"_s);
    m_groupView->setModel(m_groups);
    m_groupView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_groupView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_groupView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_groupView->setAlternatingRowColors(true);
    m_groupView->setWordWrap(false);
    m_groupView->setTextElideMode(Qt::ElideRight);
    m_groupView->verticalHeader()->hide();
    m_groupView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_groupView->verticalHeader()->setDefaultSectionSize(m_groupView->fontMetrics().height() + 6);
    m_groupView->setSortingEnabled(true);
    m_groupView->sortByColumn(ErrorGroupModel::CountColumn, Qt::DescendingOrder);
    m_groups->setSortRole(Qt::DisplayRole);
    QHeaderView *header = m_groupView->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(ErrorGroupModel::SignatureColumn, QHeaderView::Stretch);
    const int digit = m_groupView->fontMetrics().horizontalAdvance(u"0"_s);
    m_groupView->setColumnWidth(ErrorGroupModel::CountColumn, 10 * digit);
    m_groupView->setColumnWidth(ErrorGroupModel::FirstSeenColumn, 22 * digit);
    m_groupView->setColumnWidth(ErrorGroupModel::LastSeenColumn, 22 * digit);
}

void DeadLettersPane::setUpLetters()
{
    m_shownGroup = new QLabel(this);
    m_shownGroup->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_shownGroup->setTextFormat(Qt::PlainText);
    m_showAll = new QPushButton(tr("Show &all dead letters"), this);
    m_showAll->setObjectName(u"showAll"_s);
    m_showAll->hide();
    connect(m_showAll, &QPushButton::clicked, this, &DeadLettersPane::showAllGroups);

    m_browser = new PortMessageBrowser(m_model, this);
    m_noneText = tr("There are no dead letters: every message was delivered or is still being "
                    "retried.");
    connect(m_browser, &PortMessageBrowser::statusMessage, this, &Pane::statusMessage);
    openJourneysFrom(m_browser, this);
    m_actionBar = new MessageActionBar(m_actions, m_browser, [this] { return shownRows(); });
}

void DeadLettersPane::connectGroups()
{
    connect(m_groupView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &DeadLettersPane::onGroupClicked);
    connect(m_lookup, &PortMessageLookup::errorGroupsRead, this, &DeadLettersPane::onGroupsRead);
    connect(m_lookup, &PortMessageLookup::failed, this, [this](const QString &message) {
        m_groupsLabel->setText(
            tr("Cannot group the dead letters by their error.\n%1").arg(message));
    });
    m_regroup.setSingleShot(true);
    m_regroup.setInterval(regroupIntervalMs);
    connect(&m_regroup, &QTimer::timeout, this, [this] { m_lookup->requestErrorGroups(); });
    connect(m_model, &PagedTableModel::newRowsChanged, this, [this](qint64 fresh) {
        if (fresh > 0)
            regroupSoon();
    });
    // Rows that came while the listing follows at its top change the count, not the new rows
    // waiting: the groups are read again for them too, so that their figures stay the list's.
    connect(m_model, &PagedTableModel::totalCountChanged, this, &DeadLettersPane::regroupSoon);
}

void DeadLettersPane::regroupSoon()
{
    // Back in sight after a while away, the list catches up at once: the groups beside it too.
    if (m_regroupAtOnce && isVisible()) {
        m_regroupAtOnce = false;
        m_regroup.stop();
        m_lookup->requestErrorGroups();
    } else if (!m_regroup.isActive()) {
        m_regroup.start();
    }
}

void DeadLettersPane::hideEvent(QHideEvent *event)
{
    Pane::hideEvent(event);
    m_regroupAtOnce = true;
}

DeadLettersPane::~DeadLettersPane()
{
    saveSettings();
}

QIcon DeadLettersPane::paneIcon()
{
    return themedIcon(IconId::DeadLetters);
}

std::shared_ptr<const ExportSource> DeadLettersPane::exportSource() const
{
    return m_model->exportSource();
}

QString DeadLettersPane::exportDescription() const
{
    return tr("the dead letters shown (%1)").arg(PagedTableModel::countText(m_model->totalCount()));
}

void DeadLettersPane::offerComparison(ErrorComparisonModel *comparison)
{
    QAction *compare = m_actions->addAction(tr("Compare with…"), this, [this, comparison] {
        auto *dialog = new ErrorComparisonDialog(comparison, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    compare->setObjectName(u"compareWith"_s);
    compare->setToolTip(tr("The error signatures of a recent range beside an earlier one: new, "
                           "grown, gone, with their counts"));
}

ErrorGroupModel *DeadLettersPane::groupModel() const
{
    return m_lookup->errorGroups();
}

void DeadLettersPane::refresh()
{
    m_model->refresh();
    m_lookup->requestErrorGroups();
}

void DeadLettersPane::onGroupsRead(qint64 grouped, bool complete)
{
    // The old groups go once this returns: the table lets go of them now.
    {
        const QScopedValueRollback selecting(m_selecting, true);
        m_groups->setSourceModel(m_lookup->errorGroups());
    }
    const int count = m_lookup->errorGroups()->rowCount();
    const QLocale locale;
    QString text;
    if (grouped == 0)
        text = tr("There are no dead letters to group.");
    else if (complete)
        text = tr("%Ln dead letters in %1 groups by their error: click one to see its dead "
                  "letters.",
                  nullptr, int(grouped))
                   .arg(locale.toString(count));
    else
        text = tr("The newest %Ln dead letters in %1 groups by their error: click one to see "
                  "its dead letters.",
                  nullptr, int(grouped))
                   .arg(locale.toString(count));
    m_groupsLabel->setText(text);
    selectShownGroup();
}

void DeadLettersPane::onGroupClicked()
{
    if (m_selecting)
        return;
    const QModelIndex current = m_groupView->currentIndex();
    if (!current.isValid())
        return;
    // The group of messages without an error has the empty signature, which is not "all".
    const QString signature = current.data(ErrorGroupModel::SignatureRole).toString();
    showGroup(signature.isNull() ? u""_s : signature);
}

void DeadLettersPane::applySearch()
{
    m_searchDelay.stop();
    PortMessageFilter filter = m_model->filter();
    const QString text = m_search->text().trimmed();
    if (text == filter.text)
        return;
    filter.text = text;
    m_model->setFilter(filter);
    updateShownGroup();
}

void DeadLettersPane::showGroup(const QString &signature)
{
    m_model->setErrorSignature(signature);
    updateShownGroup();
    selectShownGroup();
}

void DeadLettersPane::showPort(const QString &port)
{
    PortMessageFilter filter = m_model->filter();
    const QStringList ports = port.isEmpty() ? QStringList() : QStringList{port};
    if (filter.ports != ports) {
        filter.ports = ports;
        m_model->setFilter(filter);
    }
    updateShownGroup();
}

QString DeadLettersPane::shownPort() const
{
    return m_model->filter().ports.value(0);
}

void DeadLettersPane::showAllGroups()
{
    showPort({});
    showGroup(QString());
}

void DeadLettersPane::focusOn(const PaneFocus &focus)
{
    if (focus.port.isEmpty())
        return;
    showGroup(QString());
    showPort(focus.port);
}

QJsonObject DeadLettersPane::viewState() const
{
    const QString group = shownGroup();
    return {{u"group"_s, group.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(group)},
            {u"port"_s, shownPort()},
            {u"text"_s, m_search->text().trimmed()}};
}

void DeadLettersPane::applyViewState(const QJsonObject &state)
{
    {
        const QSignalBlocker quiet(m_search);
        m_search->setText(state[u"text"_s].toString());
    }
    applySearch();
    showPort(state[u"port"_s].toString());
    const QJsonValue group = state[u"group"_s];
    showGroup(group.isString() ? group.toString() : QString());
}

QString DeadLettersPane::shownGroup() const
{
    return m_model->errorSignature();
}

void DeadLettersPane::selectShownGroup()
{
    const QScopedValueRollback selecting(m_selecting, true);
    const QString signature = shownGroup();
    if (signature.isNull()) {
        m_groupView->clearSelection();
        m_groupView->setCurrentIndex({});
        return;
    }
    for (int row = 0; row < m_groups->rowCount(); ++row) {
        const QModelIndex index = m_groups->index(row, ErrorGroupModel::SignatureColumn);
        if (index.data(ErrorGroupModel::SignatureRole).toString() == signature) {
            m_groupView->setCurrentIndex(index);
            m_groupView->scrollTo(index);
            return;
        }
    }
}

void DeadLettersPane::updateShownGroup()
{
    const QString signature = shownGroup();
    const QString port = shownPort();
    const QString error = signature.isEmpty() ? tr("(no error message)") : signature;
    if (signature.isNull())
        m_shownGroup->setText(port.isEmpty() ? tr("All dead letters")
                                             : tr("Dead letters on the port %1").arg(port));
    else
        m_shownGroup->setText(
            port.isEmpty() ? tr("Dead letters with the error: %1").arg(error)
                           : tr("Dead letters on the port %1 with the error: %2").arg(port, error));
    m_showAll->setVisible(!signature.isNull() || !port.isEmpty());
    const QString text = m_model->filter().text;
    if (text.isEmpty())
        m_browser->setEmptyTexts(m_noneText, tr("No dead letters of this group are left."));
    else if (signature.isNull())
        m_browser->setEmptyTexts(m_noneText, tr("No dead letter holds “%1”.").arg(text));
    else
        m_browser->setEmptyTexts(m_noneText,
                                 tr("No dead letter of this group holds “%1”.").arg(text));
    m_browser->setFiltered(!signature.isNull() || !text.isEmpty() || !port.isEmpty());
}

ActionSelection DeadLettersPane::shownRows() const
{
    ActionSelection shown;
    shown.filter = m_model->filter();
    const QString signature = shownGroup();
    if (!signature.isNull()) {
        shown.filter.errorLike = errorLikePattern(signature);
        shown.matches = [signature](const PortMessage &m) {
            return errorSignature(m.errorMessage) == signature;
        };
        const QString error = signature.isEmpty() ? tr("(no error message)") : signature;
        shown.description =
            shown.filter.text.isEmpty()
                ? tr("dead letters with the error: %1").arg(error)
                : tr("dead letters with the error: %1, holding “%2”").arg(error, shown.filter.text);
    } else {
        shown.description =
            shown.filter.text.isEmpty()
                ? tr("every dead letter shown")
                : tr("every dead letter shown, holding “%1”").arg(shown.filter.text);
    }
    if (!shown.filter.ports.isEmpty())
        //: What an action acts on, narrowed to a port: "every dead letter shown, on the port mail"
        shown.description = tr("%1, on the port %2").arg(shown.description, shownPort());
    return shown;
}

QString DeadLettersPane::groupsText() const
{
    return m_groupsLabel->text();
}

QString DeadLettersPane::shownGroupText() const
{
    return m_shownGroup->text();
}

void DeadLettersPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"groupsSplitter"_s, m_splitter->saveState());
    settings.setValue(u"groupColumns"_s, m_groupView->horizontalHeader()->saveState());
    m_browser->saveState(settings);
}

void DeadLettersPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_splitter->restoreState(settings.value(u"groupsSplitter"_s).toByteArray());
    m_groupView->horizontalHeader()->restoreState(settings.value(u"groupColumns"_s).toByteArray());
    m_browser->restoreState(settings);
}

} // namespace porthole
