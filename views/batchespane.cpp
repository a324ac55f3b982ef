#include "batchespane.h"

#include "batchfilelistmodel.h"
#include "batchline.h"
#include "batchmessagemodel.h"
#include "batchsearch.h"
#include "icons.h"
#include "journeyreceipts.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"batches"_s;
// More of a line than this is shown cut off: a text view lays out all it holds at once.
constexpr qsizetype mostBytesShown = 1 << 20;

// Both tables: one line a row, rows of one fixed height (so that 100,000 rows cost nothing to
// lay out), long values elided in the cell and whole in the tooltip. Rows are selected whole,
// several at a time for Ctrl+C; the current row is the one shown.
void setUpTable(QTableView *view, Qt::TextElideMode elide)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(elide);
    view->setCornerButtonEnabled(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
}

// A line copied: its content whole as the file holds it (line breaks, NUL and bytes that are
// not UTF-8 escaped with backslashes; a damaged line as it is), a tab as \t as the Messages
// pane copies it; the other columns as shown.
QString lineCopyText(const QModelIndex &index)
{
    using Lines = BatchMessageModel;
    if (index.column() != Lines::ContentColumn)
        return index.data().toString();
    const QByteArray bytes = index.data(Lines::ContentRole).toByteArray();
    QString text = QString::fromUtf8(
        index.data(Lines::DamagedRole).toBool() ? bytes : BatchLine::escape(bytes));
    return text.replace(u'\t', u"\\t"_s);
}

} // namespace

BatchesPane::BatchesPane(QString folder, QWidget *parent)
    : Pane(u"batches"_s, paneTitle(), parent)
    , m_fileModel(new BatchFileListModel(this))
    , m_messageModel(new BatchMessageModel(this))
    , m_search(new BatchSearch(this))
{
    m_folderLabel = new QLabel(this);
    m_folderLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QHBoxLayout *bar = setUpSearchBar();
    setUpTables();
    // The selected line whole, below the lines: shut until Enter opens it (or a drag).
    QWidget *line = setUpLine();

    auto *messages = new QWidget(this);
    auto *messagesLayout = new QVBoxLayout(messages);
    messagesLayout->setContentsMargins(0, 0, 0, 0);
    messagesLayout->addWidget(m_fileHeading);
    messagesLayout->addWidget(m_lineSplitter, 1);

    // Files above messages: both tables are wide, and a batch file holds ten lines.
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"splitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_fileView);
    m_splitter->addWidget(messages);
    // Half each: the ten lines of a batch all in view below the files, at the window's default
    // size.
    shareSplitter(m_splitter, {1, 1});

    m_stateLabel = new QLabel(this);
    m_stateLabel->setAlignment(Qt::AlignCenter);
    m_stateLabel->setWordWrap(true);
    m_stateLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_stateLabel);
    m_stack->addWidget(m_splitter);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_folderLabel);
    layout->addLayout(bar);
    layout->addWidget(m_stack, 1);

    setUpShortcuts(line);
    connectModels();

    m_follow->setChecked(true); // unless the settings say otherwise
    restoreSettings();
    setFolder(std::move(folder));
    updateLineDetails();
}

