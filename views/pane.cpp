#include "pane.h"

#include <QAbstractItemView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QShortcut>
#include <QSplitter>

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

} // namespace porthole
