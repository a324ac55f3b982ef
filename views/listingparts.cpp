#include "listingparts.h"

#include "jsontreemodel.h"
#include "pagedtablemodel.h"
#include "pane.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace porthole {

QTableView *makeListingTable(QWidget *parent, QAbstractItemModel *model, const QString &name,
                             std::function<void(const QString &message)> report)
{
    auto *table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(model);
    setUpListingTable(table);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    copyRowsOnCtrlC(table, std::move(report));
    return table;
}

QLabel *makeStateLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

ListingStack::ListingStack(QWidget *rows, QWidget *parent, const QString &stateName)
    : QStackedWidget(parent)
    , m_rows(rows)
    , m_label(makeStateLabel(this))
{
    m_label->setObjectName(stateName);
    addWidget(m_label);
    addWidget(m_rows);
}

void ListingStack::showRows(bool rows, const QString &text)
{
    m_label->setText(text);
    setCurrentWidget(rows ? m_rows : m_label);
}

QString ListingStack::stateText() const
{
    return currentWidget() == m_label ? m_label->text() : QString();
}

QString listingStateText(const PagedTableModel *model, const ListingTexts &texts)
{
    switch (model->state()) {
    case PagedTableModel::State::Idle:
    case PagedTableModel::State::Loading:
        return texts.reading;
    case PagedTableModel::State::Error:
        return texts.cannotRead.arg(model->errorMessage());
    case PagedTableModel::State::Ready:
        return texts.none;
    }
    return texts.none;
}

QString showListingState(ListingStack *stack, QLabel *count, const PagedTableModel *model,
                         const ListingTexts &texts)
{
    const bool hasRows = model->rowCount() > 0;
    const PagedTableModel::State state = model->state();
    const QString text = hasRows ? QString() : listingStateText(model, texts);
    stack->showRows(hasRows, text);
    if (state == PagedTableModel::State::Loading || state == PagedTableModel::State::Idle)
        count->setText(QCoreApplication::translate("porthole::ListingParts", "Counting…"));
    else
        count->setText(model->countTextWhileCounting(model->totalCount()));
    return state == PagedTableModel::State::Error ? model->errorMessage() : QString();
}

JsonDetail makeJsonDetail(QWidget *parent, JsonTreeModel *model, const QString &treeName)
{
    JsonDetail detail;
    detail.heading = new QLabel(parent);
    detail.heading->setObjectName(u"detailHeading"_s);
    detail.heading->setWordWrap(true);
    detail.heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detail.tree = new QTreeView(parent);
    detail.tree->setObjectName(treeName);
    detail.tree->setModel(model);
    detail.tree->setUniformRowHeights(true);
    detail.tree->setAlternatingRowColors(true);
    detail.tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = detail.tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(JsonTreeModel::TypeColumn, QHeaderView::ResizeToContents);
    detail.tree->setColumnWidth(JsonTreeModel::KeyColumn,
                                parent->fontMetrics().averageCharWidth() * 22);
    detail.widget = new QWidget(parent);
    auto *layout = new QVBoxLayout(detail.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(detail.heading);
    layout->addWidget(detail.tree, 1);
    return detail;
}

QModelIndex readCurrentRow(const QTableView *table, QLabel *heading, JsonTreeModel *tree,
                           const QString &none, const QString &reading)
{
    const QModelIndex current = table->selectionModel()->currentIndex();
    if (current.isValid() && current.data(PagedTableModel::RowLoadedRole).toBool())
        return current;
    heading->setText(current.isValid() ? reading : none);
    tree->clear();
    return {};
}

void watchListing(PagedTableModel *model, QTableView *table, QObject *receiver,
                  const std::function<void()> &stateChanged,
                  const std::function<void()> &currentChanged)
{
    QObject::connect(model, &PagedTableModel::stateChanged, receiver, stateChanged);
    QObject::connect(model, &PagedTableModel::totalCountChanged, receiver, stateChanged);
    QObject::connect(model, &QAbstractItemModel::modelReset, receiver, stateChanged);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, receiver, stateChanged);
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, receiver, stateChanged);
    if (!currentChanged)
        return;
    QObject::connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, receiver,
                     currentChanged);
    QObject::connect(model, &QAbstractItemModel::dataChanged, receiver,
                     [table, currentChanged](const QModelIndex &from, const QModelIndex &to) {
                         const QModelIndex current = table->selectionModel()->currentIndex();
                         if (current.isValid() && current.row() >= from.row() &&
                             current.row() <= to.row())
                             currentChanged();
                     });
}

void afterFirstRows(const PagedTableModel *model, QObject *receiver, std::function<void()> read)
{
    // A turn later: the view paints the rows that just came in first.
    auto later = [receiver, read = std::move(read)] {
        QTimer::singleShot(0, receiver, read);
    };
    if (model->state() != PagedTableModel::State::Loading) {
        later();
        return;
    }
    auto waiting = std::make_shared<QMetaObject::Connection>();
    *waiting = QObject::connect(model, &PagedTableModel::stateChanged, receiver,
                                [waiting, later](PagedTableModel::State state) {
                                    if (state == PagedTableModel::State::Loading)
                                        return;
                                    QObject::disconnect(*waiting);
                                    later();
                                });
}

} // namespace porthole
