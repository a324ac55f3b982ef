#pragma once

#include "batchsearch.h"
#include "pane.h"

#include <QString>

#include <optional>

class QCheckBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace porthole {

class BatchFileListModel;
class BatchMessageModel;

// The batch-file store: its files with their metadata above, the selected file's messages
// below, both live. The operator follows the current batch, finds a message by number or
// text across the files (Ctrl+F; Enter or F3 for the next match, Shift+F3 for the previous),
// and sees at once which files are damaged or leave a gap in the numbers. Enter on a file goes
// to its lines, Enter on a line shows it whole below them; Escape comes back. Ctrl+C copies
// the selected files or lines as tab-separated text.
class BatchesPane : public Pane
{
    Q_OBJECT

public:
    // folder: the store, `{data_dir}/example_receiver/messages`; it need not exist yet.
    explicit BatchesPane(QString folder, QWidget *parent = nullptr);
    // Saves the layout (splitter, column widths, following) in the settings.
    ~BatchesPane() override;

    static QString paneTitle() { return tr("Batch files"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    // File > Export writes the selected batch file, or all of them, as JSON.
    bool canExport() const override { return !m_folder.isEmpty(); }
    // Selects the file numbered `focus.batch` (once it is listed), and its line `focus.message`
    // if given (once the file is read), and stops following.
    void focusOn(const PaneFocus &focus) override;

    QString folder() const { return m_folder; }
    void setFolder(const QString &folder);

    bool isFollowing() const;
    void setFollowing(bool follow);

    // As if typed into the search field and Enter pressed: the next match from the selected line.
    void find(const QString &text);
    void findNext();
    void findPrevious();

    // The settings group "batches": splitters, columns of both tables, following.
    void saveSettings() const;
    void restoreSettings();

    // For the window, tests and screenshots.
    BatchFileListModel *fileModel() const { return m_fileModel; }
    BatchMessageModel *messageModel() const { return m_messageModel; }
    BatchSearch *search() const { return m_search; }
    QTableView *fileView() const { return m_fileView; }
    QTableView *messageView() const { return m_messageView; }
    QLineEdit *searchField() const { return m_searchField; }
    QCheckBox *followBox() const { return m_follow; }
    QSplitter *splitter() const { return m_splitter; }
    // The lines above, the selected line whole below (shut until Enter opens it).
    QSplitter *lineSplitter() const { return m_lineSplitter; }
    QPlainTextEdit *lineDetailsView() const { return m_lineText; }
    // What the pane says instead of the files (no folder, empty, ...); empty when it shows them.
    QString stateText() const;
    QString searchStatusText() const;
    QString fileHeadingText() const;
    // The selected line as shown whole: what it is, then its content.
    QString lineDetailsText() const;
    qint64 selectedBatchId() const;    // 0: none
    qint64 selectedLineNumber() const; // in the messages; 0: none

public Q_SLOTS:
    void refresh() override;

private:
    QHBoxLayout *setUpSearchBar();
    void setUpTables();
    QWidget *setUpLine();
    void setUpShortcuts(QWidget *line);
    void connectModels();

    struct Position
    {
        qint64 batchId = 0;
        qint64 lineNumber = 0;
    };
    struct PendingJump
    {
        Position from;
        bool forward = true;
        bool included = false; // a match on the line itself counts
    };

    void find(const QString &text, bool forward);
    void startSearch(const QString &text, const PendingJump &jump);
    QList<qint64> searchOrder(const QString &text) const;
    Position position() const;
    void jumpTo(const BatchSearchHit &hit, bool wrapped = false);
    void onHits();
    void onSearchFinished();
    void updateSearchStatus();

    void onListed();
    void onCurrentFileChanged(const QModelIndex &current);
    void onFollowToggled(bool follow);
    void onMessagesLoaded(qint64 batchId);
    void selectFileRow(int row);
    void selectPendingLine();
    void scrollMessagesToEnd();
    void updateState();
    void updateHeading();
    void updateLineDetails();

    QString m_folder;
    BatchFileListModel *m_fileModel = nullptr;
    BatchMessageModel *m_messageModel = nullptr;
    BatchSearch *m_search = nullptr;
    QLabel *m_folderLabel = nullptr;
    QLineEdit *m_searchField = nullptr;
    QLabel *m_searchStatus = nullptr;
    QCheckBox *m_follow = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_stateLabel = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_fileView = nullptr;
    QLabel *m_fileHeading = nullptr;
    QTableView *m_messageView = nullptr;
    QSplitter *m_lineSplitter = nullptr;
    QLabel *m_lineHeading = nullptr;
    QPlainTextEdit *m_lineText = nullptr;

    bool m_selecting = false;              // the pane, not the operator, is changing the selection
    std::optional<PendingJump> m_jump;     // a find waiting for the search to come up with a match
    std::optional<Position> m_pendingLine; // a line to select once its file is read
    std::optional<qint64> m_pendingFile;   // a file to select once it is listed
    qint64 m_listings = 0;                 // listings that changed something, so far
    qint64 m_searchedListing = -1;         // m_listings when the last search started
    std::optional<BatchSearchHit> m_shownHit; // the match the operator was taken to last
    bool m_wrapped = false;
};

} // namespace porthole
