#include "pane.h"

#include "pagedtablemodel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>

#include <algorithm>
#include <numeric>

namespace porthole {

namespace {

// What openOnEnter() leaves on the view: Enter and Return, before the view (which would only
// emit activated()) and before any shortcut of the window.
class EnterOpens : public QObject
{
public:
    EnterOpens(QAbstractItemView *view, QWidget *details, std::function<void()> show)
        : QObject(view)
        , m_view(view)
        , m_details(details)
        , m_show(std::move(show))
    {
        view->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if (watched != m_view || (type != QEvent::KeyPress && type != QEvent::ShortcutOverride))
            return QObject::eventFilter(watched, event);
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (!enter || (key->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier ||
            !m_view->currentIndex().isValid())
            return QObject::eventFilter(watched, event);
        if (type == QEvent::ShortcutOverride) {
            event->accept(); // the key comes to the view as a key press
            return true;
        }
        if (m_show)
            m_show();
        revealAndFocus(m_details);
        return true;
    }

private:
    QAbstractItemView *m_view;
    QWidget *m_details;
    std::function<void()> m_show;
};

// What copyRowsOnCtrlC() leaves on the view: Ctrl+C, before the view (which would copy the
// current cell only) and before any shortcut of the window.
class CopyRows : public QObject
{
public:
    CopyRows(QTableView *view, std::function<void(const QString &)> report, CellText cellText)
        : QObject(view)
        , m_view(view)
        , m_report(std::move(report))
        , m_cellText(std::move(cellText))
    {
        view->installEventFilter(this);
    }

    void copy()
    {
        int leftOut = 0;
        const QString text = selectedRowsText(m_view, &leftOut, m_cellText);
        if (text.isEmpty() && leftOut == 0)
            return; // nothing selected
        // Nothing read yet: what the clipboard holds stays there.
        if (!text.isEmpty())
            QGuiApplication::clipboard()->setText(text);
        const QLocale locale;
        const qsizetype copied = text.count(u'\n');
        QString message = copied == 1 ? Pane::tr("Copied 1 row.")
                                      : Pane::tr("Copied %1 rows.").arg(locale.toString(copied));
        if (leftOut == 1)
            message += Pane::tr(" 1 row not read yet was left out: scroll over it and copy again.");
        else if (leftOut > 1)
            message +=
                Pane::tr(" %1 rows not read yet were left out: scroll over them and copy again.")
                    .arg(locale.toString(leftOut));
        if (m_report)
            m_report(message);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if (watched != m_view || (type != QEvent::KeyPress && type != QEvent::ShortcutOverride) ||
            !static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy))
            return QObject::eventFilter(watched, event);
        if (type == QEvent::ShortcutOverride) {
            event->accept(); // the key comes to the view as a key press
            return true;
        }
        copy();
        return true;
    }

private:
    QTableView *m_view;
    std::function<void(const QString &)> m_report;
    CellText m_cellText;
};

} // namespace

Pane::Pane(QString id, QString title, QWidget *parent)
    : QWidget(parent)
    , m_id(std::move(id))
    , m_title(std::move(title))
{}

void focusOnFind(QWidget *scope, QLineEdit *field)
{
    auto *find = new QShortcut(QKeySequence::Find, scope);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(find, &QShortcut::activated, field, [field] {
        field->setFocus(Qt::ShortcutFocusReason);
        field->selectAll();
    });
}

void openOnEnter(QAbstractItemView *view, QWidget *details, std::function<void()> show)
{
    Q_ASSERT(view && details);
    new EnterOpens(view, details, std::move(show));
    auto *back = new QShortcut(QKeySequence(Qt::Key_Escape), details);
    back->setContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(back, &QShortcut::activated, view,
                     [view] { view->setFocus(Qt::ShortcutFocusReason); });
}

void revealAndFocus(QWidget *details)
{
    // From the details out: a part dragged shut gets two fifths of its splitter back, taken
    // from the other parts in proportion to their sizes.
    for (QWidget *part = details; part->parentWidget(); part = part->parentWidget()) {
        auto *splitter = qobject_cast<QSplitter *>(part->parentWidget());
        if (!splitter)
            continue;
        const int index = splitter->indexOf(part);
        QList<int> sizes = splitter->sizes();
        const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
        if (index < 0 || sizes.at(index) > 0 || total <= 0)
            continue;
        const int share = total * 2 / 5;
        for (int &size : sizes)
            size = size * (total - share) / total;
        sizes[index] = share;
        splitter->setSizes(sizes);
    }
    QWidget *target = details;
    if (!details->focusProxy() && !(details->focusPolicy() & Qt::TabFocus)) {
        target = nullptr;
        const QList<QWidget *> widgets = details->findChildren<QWidget *>();
        for (QWidget *widget : widgets) {
            if (widget->isVisibleTo(details) && (widget->focusPolicy() & Qt::TabFocus) &&
                widget->isEnabled()) {
                target = widget;
                break;
            }
        }
    }
    if (target)
        target->setFocus(Qt::ShortcutFocusReason);
}

QString selectedRowsText(const QTableView *view, int *leftOut, const CellText &cellText)
{
    Q_ASSERT(view);
    const QAbstractItemModel *model = view->model();
    const QItemSelectionModel *selection = view->selectionModel();
    QList<int> rows;
    if (model && selection) {
        const QModelIndexList selected = selection->selectedRows();
        for (const QModelIndex &index : selected)
            rows << index.row();
    }
    std::sort(rows.begin(), rows.end());
    // The columns as the operator arranged them.
    const QHeaderView *header = view->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    QStringList lines;
    int missing = 0;
    for (const int row : std::as_const(rows)) {
        const QVariant loaded = model->index(row, 0).data(PagedTableModel::RowLoadedRole);
        if (loaded.isValid() && !loaded.toBool()) {
            ++missing;
            continue;
        }
        QStringList cells;
        for (const int column : std::as_const(columns)) {
            const QModelIndex index = model->index(row, column);
            QString text = cellText ? cellText(index) : index.data().toString();
            for (QChar &c : text) {
                if (c == u'\t' || c == u'\n' || c == u'\r')
                    c = u' ';
            }
            cells << text;
        }
        lines << cells.join(u'\t');
    }
    if (leftOut)
        *leftOut = missing;
    return lines.isEmpty() ? QString() : lines.join(u'\n') + u'\n';
}

QAction *copyRowsOnCtrlC(QTableView *view, std::function<void(const QString &message)> report,
                         CellText cellText)
{
    Q_ASSERT(view);
    auto *copier = new CopyRows(view, std::move(report), std::move(cellText));
    auto *action = new QAction(Pane::tr("&Copy rows"), view);
    // Shown in the menu; the key itself is the copier's.
    action->setShortcuts(QKeySequence::Copy);
    action->setShortcutContext(Qt::WidgetShortcut);
    action->setToolTip(Pane::tr("Copies the selected rows as tab-separated text"));
    QObject::connect(action, &QAction::triggered, copier, &CopyRows::copy);
    if (view->contextMenuPolicy() == Qt::ActionsContextMenu)
        view->addAction(action);
    return action;
}

} // namespace porthole
