#include "listingends.h"

#include <QKeyEvent>
#include <QScrollBar>
#include <QTableView>

#include <algorithm>

namespace porthole {

ListingEnds::ListingEnds(QTableView *view, RowsAbove rowsAbove)
    : QObject(view)
    , m_view(view)
    , m_rowsAbove(rowsAbove)
{
    m_view->installEventFilter(this);
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this, &ListingEnds::fetchEarlierIfNear);
    connect(scroll, &QScrollBar::rangeChanged, this, &ListingEnds::fetchEarlierIfNear);
}

void ListingEnds::setModel(PagedTableModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (!m_model)
        return;
    connect(m_model, &PagedTableModel::jumped, this, &ListingEnds::onJumped);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ListingEnds::onRowsInserted);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ListingEnds::onRowsRemoved);
}

void ListingEnds::fetchEarlierIfNear()
{
    // The view asks for the rows after the last one at its bottom (fetchMore); this is the
    // same at its top, a screenful ahead.
    if (!m_model || !m_model->canFetchEarlier())
        return;
    const QScrollBar *scroll = m_view->verticalScrollBar();
    if (scroll->value() - scroll->minimum() <= scroll->pageStep())
        m_model->fetchEarlier();
}

bool ListingEnds::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view || event->type() != QEvent::KeyPress || !m_model)
        return false;
    const auto *key = static_cast<QKeyEvent *>(event);
    // Shift extends the selection as the view does; without it the whole listing counts.
    const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
    if (mods != Qt::NoModifier && mods != Qt::ControlModifier)
        return false;
    switch (key->key()) {
    case Qt::Key_End:
        m_model->jumpToEnd();
        return true;
    case Qt::Key_Home:
        m_model->jumpToStart();
        return true;
    default:
        return false;
    }
}

void ListingEnds::onJumped(PagedTableModel::Anchor to)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const bool end = to == PagedTableModel::Anchor::End;
    const QModelIndex target =
        m_model->index(end ? rows - 1 : 0, std::max(0, m_view->currentIndex().column()));
    m_view->setCurrentIndex(target);
    if (end)
        m_view->scrollToBottom();
    else
        m_view->scrollToTop();
    fetchEarlierIfNear();
}

void ListingEnds::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // The view lays its rows out later; the scroll range must know of the new rows now.
    m_view->doItemsLayout();
    QScrollBar *scroll = m_view->verticalScrollBar();
    const int top = scroll->value();
    if (m_rowsAbove == RowsAbove::KeptStill && last + 1 < m_model->rowCount()) {
        const bool following = top == 0 && first == 0 && m_model->startReached();
        if (first < top || (first == top && !following))
            scroll->setValue(top + (last - first + 1));
    }
    // Rows that still leave the view near its top (a short page, a tall view) ask for more.
    fetchEarlierIfNear();
}

void ListingEnds::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || m_rowsAbove != RowsAbove::KeptStill)
        return;
    m_view->doItemsLayout();
    QScrollBar *scroll = m_view->verticalScrollBar();
    const int top = scroll->value();
    if (last < top)
        scroll->setValue(top - (last - first + 1));
    else if (first < top)
        scroll->setValue(first);
}

} // namespace porthole
