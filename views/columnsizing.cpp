#include "columnsizing.h"

#include "pagedtablemodel.h"
#include "pane.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QFontMetrics>
#include <QHeaderView>
#include <QSplitter>
#include <QTableView>

#include <algorithm>
#include <limits>

namespace porthole {

void fitColumn(QTableView *view, int column, const QString &sample, int extra)
{
    Q_ASSERT(view && view->model());
    const int pad = 2 * view->fontMetrics().averageCharWidth();
    // The header's own hint holds its title, margins and the sort indicator's room.
    view->setColumnWidth(column,
                         std::max(view->horizontalHeader()->sectionSizeHint(column),
                                  view->fontMetrics().horizontalAdvance(sample) + extra + pad));
}

namespace {

// keepMainColumn(): sizes the yielding column whenever the view is laid out.
class MainColumnKeeper : public QObject
{
public:
    MainColumnKeeper(QTableView *view, int mainColumn, int yielding, int mainMinimum)
        : QObject(view)
        , m_view(view)
        , m_main(mainColumn)
        , m_yielding(yielding)
        , m_mainMinimum(mainMinimum)
        , m_most(view->columnWidth(yielding))
    {
        connect(view->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
            if (m_sizing)
                return;
            if (column == m_yielding)
                m_byHand = true;
            else if (column != m_main)
                QMetaObject::invokeMethod(this, &MainColumnKeeper::size, Qt::QueuedConnection);
        });
        view->viewport()->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
            QMetaObject::invokeMethod(this, &MainColumnKeeper::size, Qt::QueuedConnection);
        return QObject::eventFilter(watched, event);
    }

    // What the rows in view need of the yielding column (as widenColumnsToRows() measures
    // them): the most it takes back when there is room, given now when there is.
    void offer(int width)
    {
        if (m_byHand || width <= m_most)
            return;
        m_most = width;
        size();
    }

    int yielding() const { return m_yielding; }
    bool sizing() const { return m_sizing; }

    static MainColumnKeeper *keeperOf(const QTableView *view)
    {
        for (QObject *child : view->children()) {
            if (auto *keeper = dynamic_cast<MainColumnKeeper *>(child))
                return keeper;
        }
        return nullptr;
    }

private:
    void size()
    {
        if (m_byHand || !m_view->isVisible())
            return;
        const QHeaderView *header = m_view->horizontalHeader();
        int others = 0;
        for (int column = 0; column < header->count(); ++column) {
            if (column != m_main && column != m_yielding && !header->isSectionHidden(column))
                others += header->sectionSize(column);
        }
        const int room = m_view->viewport()->width() - others - m_mainMinimum;
        const int width = std::clamp(room, header->sectionSizeHint(m_yielding),
                                     std::max(m_most, header->sectionSizeHint(m_yielding)));
        if (width == header->sectionSize(m_yielding))
            return;
        m_sizing = true;
        m_view->setColumnWidth(m_yielding, width);
        m_sizing = false;
    }

