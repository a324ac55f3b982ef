#include "tablespane.h"

#include "changenotifier.h"
#include "consolemodel.h"
#include "icons.h"
#include "listingends.h"
#include "listingparts.h"
#include "sqlconsole.h"
#include "tablebrowsermodels.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <numeric>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"tables"_s;

QTableView *tableView(const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setCornerButtonEnabled(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    return view;
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

TablesPane::TablesPane(CatalogModel *catalog, QWidget *parent)
    : Pane(u"tables"_s, paneTitle(), parent)
    , m_catalog(catalog)
{
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the catalog and the chosen table again (F5)"));
    auto *exportButton = new QPushButton(tr("&Export…"), this);
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setToolTip(tr("Writes every row of the chosen table, as filtered and sorted, to "
                                "a CSV, JSON or JSON Lines file (Ctrl+E)"));
    connect(refreshButton, &QPushButton::clicked, this, &TablesPane::refresh);
    connect(exportButton, &QPushButton::clicked, this, &Pane::exportRequested);
    m_tableHeading = tr("Choose a table or view on the left.");
    m_heading = new QLabel(m_tableHeading, this);
    m_heading->setObjectName(u"tableHeading"_s);
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_heading);
    bar->addStretch();
    bar->addWidget(m_count);
    bar->addWidget(refreshButton);
    bar->addWidget(exportButton);

    m_console = new SqlConsole(m_catalog->console(this), this);
    connect(m_console, &SqlConsole::statusMessage, this, &Pane::statusMessage);
    connect(m_console, &SqlConsole::exportRequested, this, &Pane::exportRequested);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"tablesTabs"_s);
    m_tabs->addTab(makeRowsTab(), tr("Rows"));
    m_tabs->addTab(m_console, tr("SQL console"));
    m_tabs->setTabToolTip(1, tr("Asks the database a question of your own, read-only"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &TablesPane::updateStates);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"tablesSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(makeCatalogPart());
    m_splitter->addWidget(m_tabs);
    shareSplitter(m_splitter, {1, 2});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    connect(m_catalog, &PagedTableModel::stateChanged, this, &TablesPane::updateStates);
    connect(m_catalog, &PagedTableModel::stateChanged, this, &TablesPane::chooseFirstTable);
    // The catalog's row counts follow too, to agree with the chosen table's.
    followWhileShown([this] { return QList<PagedTableModel *>{m_catalog, m_rows}; });
    QSettings settings;
    settings.beginGroup(settingsGroup);
    if (!m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray()))
        fitSplitterToColumns(m_catalogView);
    updateStates();
}

QWidget *TablesPane::makeCatalogPart()
{
    m_catalogView = tableView(u"catalogView"_s, this);
    m_catalogView->setModel(m_catalog);
    m_catalogView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_catalogView->setColumnWidth(CatalogModel::NameColumn,
                                  m_catalogView->fontMetrics().averageCharWidth() * 24);
    fitColumn(m_catalogView, CatalogModel::KindColumn, u"table"_s);
    fitColumn(m_catalogView, CatalogModel::RowsColumn, u"about 999 k"_s);
    fitColumn(m_catalogView, CatalogModel::GroupColumn, u"pipeline"_s);
    widenColumnsToRows(m_catalogView, {CatalogModel::NameColumn, CatalogModel::RowsColumn});
    connect(m_catalogView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showTable(current.row());
            });
    // A click on the table already chosen (from the console) goes back to its rows.
    connect(m_catalogView, &QAbstractItemView::clicked, this, [this] {
        if (m_rows)
            m_tabs->setCurrentWidget(m_rowsTab);
    });
    m_schema = new QTextBrowser(this);
    m_schema->setObjectName(u"schemaText"_s);
    m_schema->setPlaceholderText(tr("The chosen table's columns and indexes show here."));
    auto *catalogSplit = new QSplitter(Qt::Vertical, this);
    catalogSplit->setChildrenCollapsible(false);
    catalogSplit->addWidget(m_catalogView);
    catalogSplit->addWidget(m_schema);
    shareSplitter(catalogSplit, {3, 2});
    return catalogSplit;
}