QHBoxLayout *BatchesPane::setUpSearchBar()
{
    m_searchField = new QLineEdit(this);
    m_searchField->setObjectName(u"searchField"_s);
    m_searchField->setClearButtonEnabled(true);
    m_searchField->setPlaceholderText(tr("Message number (#42) or text"));
    m_searchField->setToolTip(
        tr("Finds a message in every file: Enter or F3 for the next match, Shift+F3 for the "
           "previous one (Ctrl+F)"));
    auto *findLabel = new QLabel(tr("F&ind:"), this);
    findLabel->setBuddy(m_searchField);
    m_searchStatus = new QLabel(this);
    m_follow = new QCheckBox(tr("F&ollow the current batch"), this);
    m_follow->setToolTip(tr("Keeps the newest file selected and its last message in view"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(findLabel);
    bar->addWidget(m_searchField, 2);
    bar->addWidget(m_searchStatus, 1);
    bar->addWidget(m_follow);
    return bar;
}

void BatchesPane::setUpTables()
{
    m_fileView = new QTableView(this);
    m_fileView->setObjectName(u"fileView"_s);
    setUpTable(m_fileView, Qt::ElideMiddle);
    m_fileView->setModel(m_fileModel);
    // Wide enough for the header and a typical value; the operator's widths are restored later.
    const QString time = u"0000-00-00 00:00:00"_s;
    const int iconRoom = style()->pixelMetric(QStyle::PM_SmallIconSize) + 8; // the flag's swatch
    const QString number = u"000000000"_s;
    using Files = BatchFileListModel;
    fitColumn(m_fileView, Files::IdColumn, u"000000"_s);
    fitColumn(m_fileView, Files::FileNameColumn, u"messages_batch_00000.txt"_s, iconRoom);
    fitColumn(m_fileView, Files::MessagesColumn, u"00"_s);
    fitColumn(m_fileView, Files::SizeColumn, u"000.0 KiB"_s);
    fitColumn(m_fileView, Files::CreatedColumn, time);
    fitColumn(m_fileView, Files::ModifiedColumn, time);
    fitColumn(m_fileView, Files::FirstNumberColumn, number);
    fitColumn(m_fileView, Files::LastNumberColumn, number);
    fitColumn(m_fileView, Files::LinesColumn, u"00"_s);
    fitColumn(m_fileView, Files::DamagedLinesColumn, u"00"_s);
    m_fileView->horizontalHeader()->setStretchLastSection(true);
    // On a narrow screen the time a file was made gives up its room first: when it was last
    // written says more.
    keepMainColumn(m_fileView, Files::DamagedLinesColumn, Files::CreatedColumn,
                   m_fileView->columnWidth(Files::DamagedLinesColumn));

    m_fileHeading = new QLabel(this);
    m_fileHeading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageView = new QTableView(this);
    m_messageView->setObjectName(u"messageView"_s);
    setUpTable(m_messageView, Qt::ElideRight);
    m_messageView->setModel(m_messageModel);
    fitColumn(m_messageView, BatchMessageModel::LineColumn, u"0000"_s, iconRoom);
    fitColumn(m_messageView, BatchMessageModel::TimeColumn, time);
    fitColumn(m_messageView, BatchMessageModel::NumberColumn, number);
    m_messageView->horizontalHeader()->setStretchLastSection(true);
}

QWidget *BatchesPane::setUpLine()
{
    auto *line = new QWidget(this);
    auto *lineLayout = new QVBoxLayout(line);
    lineLayout->setContentsMargins(0, 0, 0, 0);
    m_lineHeading = new QLabel(line);
    m_lineHeading->setObjectName(u"lineHeading"_s);
    m_lineHeading->setWordWrap(true);
    m_lineHeading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lineText = new QPlainTextEdit(line);
    m_lineText->setObjectName(u"lineText"_s);
    m_lineText->setReadOnly(true);
    m_lineText->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_lineText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    lineLayout->addWidget(m_lineHeading);
    lineLayout->addWidget(m_lineText, 1);
    m_lineSplitter = new QSplitter(Qt::Vertical, this);
    m_lineSplitter->setObjectName(u"lineSplitter"_s);
    m_lineSplitter->addWidget(m_messageView);
    m_lineSplitter->addWidget(line);
    m_lineSplitter->setCollapsible(0, false);
    // The line opens below the messages (Enter on one) and stays shut until then.
    shareSplitter(m_lineSplitter, {3, 2});
    m_lineSplitter->setSizes({1, 0});
    return line;
}

void BatchesPane::setUpShortcuts(QWidget *line)
{
    // Shortcuts of this pane only: the window holds other panes with their own. Enter goes
    // from a file to its lines, and from a line to the line whole; Escape comes back.
    focusOnFind(this, m_searchField);
    openOnEnter(m_fileView, m_messageView);
    openOnEnter(m_messageView, line, [this] { updateLineDetails(); });
    const auto report = [this](const QString &message) {
        Q_EMIT statusMessage(message);
    };
    copyRowsOnCtrlC(m_fileView, report);
    copyRowsOnCtrlC(m_messageView, report, lineCopyText);
    // Where the line came from: the delivery the file sink wrote there.
    addJourneyAction(m_messageView, this, [this]() -> QString {
        const QModelIndex current = m_messageView->currentIndex();
        if (!current.isValid() || m_messageModel->batchId() <= 0)
            return {};
        return batchLineKey(m_messageModel->batchId(),
                            current.data(BatchMessageModel::LineNumberRole).toLongLong());
    });
    auto *next = new QShortcut(QKeySequence::FindNext, this);
    next->setContext(Qt::WidgetWithChildrenShortcut);
    connect(next, &QShortcut::activated, this, &BatchesPane::findNext);
    auto *previous = new QShortcut(QKeySequence::FindPrevious, this);
    previous->setContext(Qt::WidgetWithChildrenShortcut);
    connect(previous, &QShortcut::activated, this, &BatchesPane::findPrevious);
    auto *previousByEnter = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Return), m_searchField);
    previousByEnter->setContext(Qt::WidgetShortcut);
    connect(previousByEnter, &QShortcut::activated, this, &BatchesPane::findPrevious);
    connect(m_searchField, &QLineEdit::returnPressed, this, &BatchesPane::findNext);
    connect(m_searchField, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.trimmed().isEmpty()) {
            m_search->cancel();
            m_shownHit.reset();
            m_jump.reset();
            updateSearchStatus();
        }
    });
}