    QTableView *m_view;
    int m_main;
    int m_yielding;
    int m_mainMinimum;
    int m_most;
    bool m_sizing = false;
    bool m_byHand = false;
};

// widenColumnsToRows(): measures the rows in view whenever rows arrive or the view is
// laid out, and widens, until the operator sizes one of its columns by hand.
class ColumnWidener : public QObject
{
public:
    ColumnWidener(QTableView *view, const QList<int> &columns)
        : QObject(view)
        , m_view(view)
        , m_columns(columns)
    {
        QAbstractItemModel *model = view->model();
        Q_ASSERT(model);
        // It measures this model's rows: a model set on the view after it has one of its own.
        connect(model, &QObject::destroyed, this, &QObject::deleteLater);
        m_model = model;
        // The view's own measure of a column (sizeHintForColumn()) takes the rows in view
        // only, as this does, not a thousand rows around them: a paged listing followed live
        // is widened at each page that comes in, and measuring all its rows there kept the
        // GUI thread busy.
        view->horizontalHeader()->setResizeContentsPrecision(0);
        const auto widen = [this] {
            this->widen();
        };
        connect(model, &QAbstractItemModel::rowsInserted, this, widen);
        connect(model, &QAbstractItemModel::modelReset, this, widen);
        connect(model, &QAbstractItemModel::dataChanged, this, widen);
        connect(view->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
            // A section that stretches sizes itself as the others change: not by hand.
            const MainColumnKeeper *keeper = MainColumnKeeper::keeperOf(m_view);
            if (!m_widening && m_columns.contains(column) && !stretches(column) &&
                !(keeper && keeper->sizing()))
                m_byHand = true; // the operator's width, or one restored
        });
        view->viewport()->installEventFilter(this); // shown, or laid out anew
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // After the event: the view lays out its header and rows first.
        if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
            QMetaObject::invokeMethod(this, &ColumnWidener::widen, Qt::QueuedConnection);
        return QObject::eventFilter(watched, event);
    }

private:
    void widen()
    {
        QAbstractItemModel *model = m_view->model();
        if (m_byHand || !m_view->isVisible() || !model || model != m_model ||
            model->rowCount() == 0)
            return;
        // The rows in view that are read, measured by their text.
        const int top = std::max(0, m_view->rowAt(0));
        int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
        if (bottom < 0)
            bottom = std::min(model->rowCount() - 1, top + 100);
        const QFontMetrics metrics = m_view->fontMetrics();
        const int pad = 2 * metrics.averageCharWidth();
        // At most a third of the room (the window's, while the view is not laid out yet).
        const int most = std::max(m_view->viewport()->width(), m_view->window()->width()) / 3;
        QList<int> wanted(m_columns.size(), 0);
        // A section that stretches takes what the others leave: it is not widened.
        for (int row = top; row <= bottom; ++row) {
            const QVariant read = model->index(row, 0).data(PagedTableModel::RowLoadedRole);
            if (read.isValid() && !read.toBool())
                continue; // its data comes later, with dataChanged
            for (int i = 0; i < m_columns.size(); ++i) {
                const QString text = model->index(row, m_columns.at(i)).data().toString();
                wanted[i] = std::max(wanted.at(i), metrics.horizontalAdvance(text) + pad);
            }
        }
        // Nor narrower than its title, or than the view's own measure of those rows (with
        // the style's margins).
        const auto *measure = static_cast<const QAbstractItemView *>(m_view);
        for (int i = 0; i < m_columns.size(); ++i)
            wanted[i] = std::max({wanted.at(i),
                                  m_view->horizontalHeader()->sectionSizeHint(m_columns.at(i)),
                                  measure->sizeHintForColumn(m_columns.at(i))});
        // A column that yields to the main one on a narrow screen is its keeper's to size.
        MainColumnKeeper *keeper = MainColumnKeeper::keeperOf(m_view);
        m_widening = true;
        for (int i = 0; i < m_columns.size(); ++i) {
            const int width = std::min(most, wanted.at(i));
            if (keeper && keeper->yielding() == m_columns.at(i))
                keeper->offer(width);
            else if (!stretches(m_columns.at(i)) && width > m_view->columnWidth(m_columns.at(i)))
                m_view->setColumnWidth(m_columns.at(i), width);
        }
        m_widening = false;
    }

    bool stretches(int column) const
    {
        const QHeaderView *header = m_view->horizontalHeader();
        if (header->sectionResizeMode(column) == QHeaderView::Stretch)
            return true;
        if (!header->stretchLastSection())
            return false;
        for (int visual = header->count() - 1; visual >= 0; --visual) {
            const int logical = header->logicalIndex(visual);
            if (!header->isSectionHidden(logical))
                return logical == column; // the last section shown
        }
        return false;
    }

    QTableView *m_view;
    const QAbstractItemModel *m_model = nullptr;
    QList<int> m_columns;
    bool m_widening = false;
    bool m_byHand = false;
};

// Set on a table that fitSplitterToColumns() fits.
constexpr char fittedProperty[] = "portholeFitsItsSplitter";

// The width `view` needs to show its columns whole: a column that stretches counts as its
// title's.
int neededWidth(const QTableView *view)
{
    const QHeaderView *header = view->horizontalHeader();
    int needed = 0;
    int last = -1;
    for (int visual = header->count() - 1; visual >= 0 && last < 0; --visual)
        if (!header->isSectionHidden(header->logicalIndex(visual)))
            last = header->logicalIndex(visual);
    for (int column = 0; column < header->count(); ++column) {
        if (header->isSectionHidden(column))
            continue;
        const bool stretches = header->sectionResizeMode(column) == QHeaderView::Stretch ||
                               (header->stretchLastSection() && column == last);
        needed += stretches ? std::min(header->sectionSize(column), header->sectionSizeHint(column))
                            : header->sectionSize(column);
    }
    return needed;
}