QWidget *TablesPane::makeRowsTab()
{
    m_rowsTab = new QWidget(this);
    m_rowsView = tableView(u"rowsView"_s, m_rowsTab);
    m_ends = new ListingEnds(m_rowsView); // Home and End: the table's first and last rows
    m_rowsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    copyRowsOnCtrlC(m_rowsView, [this](const QString &message) { Q_EMIT statusMessage(message); });
    connect(m_rowsView->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            &TablesPane::onSortIndicatorChanged);
    m_rowsStack = new ListingStack(m_rowsView, m_rowsTab, u"rowsState"_s);
    m_keyNote = new QLabel(m_rowsTab);
    m_keyNote->setObjectName(u"keyNote"_s);
    m_keyNote->setWordWrap(true);

    m_filterColumn = new QComboBox(m_rowsTab);
    m_filterColumn->setObjectName(u"filterColumn"_s);
    m_filterColumn->setToolTip(tr("The column the filter applies to"));
    m_filterText = new QLineEdit(m_rowsTab);
    m_filterText->setObjectName(u"filterText"_s);
    m_filterText->setClearButtonEnabled(true);
    m_filterText->setPlaceholderText(tr("Filter: text it contains, =value, >value, is null…"));
    m_filterText->setToolTip(
        tr("Enter applies the filter to the chosen column; each column keeps its own.\n"
           "text: contains it, in any case\n"
           "=v, !=v, <v, <=v, >v, >=v: compares with v (an index on the column serves it)\n"
           "is null, is not null"));
    auto *clear = new QPushButton(tr("C&lear Filters"), m_rowsTab);
    clear->setObjectName(u"clearFilters"_s);
    m_filterSummary = new QLabel(m_rowsTab);
    m_filterSummary->setObjectName(u"filterSummary"_s);
    m_filterSummary->setWordWrap(true);
    focusOnFind(this, m_filterText);
    connect(m_filterText, &QLineEdit::returnPressed, this,
            [this] { setFilter(m_filterColumn->currentIndex(), m_filterText->text()); });
    connect(m_filterColumn, &QComboBox::currentIndexChanged, this, [this](int column) {
        m_filterText->setText(m_rows ? m_rows->filter(column) : QString());
    });
    connect(clear, &QPushButton::clicked, this, [this] {
        if (m_rows)
            m_rows->clearFilters();
        m_filterText->clear();
        updateFilterSummary();
    });
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_filterColumn);
    filterBar->addWidget(m_filterText, 1);
    filterBar->addWidget(clear);
    m_filterBar = {m_filterColumn, m_filterText, clear};

    auto *layout = new QVBoxLayout(m_rowsTab);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_keyNote);
    layout->addLayout(filterBar);
    layout->addWidget(m_filterSummary);
    layout->addWidget(m_rowsStack, 1);
    fillFilterBar();
    return m_rowsTab;
}

TablesPane::~TablesPane()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"splitter"_s, m_splitter->saveState());
}

QIcon TablesPane::paneIcon()
{
    return themedIcon(IconId::Tables);
}

std::shared_ptr<const ExportSource> TablesPane::exportSource() const
{
    if (m_tabs->currentWidget() == m_console)
        return m_console->model()->exportSource();
    return m_rows ? m_rows->exportSource() : nullptr;
}

QString TablesPane::exportDescription() const
{
    if (m_tabs->currentWidget() == m_console)
        return tr("every row the SQL console's statement returns");
    if (!m_rows)
        return Pane::exportDescription();
    return m_rows->isFiltered() ? tr("the rows of %1 that match the filters (%2)")
                                      .arg(m_rows->entry().table.qualifiedName(),
                                           PagedTableModel::countText(m_rows->totalCount()))
                                : tr("every row of %1 (%2)")
                                      .arg(m_rows->entry().table.qualifiedName(),
                                           PagedTableModel::countText(m_rows->totalCount()));
}

void TablesPane::watchChanges(ChangeNotifier *notifier)
{
    m_notifier = notifier;
    if (m_rows)
        m_rows->watchChanges(notifier);
}

void TablesPane::showListedCount()
{
    // The chosen table's count as its listing has it, in the catalog too: the two agree.
    if (m_rows && !m_rows->isFiltered() && m_rows->totalCount().value >= 0)
        m_catalog->setListedCount(m_rows->entry().table.qualifiedName(), m_rows->totalCount());
    else
        m_catalog->setListedCount({}, {});
}