void BatchesPane::connectModels()
{
    connect(m_search, &BatchSearch::hitsFound, this, &BatchesPane::onHits);
    connect(m_search, &BatchSearch::progress, this, &BatchesPane::updateSearchStatus);
    connect(m_search, &BatchSearch::finished, this, &BatchesPane::onSearchFinished);

    connect(m_fileModel, &BatchFileListModel::listed, this, &BatchesPane::onListed);
    connect(m_fileModel, &BatchFileListModel::stateChanged, this, &BatchesPane::updateState);
    connect(m_fileView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &BatchesPane::onCurrentFileChanged);
    connect(m_fileModel, &QAbstractItemModel::dataChanged, this, &BatchesPane::updateHeading);
    connect(m_follow, &QCheckBox::toggled, this, &BatchesPane::onFollowToggled);

    connect(m_messageModel, &BatchMessageModel::loaded, this, &BatchesPane::onMessagesLoaded);
    connect(m_messageModel, &BatchMessageModel::stateChanged, this, &BatchesPane::updateHeading);
    connect(m_messageModel, &QAbstractItemModel::rowsInserted, this, [this] {
        updateHeading();
        if (isFollowing())
            scrollMessagesToEnd();
    });
    connect(m_messageModel, &QAbstractItemModel::rowsRemoved, this, &BatchesPane::updateHeading);
    connect(m_messageModel, &QAbstractItemModel::dataChanged, this, &BatchesPane::updateHeading);
    connect(m_messageView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &BatchesPane::updateLineDetails);
    // A new file, a line gone, or a torn last line completed.
    connect(m_messageModel, &QAbstractItemModel::modelReset, this, &BatchesPane::updateLineDetails);
    connect(m_messageModel, &QAbstractItemModel::rowsRemoved, this,
            &BatchesPane::updateLineDetails);
    connect(m_messageModel, &QAbstractItemModel::dataChanged, this,
            &BatchesPane::updateLineDetails);
}

BatchesPane::~BatchesPane()
{
    saveSettings();
}

QIcon BatchesPane::paneIcon()
{
    return themedIcon(IconId::BatchFiles);
}

void BatchesPane::setFolder(const QString &folder)
{
    m_folder = folder;
    m_folderLabel->setText(folder.isEmpty() ? tr("No folder") : tr("Folder: %1").arg(folder));
    m_search->cancel();
    m_shownHit.reset();
    m_jump.reset();
    m_pendingLine.reset();
    m_searchedListing = -1;
    m_messageModel->setFile(folder, 0);
    m_fileModel->setDirectory(folder);
    updateSearchStatus();
    updateState();
    updateHeading();
}

void BatchesPane::refresh()
{
    m_fileModel->refresh();
    m_messageModel->reload();
}

bool BatchesPane::isFollowing() const
{
    return m_follow->isChecked();
}

void BatchesPane::setFollowing(bool follow)
{
    m_follow->setChecked(follow);
}

void BatchesPane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"splitter"_s, m_splitter->saveState());
    settings.setValue(u"lineSplitter"_s, m_lineSplitter->saveState());
    settings.setValue(u"fileColumns"_s, m_fileView->horizontalHeader()->saveState());
    settings.setValue(u"messageColumns"_s, m_messageView->horizontalHeader()->saveState());
    settings.setValue(u"follow"_s, isFollowing());
}

void BatchesPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_splitter->restoreState(settings.value(u"splitter"_s).toByteArray());
    m_lineSplitter->restoreState(settings.value(u"lineSplitter"_s).toByteArray());
    m_fileView->horizontalHeader()->restoreState(settings.value(u"fileColumns"_s).toByteArray());
    m_messageView->horizontalHeader()->restoreState(
        settings.value(u"messageColumns"_s).toByteArray());
    m_follow->setChecked(settings.value(u"follow"_s, isFollowing()).toBool());
}

QString BatchesPane::stateText() const
{
    return m_stack->currentWidget() == m_stateLabel ? m_stateLabel->text() : QString();
}

QString BatchesPane::searchStatusText() const
{
    return m_searchStatus->text();
}

