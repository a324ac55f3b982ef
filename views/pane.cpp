#include "pane.h"

#include "icons.h"
#include "pagedtablemodel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>
#include <numeric>
#include <utility>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// A key taken on the view before the view itself (which would do its own thing with it) and
// before any shortcut of the window: what openOnEnter() and copyRowsOnCtrlC() leave there.
class KeyOnView : public QObject
{
public:
    KeyOnView(QAbstractItemView *view, std::function<bool(const QKeyEvent &)> matches,
              std::function<void()> act)
        : QObject(view)
        , m_view(view)
        , m_matches(std::move(matches))
        , m_act(std::move(act))
    {
        view->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if (watched != m_view || (type != QEvent::KeyPress && type != QEvent::ShortcutOverride) ||
            !m_matches(*static_cast<const QKeyEvent *>(event)))
            return QObject::eventFilter(watched, event);
        if (type == QEvent::ShortcutOverride) {
            event->accept(); // the key comes to the view as a key press
            return true;
        }
        m_act();
        return true;
    }

private:
    QAbstractItemView *m_view;
    std::function<bool(const QKeyEvent &)> m_matches;
    std::function<void()> m_act;
};

void copySelectedRows(const QTableView *view, const std::function<void(const QString &)> &report,
                      const CellText &cellText)
{
    int leftOut = 0;
    const QString text = selectedRowsText(view, &leftOut, cellText);
    if (text.isEmpty() && leftOut == 0)
        return; // nothing selected
    // Nothing read yet: what the clipboard holds stays there.
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
    const int copied = int(text.count(u'\n'));
    // Two %n texts each, as English has no translation to pick "1 row" or "2 rows" from.
    QString message = copied == 1 ? Pane::tr("Copied %Ln row.", nullptr, copied)
                                  : Pane::tr("Copied %Ln rows.", nullptr, copied);
    if (leftOut > 0)
        message += u' ' + (leftOut == 1 ? Pane::tr("%Ln row not read yet was left out: scroll "
                                                   "over it and copy again.",
                                                   nullptr, leftOut)
                                        : Pane::tr("%Ln rows not read yet were left out: scroll "
                                                   "over them and copy again.",
                                                   nullptr, leftOut));
    if (report)
        report(message);
}

} // namespace

Pane::Pane(QString id, QString title, QWidget *parent)
    : QWidget(parent)
    , m_id(std::move(id))
    , m_title(std::move(title))
{}

void Pane::setUnavailable(const QString &reason)
{
    if (reason.isEmpty() || !m_unavailable.isEmpty())
        return;
    m_unavailable = reason;
    for (QWidget *child : findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
        child->hide();
    auto *label = new QLabel(
        u"<h3>%1</h3><p>%2</p>"_s.arg(m_title.toHtmlEscaped(), reason.toHtmlEscaped()), this);
    label->setObjectName(u"unavailable"_s);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setMargin(24);
    label->setMinimumWidth(560); // a paragraph, neither one line across the window nor a column
    label->setMaximumWidth(760);
    QLayout *own = layout() ? layout() : new QVBoxLayout(this);
    own->addWidget(label);
    own->setAlignment(label, Qt::AlignCenter);
    label->show(); // a child made after its parent was shown stays hidden until told
    Q_EMIT madeUnavailable(reason);
}

QString Pane::exportDescription() const
{
    return tr("the rows shown");
}

void Pane::followWhileShown(PaneFollower::Models models, PaneFollower::Live live,
                            PaneFollower::CatchUp catchUp)
{
    Q_ASSERT(!m_follower);
    m_follower = std::make_unique<PaneFollower>(this, std::move(models), std::move(live), catchUp);
}

void Pane::updateFollow()
{
    if (m_follower)
        m_follower->update();
}

QToolButton *Pane::makeViewsButton()
{
    Q_ASSERT(!m_viewsButton);
    m_viewsButton = new QToolButton(this);
    m_viewsButton->setObjectName(u"viewsButton"_s);
    m_viewsButton->setText(tr("&Views"));
    m_viewsButton->setToolTip(tr("Save this filter under a name, or show one saved before"));
    m_viewsButton->setPopupMode(QToolButton::InstantPopup);
    m_viewsButton->setMenu(new QMenu(m_viewsButton));
    return m_viewsButton;
}

void Pane::shareRange(const SharedRange &range, const QString &source)
{
    if (!m_unavailable.isEmpty() || !range.from.isValid() || !range.to.isValid() ||
        range.from >= range.to)
        return;
    if (!isVisible()) {
        // Read once, when the operator comes to the pane: a zoom after zoom in another pane
        // costs nothing here meanwhile.
        m_sharedRange = {range, source};
        return;
    }
    m_sharedRange.reset();
    showSharedRange(range, source);
}

void Pane::showSharedRange(const SharedRange &range, const QString &source)
{
    Q_UNUSED(range);
    Q_UNUSED(source);
}

void Pane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_follower)
        m_follower->shown();
    if (m_sharedRange) {
        const auto [range, source] = *std::exchange(m_sharedRange, std::nullopt);
        showSharedRange(range, source);
    }
}

void Pane::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateFollow();
}

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
    const auto enterOnARow = [view](const QKeyEvent &key) {
        return (key.key() == Qt::Key_Return || key.key() == Qt::Key_Enter) &&
               (key.modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier &&
               view->currentIndex().isValid();
    };
    new KeyOnView(view, enterOnARow, [details, show = std::move(show)] {
        if (show)
            show();
        revealAndFocus(details);
    });
    auto *back = new QShortcut(QKeySequence(Qt::Key_Escape), details);
    back->setContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(back, &QShortcut::activated, view,
                     [view] { view->setFocus(Qt::ShortcutFocusReason); });
}

