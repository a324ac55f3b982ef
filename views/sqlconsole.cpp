#include "sqlconsole.h"

#include "consolemodel.h"
#include "icons.h"
#include "listingparts.h"
#include "pagedtablemodel.h"
#include "pane.h"
#include "queryhistory.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

SqlConsole::SqlConsole(ConsoleModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_historyStore(std::make_unique<QueryHistory>())
{
    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(u"sqlEditor"_s);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setPlaceholderText(
        tr("SELECT * FROM port_messages WHERE status = 'failed'\n\nOne statement; it only "
           "reads: a statement that would change the database is refused. Ctrl+Enter runs it."));
    m_editor->setTabChangesFocus(true);

    m_run = new QPushButton(themedIcon(IconId::Play), tr("R&un"), this);
    m_run->setObjectName(u"runButton"_s);
    m_run->setToolTip(tr("Runs the statement, read-only (Ctrl+Enter)"));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_cancel->setToolTip(tr("Stops the statement under way"));
    m_export = new QPushButton(tr("E&xport…"), this);
    m_export->setObjectName(u"consoleExportButton"_s);
    m_export->setToolTip(tr("Writes every row of the result to a CSV, JSON or JSON Lines file"));
    m_history = new QComboBox(this);
    m_history->setObjectName(u"historyBox"_s);
    m_history->setToolTip(tr("Statements run before: pick one to put it in the editor"));
    m_history->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_history->setMinimumContentsLength(24);
    m_status = new QLabel(this);
    m_status->setObjectName(u"consoleStatus"_s);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_history, 1);
    bar->addWidget(m_export);

    m_view = makeListingTable(this, m_model, u"consoleView"_s,
                              [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_stack = new ListingStack(m_view, this, u"consoleState"_s);

    auto *editorPart = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorPart);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addLayout(bar);
    editorLayout->addWidget(m_status);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(u"consoleSplitter"_s);
    split->setChildrenCollapsible(false);
    split->addWidget(editorPart);
    split->addWidget(m_stack);
    shareSplitter(split, {1, 2});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    for (const auto &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &SqlConsole::run);
    }
    connect(m_run, &QPushButton::clicked, this, &SqlConsole::run);
    connect(m_cancel, &QPushButton::clicked, this, &SqlConsole::cancel);
    connect(m_export, &QPushButton::clicked, this, &SqlConsole::exportRequested);
    connect(m_history, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_editor->setPlainText(m_history->itemData(index).toString());
        m_history->setCurrentIndex(0);
        m_editor->setFocus();
    });
    connect(m_model, &ConsoleModel::stateChanged, this, &SqlConsole::updateState);
    connect(m_model, &ConsoleModel::busyChanged, this, &SqlConsole::updateState);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &SqlConsole::updateState);
    fillHistory();
    updateState();
}

SqlConsole::~SqlConsole() = default;

void SqlConsole::run()
{
    const QString sql = m_editor->toPlainText();
    if (sql.trimmed().isEmpty()) {
        m_status->setText(tr("Type a statement to run, then press Ctrl+Enter."));
        return;
    }
    m_historyStore->add(sql);
    fillHistory();
    m_model->run(sql);
}

void SqlConsole::cancel()
{
    m_model->cancel();
}

QString SqlConsole::stateText() const
{
    return m_stack->stateText();
}

QString SqlConsole::statusText() const
{
    return m_status->text();
}

void SqlConsole::fillHistory()
{
    m_history->clear();
    m_history->addItem(tr("History"));
    for (const QString &statement : m_historyStore->statements()) {
        QString line = statement.simplified();
        if (line.size() > 80)
            line = line.left(80) + u'…';
        m_history->addItem(line, statement);
        m_history->setItemData(m_history->count() - 1, statement, Qt::ToolTipRole);
    }
    m_history->setEnabled(m_history->count() > 1);
}

void SqlConsole::updateState()
{
    using State = ConsoleModel::State;
    const bool busy = m_model->isBusy();
    m_cancel->setEnabled(busy);
    m_export->setEnabled(m_model->exportSource() != nullptr);
    const int rows = m_model->rowCount();
    // Two %n texts, as English has no translation to pick "1 row" or "2 rows" from.
    const QString counted =
        m_model->atEnd() ? PagedTableModel::countText({rows, RowCount::Precision::Exact})
                         : (rows == 1 ? tr("%Ln row so far, more as you scroll", nullptr, rows)
                                      : tr("%Ln rows so far, more as you scroll", nullptr, rows));
    switch (m_model->state()) {
    case State::Idle:
        m_status->clear();
        m_stack->showRows(false, tr("Type a statement above and press Ctrl+Enter to run it.\n"
                                    "The console only reads: a statement that would change the "
                                    "database is refused."));
        break;
    case State::Running:
        m_status->setText(tr("Running… Cancel stops it."));
        m_stack->showRows(false, tr("Running the statement… Cancel stops it."));
        break;
    case State::Cancelled:
        m_status->setText(m_model->message());
        m_stack->showRows(rows > 0, tr("Cancelled. Press Ctrl+Enter to run it again."));
        break;
    case State::Error:
        m_status->setText(tr("The statement failed."));
        m_stack->showRows(
            false, tr("%1\n\nCorrect the statement and run it again.").arg(m_model->message()));
        Q_EMIT statusMessage(m_model->message());
        break;
    case State::Ready:
        m_status->setText(m_model->message().isEmpty() ? counted
                                                       : counted + u" · "_s + m_model->message());
        if (m_model->columnCount() == 0)
            m_stack->showRows(false, tr("The statement ran and returned nothing."));
        else if (rows == 0)
            m_stack->showRows(false, tr("The statement returned no rows (columns: %1).")
                                         .arg(m_model->headerData(0, Qt::Horizontal).toString() +
                                              (m_model->columnCount() > 1 ? u", …"_s : QString())));
        else
            m_stack->showRows(true, {});
        break;
    }
}

} // namespace porthole
