#include "gotobox.h"

#include "gotomodel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// How long typing must pause before a search starts.
constexpr int settleMs = 150;

} // namespace

GoToBox::GoToBox(GoToModel *model, QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_model(model)
    , m_field(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"goToBox"_s);
    setFrameShape(QFrame::StyledPanel);
    m_field->setObjectName(u"goToField"_s);
    m_field->setClearButtonEnabled(true);
    m_field->setPlaceholderText(tr("Go to a port, component, checkpoint, batch, message, key…"));
    m_field->installEventFilter(this);

    m_view->setObjectName(u"goToResults"_s);
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setHeaderHidden(true);
    m_view->setFocusPolicy(Qt::NoFocus); // the keys stay in the line
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(true);
    m_view->setColumnWidth(GoToModel::KindColumn, fontMetrics().averageCharWidth() * 14);
    m_view->setColumnWidth(GoToModel::NameColumn, fontMetrics().averageCharWidth() * 40);
    connect(m_view, &QTreeView::clicked, this,
            [this](const QModelIndex &index) { choose(index.row()); });

    m_status->setObjectName(u"goToStatus"_s);
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_field);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(settleMs);
    connect(&m_debounce, &QTimer::timeout, this, &GoToBox::searchNow);
    connect(m_field, &QLineEdit::textEdited, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_model, &GoToModel::updated, this, &GoToBox::onUpdated);
    onUpdated();
}

void GoToBox::popUp(QWidget *over)
{
    m_field->clear();
    m_openWhenFound = false;
    m_movedByHand = false;
    m_model->setText({});
    const int width = std::min(over->width() - 40, fontMetrics().averageCharWidth() * 90);
    resize(std::max(width, 300), fontMetrics().height() * 18);
    const QPoint top = over->mapToGlobal(QPoint((over->width() - this->width()) / 2, 40));
    move(top);
    show();
    raise();
    activateWindow();
    m_field->setFocus(Qt::PopupFocusReason);
}

void GoToBox::searchNow()
{
    m_debounce.stop();
    if (m_field->text() != m_model->text()) {
        m_movedByHand = false;
        m_model->setText(m_field->text());
    }
}

QString GoToBox::statusText() const
{
    return m_status->text();
}

void GoToBox::onUpdated()
{
    const QString searched = m_model->searchedText();
    const QString text = m_model->text().trimmed();
    QString status;
    if (searched.isEmpty())
        status = tr("Nothing to search: open a database, a batch-file folder or a Redis server.");
    else if (text.isEmpty())
        status = tr("Searches %1.").arg(searched);
    else if (m_model->isSearching())
        status = tr("Searching %1…").arg(searched);
    else if (m_model->rowCount() == 0)
        status = tr("Nothing matches '%1' in %2.").arg(text, searched);
    else
        status = tr("%n found in %1.", nullptr, m_model->rowCount()).arg(searched);
    if (!m_model->problems().isEmpty())
        status += u' ' + m_model->problems().join(u' ');
    m_status->setText(status);
    if (m_model->rowCount() > 0 && (!m_movedByHand || !m_view->currentIndex().isValid()))
        m_view->setCurrentIndex(m_model->index(0, GoToModel::NameColumn));
    if (m_openWhenFound && !m_model->isSearching()) {
        m_openWhenFound = false;
        choose(m_view->currentIndex().row());
    }
}

void GoToBox::moveCurrent(int by)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    m_movedByHand = true;
    const int row = std::clamp(m_view->currentIndex().row() + by, 0, rows - 1);
    m_view->setCurrentIndex(m_model->index(row, GoToModel::NameColumn));
}

void GoToBox::choose(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const GoToHit hit = m_model->hit(row);
    hide();
    Q_EMIT chosen(hit);
}

bool GoToBox::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_field || event->type() != QEvent::KeyPress)
        return QFrame::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    switch (key->key()) {
    case Qt::Key_Down:
        moveCurrent(1);
        return true;
    case Qt::Key_Up:
        moveCurrent(-1);
        return true;
    case Qt::Key_PageDown:
        moveCurrent(8);
        return true;
    case Qt::Key_PageUp:
        moveCurrent(-8);
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        // Before the answers to what was typed: the first of them, once they are all in.
        if (m_field->text() != m_model->text() || m_model->isSearching()) {
            m_openWhenFound = true;
            searchNow();
            return true;
        }
        choose(m_view->currentIndex().row());
        return true;
    case Qt::Key_Escape:
        hide();
        return true;
    default:
        return QFrame::eventFilter(watched, event);
    }
}

} // namespace porthole
