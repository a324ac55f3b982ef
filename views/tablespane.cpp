#include "tablespane.h"

#include "changenotifier.h"
#include "icons.h"
#include "tablebrowsermodels.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
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
    : Pane(u"tables"_s, tr("Tables"), parent)
    , m_catalog(catalog)
{
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the catalog and the chosen table again (F5)"));
    auto *exportButton = new QPushButton(tr("&Export…"), this);
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setToolTip(
        tr("Writes every row of the chosen table to a CSV, JSON or JSON Lines file (Ctrl+E)"));
    connect(refreshButton, &QPushButton::clicked, this, &TablesPane::refresh);
    connect(exportButton, &QPushButton::clicked, this, &Pane::exportRequested);
    m_heading = new QLabel(tr("Choose a table or view on the left."), this);
    m_heading->setObjectName(u"tableHeading"_s);
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_heading);
    bar->addStretch();
    bar->addWidget(m_count);
    bar->addWidget(refreshButton);
    bar->addWidget(exportButton);

    m_catalogView = tableView(u"catalogView"_s, this);
    m_catalogView->setModel(m_catalog);
    m_catalogView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_catalogView->setColumnWidth(CatalogModel::NameColumn,
                                  m_catalogView->fontMetrics().averageCharWidth() * 24);
    fitColumn(m_catalogView, CatalogModel::KindColumn, u"table"_s);
    widenColumnsToRows(m_catalogView, {CatalogModel::NameColumn, CatalogModel::RowsColumn});
    connect(m_catalogView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    showTable(current.row());
            });
    m_schema = new QTextBrowser(this);
    m_schema->setObjectName(u"schemaText"_s);
    auto *catalogSplit = new QSplitter(Qt::Vertical, this);
    catalogSplit->setChildrenCollapsible(false);
    catalogSplit->addWidget(m_catalogView);
    catalogSplit->addWidget(m_schema);
    shareSplitter(catalogSplit, {3, 2});

    m_rowsView = tableView(u"rowsView"_s, this);
    m_rowsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    copyRowsOnCtrlC(m_rowsView, [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_keyNote = new QLabel(this);
    m_keyNote->setObjectName(u"keyNote"_s);
    m_keyNote->setWordWrap(true);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_keyNote);
    rightLayout->addWidget(m_rowsView, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"tablesSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(catalogSplit);
    m_splitter->addWidget(right);
    shareSplitter(m_splitter, {2, 5});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    connect(m_catalog, &PagedTableModel::stateChanged, this, &TablesPane::updateStates);
    followWhileShown([this] { return QList<PagedTableModel *>{m_rows}; });
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
    updateStates();
}

TablesPane::~TablesPane()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"splitter"_s, m_splitter->saveState());
}

QIcon TablesPane::icon() const
{
    return themedIcon(IconId::Tables);
}

std::shared_ptr<const ExportSource> TablesPane::exportSource() const
{
    return m_rows ? m_rows->exportSource() : nullptr;
}

QString TablesPane::exportDescription() const
{
    return m_rows ? tr("every row of %1 (%2)")
                        .arg(m_rows->entry().table.qualifiedName(),
                             PagedTableModel::countText(m_rows->totalCount()))
                  : Pane::exportDescription();
}

void TablesPane::watchChanges(ChangeNotifier *notifier)
{
    m_notifier = notifier;
    if (m_rows)
        m_rows->watchChanges(notifier);
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
    m_rowsView->setModel(m_rows);
    delete previous;
    QList<int> columns(std::max(0, m_rows->columnCount() - 1)); // the last one stretches
    std::iota(columns.begin(), columns.end(), 0);
    widenColumnsToRows(m_rowsView, columns);
    connect(m_rows, &PagedTableModel::stateChanged, this, &TablesPane::updateStates);
    connect(m_rows, &PagedTableModel::totalCountChanged, this, &TablesPane::updateStates);

    const bool view = entry.table.kind == CatalogTable::Kind::View;
    m_heading->setText(view ? tr("View %1").arg(entry.table.qualifiedName())
                            : tr("Table %1").arg(entry.table.qualifiedName()));
    switch (entry.key.kind) {
    case TableKey::Kind::PrimaryKey:
        m_keyNote->setText(
            tr("Paged by its primary key (%1).").arg(entry.key.columns.join(u", "_s)));
        break;
    case TableKey::Kind::RowAddress:
        m_keyNote->setText(tr("It has no primary key: paged by the row's address (%1), in the "
                              "order the rows lie in the table.")
                               .arg(entry.key.columns.join(u", "_s)));
        break;
    case TableKey::Kind::Position:
        m_keyNote->setText(
            view ? tr("A view has no key: paged by position, in the order the database gives. "
                      "Rows that change while you scroll may move, appear twice or be missed; "
                      "Refresh reads it again.")
                 : tr("It has no key Porthole can page by: paged by position. Rows that change "
                      "while you scroll may move; Refresh reads it again."));
        break;
    }

    QString html = u"<p><b>%1</b></p><table cellspacing=\"0\" cellpadding=\"2\">"_s.arg(
        escaped(tr("Columns")));
    for (const CatalogColumn &c : entry.columns)
        html += u"<tr><td>%1</td><td>%2</td><td>%3</td></tr>"_s.arg(
            escaped(c.name), escaped(c.type),
            escaped(c.primaryKeyPosition > 0 ? tr("primary key")
                    : c.notNull              ? tr("not null")
                                             : QString()));
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

void TablesPane::updateStates()
{
    const PagedTableModel *model = m_rows ? static_cast<PagedTableModel *>(m_rows) : m_catalog;
    switch (model->state()) {
    case PagedTableModel::State::Idle:
    case PagedTableModel::State::Loading:
        m_count->setText(tr("Reading…"));
        break;
    case PagedTableModel::State::Error:
        m_count->setText(tr("Cannot read: %1").arg(model->errorMessage()));
        Q_EMIT statusMessage(model->errorMessage());
        break;
    case PagedTableModel::State::Ready:
        m_count->setText(m_rows ? PagedTableModel::countText(m_rows->totalCount()) : QString());
        break;
    }
}

} // namespace porthole