QString TablesPane::keyNoteOf(const CatalogEntry &entry)
{
    const bool view = entry.table.kind == CatalogTable::Kind::View;
    switch (entry.key.kind) {
    case TableKey::Kind::PrimaryKey:
        return tr("Paged by its primary key (%1).").arg(entry.key.columns.join(u", "_s));
    case TableKey::Kind::RowAddress: {
        QStringList primaryKey;
        for (const CatalogColumn &c : entry.columns)
            if (c.primaryKeyPosition > 0)
                primaryKey << c.name;
        return primaryKey.isEmpty()
                   ? tr("It has no primary key: paged by the row's address (%1), in the order the "
                        "rows lie in the table.")
                         .arg(entry.key.columns.join(u", "_s))
                   : tr("Paged by the row's address (%1), in the order the rows were written, "
                        "which every index serves; its primary key (%2) sorts from its header.")
                         .arg(entry.key.columns.join(u", "_s), primaryKey.join(u", "_s));
    }
    case TableKey::Kind::Position:
        if (!entry.key.columns.isEmpty())
            return tr("A TimescaleDB hypertable without a primary key (a compressed chunk's rows "
                      "have no address): paged by position, in the order of %1, then of every "
                      "other column. Rows that change while you scroll may move; Refresh reads it "
                      "again.")
                .arg(entry.key.columns.constFirst());
        return view ? tr("A view has no key: paged by position, in the order the database gives. "
                         "Rows that change while you scroll may move, appear twice or be missed; "
                         "Refresh reads it again.")
                    : tr("It has no key Porthole can page by: paged by position. Rows that change "
                         "while you scroll may move; Refresh reads it again.");
    }
    return {};
}

void TablesPane::showTable(int row)
{
    const QModelIndex index = m_catalog->index(row, 0);
    if (!index.isValid() || !index.data(PagedTableModel::RowLoadedRole).toBool())
        return;
    showEntry(index.data(CatalogModel::EntryRole).value<CatalogEntry>());
}

void TablesPane::showEntry(const CatalogEntry &entry)
{
    // The view moves to the new table's model before the old one goes.
    BrowsedTableModel *previous = m_rows;
    m_rows = m_catalog->browse(entry, this);
    if (m_notifier)
        m_rows->watchChanges(m_notifier);
    updateFollow();
    m_rowsView->setSortingEnabled(false);
    m_rowsView->setModel(m_rows);
    m_ends->setModel(m_rows);
    delete previous;
    m_rowsView->horizontalHeader()->setSortIndicator(m_rows->sortColumn(), m_rows->sortOrder());
    m_rowsView->setSortingEnabled(!entry.sortable.isEmpty());
    m_rowsView->horizontalHeader()->setSortIndicatorShown(!entry.sortable.isEmpty());
    QList<int> columns(std::max(0, m_rows->columnCount() - 1)); // the last one stretches
    std::iota(columns.begin(), columns.end(), 0);
    widenColumnsToRows(m_rowsView, columns);
    connect(m_rows, &PagedTableModel::stateChanged, this, &TablesPane::updateStates);
    connect(m_rows, &PagedTableModel::totalCountChanged, this, &TablesPane::updateStates);
    connect(m_rows, &PagedTableModel::totalCountChanged, this, &TablesPane::showListedCount);
    connect(m_rows, &PagedTableModel::exactCountingChanged, this, &TablesPane::updateStates);
    fillFilterBar();
    // The first table, chosen when the catalog comes, leaves an operator on the console there.
    if (!m_choosingFirst || m_tabs->currentWidget() != m_console)
        m_tabs->setCurrentWidget(m_rowsTab);

    const bool view = entry.table.kind == CatalogTable::Kind::View;
    m_tableHeading = (view ? tr("View %1").arg(entry.table.qualifiedName())
                           : tr("Table %1").arg(entry.table.qualifiedName()));
    m_keyNote->setText(keyNoteOf(entry));

    QString html = u"<p><b>%1</b></p><table cellspacing=\"4\" cellpadding=\"0\">"_s.arg(
        escaped(tr("Columns")));
    for (const CatalogColumn &c : entry.columns)
        html += u"<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>"_s.arg(
            escaped(c.name), escaped(c.type),
            escaped(c.primaryKeyPosition > 0 ? tr("primary key")
                    : c.notNull              ? tr("not null")
                                             : QString()),
            //: The rows can be sorted by this column: an index keeps it in order
            entry.sortable.contains(c.name) ? escaped(tr("sorts")) : QString());
    html += u"</table>"_s;
    if (!view) {
        html += u"<p><b>%1</b></p>"_s.arg(escaped(tr("Indexes")));
        if (entry.indexes.isEmpty())
            html += u"<p>%1</p>"_s.arg(escaped(tr("none")));
        for (const CatalogIndex &index : entry.indexes)
            html += u"<p>%1%2<br><tt>%3</tt></p>"_s.arg(
                escaped(index.name), index.unique ? escaped(tr(" (unique)")) : QString(),
                escaped(index.definition));
    }
    m_schema->setHtml(html);
    updateStates();
}

void TablesPane::refresh()
{
    m_catalog->refresh();
    if (m_rows)
        m_rows->refresh();
}