QString BatchesPane::fileHeadingText() const
{
    return m_fileHeading->text();
}

QString BatchesPane::lineDetailsText() const
{
    return m_lineHeading->text() + u'\n' + m_lineText->toPlainText();
}

qint64 BatchesPane::selectedBatchId() const
{
    const QModelIndex current = m_fileView->selectionModel()->currentIndex();
    return current.isValid() ? current.data(BatchFileListModel::BatchIdRole).toLongLong() : 0;
}

qint64 BatchesPane::selectedLineNumber() const
{
    const QModelIndex current = m_messageView->selectionModel()->currentIndex();
    return current.isValid() ? current.data(BatchMessageModel::LineNumberRole).toLongLong() : 0;
}

// --- The files and their messages ---------------------------------------------------------

void BatchesPane::updateState()
{
    QString text;
    switch (m_fileModel->state()) {
    case BatchFileListModel::State::NoFolder:
        text = tr("No batch folder is set, so there are no batch files to show.");
        break;
    case BatchFileListModel::State::Loading:
        text = tr("Listing the batch files in %1…").arg(m_folder);
        break;
    case BatchFileListModel::State::Missing:
        text = tr("The folder %1 does not exist yet.\nThe receiver creates it when it writes its "
                  "first batch file; the files are shown here as soon as it does.")
                   .arg(m_folder);
        break;
    case BatchFileListModel::State::Failed:
        text =
            tr("Cannot list the batch files in %1.\n%2").arg(m_folder, m_fileModel->errorMessage());
        break;
    case BatchFileListModel::State::Ready:
        if (m_fileModel->rowCount() == 0)
            text = tr("There are no batch files in %1 yet.\nFiles named messages_batch_0001.txt, "
                      "messages_batch_0002.txt, … are shown here as they are written.")
                       .arg(m_folder);
        break;
    }
    const bool hasFiles = text.isEmpty();
    m_stateLabel->setText(text);
    m_stack->setCurrentWidget(hasFiles ? static_cast<QWidget *>(m_splitter) : m_stateLabel);
    m_searchField->setEnabled(hasFiles);
    if (m_fileModel->state() == BatchFileListModel::State::Failed)
        Q_EMIT statusMessage(m_fileModel->errorMessage());
}

void BatchesPane::onListed()
{
    ++m_listings;
    updateState();
    const int rows = m_fileModel->rowCount();
    if (rows == 0)
        return;
    if (m_pendingFile && m_fileModel->rowForBatch(*m_pendingFile) >= 0) {
        selectFileRow(m_fileModel->rowForBatch(*std::exchange(m_pendingFile, std::nullopt)));
        return;
    }
    // Following: the newest file. Otherwise, on first showing, the newest file too; after
    // that, whatever the operator chose stays chosen.
    const int current = m_fileView->selectionModel()->currentIndex().row();
    if ((isFollowing() && current != rows - 1) || current < 0)
        selectFileRow(rows - 1);
}

void BatchesPane::focusOn(const PaneFocus &focus)
{
    if (!focus.batch)
        return;
    setFollowing(false);
    if (focus.message) // a line of it: selected once the file is read
        m_pendingLine = Position{*focus.batch, *focus.message};
    if (const int row = m_fileModel->rowForBatch(*focus.batch); row >= 0)
        selectFileRow(row);
    else
        m_pendingFile = focus.batch; // not listed yet: the next listing selects it
    selectPendingLine();             // at once when the file is shown already
}

void BatchesPane::selectFileRow(int row)
{
    const QModelIndex index = m_fileModel->index(row, BatchFileListModel::FileNameColumn);
    m_selecting = true;
    m_fileView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    m_selecting = false;
    m_fileView->scrollTo(index);
}

void BatchesPane::onCurrentFileChanged(const QModelIndex &current)
{
    if (!m_selecting && isFollowing() && current.isValid() &&
        current.row() != m_fileModel->rowCount() - 1)
        setFollowing(false); // the operator looks at an older file
    const qint64 id =
        current.isValid() ? current.data(BatchFileListModel::BatchIdRole).toLongLong() : 0;
    // Rows inserted or removed above move the current row, not the file.
    if (id != m_messageModel->batchId())
        m_messageModel->setFile(m_folder, id);
    updateHeading();
}

void BatchesPane::onFollowToggled(bool follow)
{
    if (!follow)
        return;
    const int rows = m_fileModel->rowCount();
    if (rows > 0)
        selectFileRow(rows - 1);
    scrollMessagesToEnd();
}