// What a splitter's part can give without cutting a column of a table in it that is fitted
// too (fitSplitterToColumns()): two fitted tables side by side never take from each other
// what the other needs, so that they settle rather than take turns.
int slackOf(const QWidget *part)
{
    int slack = std::numeric_limits<int>::max();
    const auto views = part->findChildren<QTableView *>();
    QList<const QTableView *> all(views.cbegin(), views.cend());
    if (const auto *view = qobject_cast<const QTableView *>(part))
        all << view;
    for (const QTableView *view : all) {
        const bool fitted = view->property(fittedProperty).toBool();
        if (fitted && view->isVisible())
            slack = std::min(slack, std::max(0, view->viewport()->width() - neededWidth(view)));
    }
    return slack;
}

// fitSplitterToColumns(): once, when the view is first shown and laid out.
class SplitterFitter : public QObject
{
public:
    explicit SplitterFitter(QTableView *view)
        : QObject(view)
        , m_view(view)
    {
        view->viewport()->installEventFilter(this);
        // Columns widened to the rows that arrived may need more.
        connect(view->horizontalHeader(), &QHeaderView::sectionResized, this, [this] {
            QMetaObject::invokeMethod(this, &SplitterFitter::fit, Qt::QueuedConnection);
        });
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show || event->type() == QEvent::Resize)
            QMetaObject::invokeMethod(this, &SplitterFitter::fit, Qt::QueuedConnection);
        return QObject::eventFilter(watched, event);
    }

private:
    void fit()
    {
        if (!m_view->isVisible() || m_view->viewport()->width() <= 0)
            return;
        // The pane's side-by-side splitters that hold the view, outermost first, and the part
        // of each it is in: the window's own splitter beside the pane is not the view's to size.
        QList<std::pair<QSplitter *, QWidget *>> holders;
        for (QWidget *inside = m_view; inside->parentWidget() && !qobject_cast<Pane *>(inside);
             inside = inside->parentWidget()) {
            auto *holder = qobject_cast<QSplitter *>(inside->parentWidget());
            if (holder && holder->orientation() == Qt::Horizontal)
                holders.prepend({holder, inside});
        }
        if (holders.isEmpty()) {
            deleteLater();
            return;
        }
        if (m_floors.isEmpty()) {
            for (const auto &[splitter, part] : std::as_const(holders)) {
                // The other parts keep at least half of what they had at first.
                QList<int> floor = splitter->sizes();
                for (int &size : floor)
                    size /= 2;
                m_floors.append(floor);
                // The operator's hand on a splitter: the sizes are theirs from then on.
                connect(splitter, &QSplitter::splitterMoved, this, &QObject::deleteLater);
            }
        }
        // What runs past the right edge (a last section that stretches is as wide as the room
        // left when there is any: then nothing does), taken from the outer parts first.
        int missing = m_view->horizontalHeader()->length() - m_view->viewport()->width();
        for (qsizetype h = 0; h < holders.size() && missing > 0; ++h) {
            QSplitter *splitter = holders.at(h).first;
            QList<int> sizes = splitter->sizes();
            const int own = splitter->indexOf(holders.at(h).second);
            int gained = 0;
            for (int i = 0; i < sizes.size() && gained < missing; ++i) {
                if (i == own)
                    continue;
                const int spare =
                    std::min(sizes.at(i) - m_floors.at(h).value(i), slackOf(splitter->widget(i)));
                const int give = std::clamp(spare, 0, missing - gained);
                sizes[i] -= give;
                gained += give;
            }
            if (gained == 0)
                continue;
            sizes[own] += gained;
            splitter->setSizes(sizes);
            missing -= gained;
        }
    }

    QTableView *m_view;
    QList<QList<int>> m_floors; // each splitter's, outermost first
};

} // namespace

void fitSplitterToColumns(QTableView *view)
{
    view->setProperty(fittedProperty, true);
    new SplitterFitter(view);
}

void widenColumnsToRows(QTableView *view, const QList<int> &columns)
{
    new ColumnWidener(view, columns);
}

void keepMainColumn(QTableView *view, int mainColumn, int yielding, int mainMinimum)
{
    new MainColumnKeeper(view, mainColumn, yielding, mainMinimum);
}

} // namespace porthole