void setUpListingTable(QTableView *view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->setCornerButtonEnabled(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
}

QLabel *makeProblemLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(u"problem"_s);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(u"QLabel { background: #fdecea; color: #611a15; padding: 6px; }"_s);
    label->hide();
    return label;
}

void shareSplitter(QSplitter *splitter, const QList<int> &shares)
{
    Q_ASSERT(splitter && shares.size() == splitter->count());
    QList<int> sizes;
    for (int i = 0; i < shares.size(); ++i) {
        splitter->setStretchFactor(i, shares.at(i));
        // Sizes set are kept as weights until the splitter has its length; large ones keep the
        // proportions exact through the integer arithmetic that then shares the length.
        sizes << shares.at(i) * 1000;
    }
    splitter->setSizes(sizes);
}

namespace {

// Gives part `index` of `splitter` `size` of its length, the other parts the rest in proportion
// to their sizes.
void setPartSize(QSplitter *splitter, int index, int size)
{
    QList<int> sizes = splitter->sizes();
    const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
    const int others = total - sizes.value(index);
    if (total <= 0 || others <= 0)
        return;
    const int left = std::max(0, total - size);
    for (int i = 0; i < sizes.size(); ++i) {
        if (i != index)
            sizes[i] = int(qint64(sizes.at(i)) * left / others);
    }
    sizes[index] = total - left;
    splitter->setSizes(sizes);
}

} // namespace

void foldDetailsUntilSelected(QSplitter *splitter, QWidget *details, QItemSelectionModel *selection)
{
    const int index = splitter->indexOf(details);
    Q_ASSERT(index >= 0 && selection);
    splitter->setCollapsible(index, true);
    splitter->setProperty(openDetailsShare, 0.4);
    // Gives `details` `share` of the length, at least what it needs unless shut.
    const auto resize = [splitter, details, index](double share) {
        const QList<int> sizes = splitter->sizes();
        const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
        const QSize least = details->minimumSizeHint();
        int size = int(total * std::clamp(share, 0.0, 0.9));
        if (size > 0)
            size = std::max(size, splitter->orientation() == Qt::Horizontal ? least.width()
                                                                            : least.height());
        setPartSize(splitter, index, size);
    };
    const auto fold = [splitter, index, resize] {
        if (splitter->sizes().value(index) > 0)
            resize(0);
    };
    const auto unfold = [splitter, index, resize] {
        if (splitter->sizes().value(index) == 0)
            resize(splitter->property(openDetailsShare).toDouble());
    };
    QObject::connect(selection, &QItemSelectionModel::selectionChanged, splitter,
                     [selection, fold, unfold] { selection->hasSelection() ? unfold() : fold(); });
    // A model reset clears the selection without a signal.
    if (QAbstractItemModel *model = selection->model()) {
        QObject::connect(model, &QAbstractItemModel::modelReset, splitter, [selection, fold] {
            if (!selection->hasSelection())
                fold();
        });
    }
    QObject::connect(splitter, &QSplitter::splitterMoved, splitter, [splitter, index, selection] {
        const QList<int> sizes = splitter->sizes();
        const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
        if (selection->hasSelection() && total > 0)
            splitter->setProperty(openDetailsShare, double(sizes.value(index)) / total);
    });
    fold();
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
        const QList<int> sizes = splitter->sizes();
        const int total = std::accumulate(sizes.cbegin(), sizes.cend(), 0);
        if (index < 0 || sizes.at(index) > 0 || total <= 0)
            continue;
        setPartSize(splitter, index, total * 2 / 5);
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
    const auto copy = [view, report = std::move(report), cellText = std::move(cellText)] {
        copySelectedRows(view, report, cellText);
    };
    new KeyOnView(
        view, [](const QKeyEvent &key) { return key.matches(QKeySequence::Copy); }, copy);
    auto *action = new QAction(Pane::tr("&Copy rows"), view);
    // Shown in the menu; the key itself is the copier's.
    action->setShortcuts(QKeySequence::Copy);
    action->setShortcutContext(Qt::WidgetShortcut);
    action->setToolTip(Pane::tr("Copies the selected rows as tab-separated text"));
    QObject::connect(action, &QAction::triggered, view, copy);
    if (view->contextMenuPolicy() == Qt::ActionsContextMenu)
        view->addAction(action);
    return action;
}

QAction *addJourneyAction(QAbstractItemView *view, std::function<QString()> idOfCurrent,
                          std::function<void(const QString &id)> open)
{
    auto *journey = new QAction(themedIcon(IconId::Journey), Pane::tr("&Journey"), view);
    journey->setObjectName(u"journeyAction"_s);
    journey->setShortcut(QKeySequence(Pane::tr("Ctrl+J")));
    journey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    journey->setToolTip(Pane::tr("Follows the selected message across the pipeline (Ctrl+J)"));
    view->addAction(journey);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    QObject::connect(journey, &QAction::triggered, view,
                     [idOfCurrent = std::move(idOfCurrent), open = std::move(open)] {
                         if (const QString id = idOfCurrent(); !id.isEmpty())
                             open(id);
                     });
    return journey;
}

QAction *addJourneyAction(QAbstractItemView *view, Pane *pane, std::function<QString()> idOfCurrent)
{
    return addJourneyAction(view, std::move(idOfCurrent), [pane](const QString &id) {
        PaneFocus focus;
        focus.search = id;
        Q_EMIT pane->openRequested(u"journey"_s, focus);
    });
}

} // namespace porthole