QString TablesPane::schemaText() const
{
    return m_schema->toPlainText();
}

QString TablesPane::keyNote() const
{
    return m_keyNote->text();
}

QString TablesPane::countText() const
{
    return m_count->text();
}

QString TablesPane::rowsStateText() const
{
    return m_rowsStack->stateText();
}

void TablesPane::setFilter(int column, const QString &text)
{
    if (!m_rows)
        return;
    m_rows->setFilter(column, text);
    if (m_filterColumn->currentIndex() == column)
        m_filterText->setText(m_rows->filter(column));
    updateFilterSummary();
}

QString TablesPane::filterSummary() const
{
    return m_filterSummary->text();
}

void TablesPane::fillFilterBar()
{
    const QSignalBlocker blocked(m_filterColumn);
    m_filterColumn->clear();
    if (m_rows)
        for (const CatalogColumn &c : m_rows->entry().columns)
            m_filterColumn->addItem(c.name);
    // No table chosen: no filter bar.
    for (QWidget *part : m_filterBar)
        part->setVisible(m_rows != nullptr);
    m_filterText->clear();
    updateFilterSummary();
}

void TablesPane::updateFilterSummary()
{
    QStringList parts;
    if (m_rows)
        for (int column = 0; column < m_rows->columnCount(); ++column)
            if (const QString text = m_rows->filter(column); !text.isEmpty())
                parts << u"%1: %2"_s.arg(m_rows->entry().columns.at(column).name, text);
    m_filterSummary->setText(parts.isEmpty() ? QString()
                                             : tr("Filtered by %1").arg(parts.join(u"; "_s)));
    m_filterSummary->setVisible(!parts.isEmpty());
}

void TablesPane::onSortIndicatorChanged(int column, Qt::SortOrder order)
{
    // The view asked the model to sort; a column no index begins with leaves the rows as they
    // were, and the arrow goes back to where they are sorted.
    if (!m_rows || (column == m_rows->sortColumn() && order == m_rows->sortOrder()))
        return;
    if (!m_rows->isSortable(column))
        Q_EMIT statusMessage(tr("Sorts only by a column an index keeps in order: %1.")
                                 .arg(m_rows->entry().sortable.join(u", "_s)));
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_rows)
                m_rowsView->horizontalHeader()->setSortIndicator(m_rows->sortColumn(),
                                                                 m_rows->sortOrder());
        },
        Qt::QueuedConnection);
}

void TablesPane::chooseFirstTable()
{
    // Once, when the catalog is first read and nothing is chosen: the first of the list (the
    // pipeline's own tables come first), so that the pane opens on rows.
    if (m_firstChosen || m_rows || m_catalog->state() != PagedTableModel::State::Ready ||
        m_catalog->rowCount() == 0)
        return;
    m_firstChosen = true;
    const QScopedValueRollback choosing(m_choosingFirst, true);
    m_catalogView->setCurrentIndex(m_catalog->index(0, CatalogModel::NameColumn));
}

void TablesPane::updateStates()
{
    if (m_tabs->currentWidget() == m_console) {
        m_heading->setText(tr("SQL console: one statement at a time, read-only"));
        m_count->clear();
        return;
    }
    m_heading->setText(m_tableHeading);
    if (m_rows) {
        const ListingTexts texts{
            tr("Reading the rows…"), tr("The rows cannot be read:\n%1\nPress F5 to try again."),
            m_rows->isFiltered()
                ? tr("No row matches the filters. Change one, or press Clear Filters.")
                : tr("The table has no rows.")};
        if (const QString error = showListingState(m_rowsStack, m_count, m_rows, texts);
            !error.isEmpty())
            Q_EMIT statusMessage(error);
        return;
    }
    switch (m_catalog->state()) {
    case PagedTableModel::State::Idle:
    case PagedTableModel::State::Loading:
        m_count->setText(tr("Reading…"));
        m_rowsStack->showRows(false, tr("Reading the catalog…"));
        break;
    case PagedTableModel::State::Error:
        m_count->setText(tr("Cannot read the catalog"));
        m_rowsStack->showRows(false, tr("The catalog cannot be read:\n%1\nPress F5 to try again.")
                                         .arg(m_catalog->errorMessage()));
        Q_EMIT statusMessage(m_catalog->errorMessage());
        break;
    case PagedTableModel::State::Ready:
        m_count->clear();
        m_rowsStack->showRows(false, m_catalog->rowCount() == 0
                                         ? tr("The database has no tables or views. The SQL "
                                              "console still asks it questions.")
                                         : tr("Choose a table or view on the left to see its "
                                              "rows."));
        break;
    }
}

} // namespace porthole