void BatchesPane::onMessagesLoaded(qint64 batchId)
{
    if (m_pendingLine && m_pendingLine->batchId == batchId)
        selectPendingLine();
    else if (isFollowing())
        scrollMessagesToEnd();
}

void BatchesPane::selectPendingLine()
{
    if (!m_pendingLine || m_messageModel->batchId() != m_pendingLine->batchId ||
        m_messageModel->state() != BatchMessageModel::State::Ready)
        return;
    const int row = m_messageModel->rowForLine(m_pendingLine->lineNumber);
    m_pendingLine.reset();
    if (row < 0)
        return; // the file is shorter now than when it was searched
    const QModelIndex index = m_messageModel->index(row, BatchMessageModel::ContentColumn);
    m_messageView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                QItemSelectionModel::Rows);
    m_messageView->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void BatchesPane::scrollMessagesToEnd()
{
    const int rows = m_messageModel->rowCount();
    if (rows > 0)
        m_messageView->scrollTo(m_messageModel->index(rows - 1, 0));
}

void BatchesPane::updateHeading()
{
    const qint64 id = m_messageModel->batchId();
    if (id <= 0) {
        m_fileHeading->setText(tr("Select a batch file to see its messages."));
        return;
    }
    const int row = m_fileModel->rowForBatch(id);
    const QString name = row >= 0 ? m_fileModel->files().at(row).fileName : tr("Batch %1").arg(id);
    QString text;
    switch (m_messageModel->state()) {
    case BatchMessageModel::State::NoFile:
    case BatchMessageModel::State::Loading:
        text = tr("%1: reading…").arg(name);
        break;
    case BatchMessageModel::State::Failed:
        text = tr("Cannot read %1: %2").arg(name, m_messageModel->errorMessage());
        break;
    case BatchMessageModel::State::Ready: {
        qint64 damaged = 0;
        for (const BatchFileLine &line : m_messageModel->lines())
            damaged += line.ok ? 0 : 1;
        const int messages = int(m_messageModel->lines().size() - damaged);
        // Two %n texts each, as English has no translation to pick "1 message" or "2 messages"
        // from.
        const QString messageCount = messages == 1 ? tr("%Ln message", nullptr, messages)
                                                   : tr("%Ln messages", nullptr, messages);
        if (damaged == 0) {
            //: A batch file's name and how many messages it holds: "messages_batch_0001.txt: 9
            //: messages"
            text = tr("%1: %2").arg(name, messageCount);
        } else {
            const QString damagedCount = damaged == 1
                                             ? tr("%Ln damaged line", nullptr, int(damaged))
                                             : tr("%Ln damaged lines", nullptr, int(damaged));
            //: A batch file's name, how many messages it holds and how many of its lines are
            //: damaged: "messages_batch_0001.txt: 9 messages, 1 damaged line"
            text = tr("%1: %2, %3").arg(name, messageCount, damagedCount);
        }
        break;
    }
    }
    const QString flagged = row >= 0 ? m_fileModel->flagText(row) : QString();
    m_fileHeading->setToolTip(flagged);
    m_fileHeading->setText(text);
}

void BatchesPane::updateLineDetails()
{
    const QModelIndex current = m_messageView->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_lineHeading->setText(tr("Select a line to see it whole here."));
        m_lineText->clear();
        return;
    }
    using Lines = BatchMessageModel;
    const QByteArray bytes = current.data(Lines::ContentRole).toByteArray();
    QStringList fields{tr("Line %1").arg(current.data(Lines::LineNumberRole).toLongLong())};
    if (!current.data(Lines::DamagedRole).toBool()) {
        const QDateTime at = current.data(Lines::TimestampRole).toDateTime();
        fields << tr("message #%1").arg(current.data(Lines::MessageNumberRole).toLongLong())
               << tr("received %1 (UTC %2)")
                      .arg(at.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s),
                           at.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s));
    }
    fields << tr("%Ln bytes", nullptr, int(bytes.size()));
    QString heading = fields.join(u" · "_s);
    if (const QString note = m_messageModel->note(current.row()); !note.isEmpty())
        heading += u'\n' + note;
    m_lineHeading->setText(heading);
    QString text = QString::fromUtf8(bytes.first(std::min(bytes.size(), mostBytesShown)));
    text.replace(QChar(u'\0'), QChar::ReplacementCharacter);
    if (bytes.size() > mostBytesShown)
        text += tr("\n… (%Ln bytes more not shown)", nullptr, int(bytes.size() - mostBytesShown));
    if (m_lineText->toPlainText() != text)
        m_lineText->setPlainText(text);
}

} // namespace porthole
