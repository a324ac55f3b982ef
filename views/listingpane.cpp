#include "listingpane.h"

#include "jsontreemodel.h"
#include "listingparts.h"
#include "pagedtablemodel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

ListingPane::ListingPane(const QString &id, const QString &title, PagedTableModel *model,
                         Names names, int filterDelayMs, QWidget *parent)
    : Pane(id, title, parent)
    , m_listing(model)
    , m_names(std::move(names))
    , m_treeModel(new JsonTreeModel(this))
{
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(filterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, [this] { applyFilter(); });

    m_export = new QPushButton(tr("&Export…"), this);
    m_export->setObjectName(u"exportButton"_s);
    connect(m_export, &QPushButton::clicked, this, [this] {
        applyFilter(); // what the bar says is what is written
        Q_EMIT exportRequested();
    });
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);

    m_view = makeListingTable(this, model, m_names.view,
                              [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_stack = new ListingStack(m_view, this);
    const JsonDetail detail = makeJsonDetail(this, m_treeModel, m_names.tree);
    m_detail = detail.widget;
    m_detailHeading = detail.heading;
    m_tree = detail.tree;

    // A row asked for is looked for among the rows as they are read, until a new listing.
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { selectWanted(first, last); });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                selectWanted(topLeft.row(), bottomRight.row());
            });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { m_wanted = nullptr; });
}

void ListingPane::selectWhenRead(std::function<bool(const QModelIndex &)> matches)
{
    m_wanted = std::move(matches);
    selectWanted(0, m_listing->rowCount() - 1);
}

void ListingPane::selectWanted(int first, int last)
{
    for (int row = first; m_wanted && row <= last; ++row) {
        const QModelIndex index = m_listing->index(row, 0);
        if (!m_wanted(index))
            continue;
        m_wanted = nullptr;
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

void ListingPane::layOut(QLayout *bar, bool foldDetail)
{
    m_foldDetail = foldDetail;
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(m_names.splitter);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(m_detail);
    shareSplitter(m_splitter, {3, 2});
    if (foldDetail) // the rows have the width until one is selected
        foldDetailsUntilSelected(m_splitter, m_detail, m_view->selectionModel());

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_count);
    layout->addWidget(m_splitter, 1);

    openOnEnter(m_view, m_tree);
    watchListing(
        m_listing, m_view, this, [this] { updateState(); }, [this] { updateDetails(); });

    restoreSettings();
    updateState(); // and, with no row current yet, the detail
}

ListingPane::~ListingPane()
{
    saveSettings();
}

std::shared_ptr<const ExportSource> ListingPane::exportSource() const
{
    return m_listing->exportSource();
}

void ListingPane::saveSettings() const
{
    if (!m_splitter) // never laid out
        return;
    QSettings settings;
    settings.beginGroup(m_names.settingsGroup);
    settings.setValue(u"columns"_s, m_view->horizontalHeader()->saveState());
    if (m_foldDetail)
        settings.setValue(u"detailsShare"_s, m_splitter->property(openDetailsShare));
    else
        settings.setValue(u"splitter"_s, m_splitter->saveState());
}

void ListingPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(m_names.settingsGroup);
    m_view->horizontalHeader()->restoreState(settings.value(u"columns"_s).toByteArray());
    if (!m_foldDetail)
        m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
    else if (const QVariant share = settings.value(u"detailsShare"_s); share.isValid())
        m_splitter->setProperty(openDetailsShare, share.toDouble());
}

void ListingPane::refresh()
{
    applyFilter();
    m_listing->refresh();
}

// --- What the pane says -------------------------------------------------------------------

QString ListingPane::countText() const
{
    return m_count->text();
}

QString ListingPane::stateText() const
{
    return m_stack->stateText();
}

QString ListingPane::detailHeading() const
{
    return m_detailHeading->text();
}

void ListingPane::showState(const ListingTexts &texts)
{
    const QString error = showListingState(m_stack, m_count, m_listing, texts);
    if (!error.isEmpty())
        Q_EMIT statusMessage(error);
    if (!m_view->selectionModel()->currentIndex().isValid())
        updateDetails();
}

QModelIndex ListingPane::currentRow(const QString &none, const QString &reading) const
{
    return readCurrentRow(m_view, m_detailHeading, m_treeModel, none, reading);
}

void ListingPane::showDetail(const QStringList &heading, const QJsonValue &value, int expandedDepth)
{
    m_detailHeading->setText(heading.join(u" · "_s));
    m_treeModel->setValue(value);
    m_tree->expandToDepth(expandedDepth);
}

} // namespace porthole
