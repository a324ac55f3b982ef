// MessagesPane: following new messages live. Scrolled to the newest edge, new rows come into
// view; scrolled away from it, the view stays where the operator reads and the new rows are
// counted on a bar that brings them into view.
#include "batchline.h"
#include "icons.h"
#include "listingparts.h"
#include "messagemodel.h"
#include "messagespane.h"
#include "savedviews.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

// --- Following ----------------------------------------------------------------------------

bool MessagesPane::isFollowing() const
{
    return m_follow->isChecked();
}

void MessagesPane::setFollowing(bool follow)
{
    m_follow->setChecked(follow);
}

bool MessagesPane::atNewestEdge() const
{
    // The newest rows are at the top when sorted newest first, else at the bottom.
    const QScrollBar *bar = m_view->verticalScrollBar();
    return m_model->sortOrder() == Qt::DescendingOrder ? bar->value() <= bar->minimum()
                                                       : bar->value() >= bar->maximum();
}

void MessagesPane::onRowsAboutToMove(int first)
{
    // Rows coming or going above the top row in view would move what the operator reads;
    // unless they look at the newest rows, the top row stays where it is.
    if (m_anchor.isValid() || (isFollowing() && atNewestEdge()))
        return;
    const QModelIndex top = m_view->indexAt(QPoint(0, 0));
    if (top.isValid() && first <= top.row())
        m_anchor = top;
}

void MessagesPane::onRowsMoved()
{
    if (m_anchor.isValid()) {
        // The view lays itself out later; the position is needed now.
        m_view->doItemsLayout();
        m_view->scrollTo(m_anchor, QAbstractItemView::PositionAtTop);
    }
    m_anchor = QPersistentModelIndex();
    updateState();
}

void MessagesPane::updateNewRows()
{
    const qint64 rows = m_model->newRows();
    if (rows > 0 && atNewestEdge()) {
        // Newest first and at the top: they came into view above the rows read.
        if (m_model->sortOrder() == Qt::DescendingOrder) {
            m_model->clearNewRows();
            return;
        }
        // Oldest first and at the bottom: following goes down to them.
        if (isFollowing()) {
            m_view->doItemsLayout();
            m_view->scrollToBottom();
            m_model->clearNewRows();
            return;
        }
    }
    m_newRows->setVisible(rows > 0);
    if (rows > 0)
        // Two %n texts, as English has no translation to pick "1 new message" or "2 new
        // messages" from.
        m_newRows->setText(rows == 1 ? tr("%Ln new message: show it", nullptr, int(rows))
                                     : tr("%Ln new messages: show them", nullptr, int(rows)));
    m_newRows->setIcon(
        themedIcon(m_model->sortOrder() == Qt::DescendingOrder ? IconId::Up : IconId::Down));
}

void MessagesPane::showNewRows()
{
    m_view->doItemsLayout();
    if (m_model->sortOrder() == Qt::DescendingOrder)
        m_view->scrollToTop();
    else
        m_view->scrollToBottom();
    m_model->clearNewRows();
    m_newRows->hide();
}

} // namespace porthole
