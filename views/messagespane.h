#pragma once

#include "messagerepository.h"
#include "pane.h"

#include <QPersistentModelIndex>
#include <QString>
#include <QTimer>

class QAction;
class QCheckBox;
class QDateTimeEdit;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace porthole {

class ListingStack;
class MessageModel;

// The messages stored in SQL: a filter bar (text in the content, source, batch, number range,
// time range: all applied in SQL), the table, and the selected message whole below it. The
// table follows new messages live; scrolled away from the newest, the operator keeps reading
// what they read and a bar says how many came meanwhile (a click goes to them). Ctrl+F goes to
// the search, Enter to the message below (Escape comes back), Ctrl+C copies the selected rows
// as tab-separated text.
class MessagesPane : public Pane
{
    Q_OBJECT

public:
    // The model stays the caller's and must outlive the pane.
    explicit MessagesPane(MessageModel *model, QWidget *parent = nullptr);
    // Saves the layout in the settings.
    ~MessagesPane() override;

    static QString paneTitle() { return tr("Messages"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    std::shared_ptr<const ExportSource> exportSource() const override;
    QString exportDescription() const override;
    // Lists the messages numbered `focus.message` alone and selects the first.
    void focusOn(const PaneFocus &focus) override;

    // The settings group "messages": column widths and order, sort, splitter, following.
    void saveSettings() const;
    void restoreSettings();

    // What the filter bar says now, as the model is given it.
    MessageFilter filterFromBar() const;
    // The filter bar as a saved view: text, source, batch, numberFrom, numberTo, from, to.
    QJsonObject viewState() const override;
    void applyViewState(const QJsonObject &state) override;
    // Applies the filter bar at once (typing applies it a moment after the last key).
    void applyFilter();
    void clearFilter();

    bool isFollowing() const;
    void setFollowing(bool follow);

    // The selected rows (those read) as tab-separated text, one line a row, columns in the
    // order shown; what Ctrl+C copies (see porthole::selectedRowsText()).
    QString selectedRowsText() const;

    // For the window, tests and screenshots.
    MessageModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *textField() const { return m_text; }
    QLineEdit *sourceField() const { return m_source; }
    QLineEdit *batchField() const { return m_batch; }
    QLineEdit *numberFromField() const { return m_numberFrom; }
    QLineEdit *numberToField() const { return m_numberTo; }
    QCheckBox *fromBox() const { return m_fromBox; }
    QDateTimeEdit *fromEdit() const { return m_fromEdit; }
    QCheckBox *toBox() const { return m_toBox; }
    QDateTimeEdit *toEdit() const { return m_toEdit; }
    QCheckBox *followBox() const { return m_follow; }
    QPushButton *newRowsButton() const { return m_newRows; }
    QSplitter *splitter() const { return m_splitter; }
    QPlainTextEdit *detailsView() const { return m_details; }
    // Ctrl+C, and "Copy rows" in the table's context menu.
    QAction *copyAction() const { return m_copy; }
    // The count as shown: "1,234 rows", "about 1.2 M rows".
    QString countText() const;
    // What the pane says instead of the table (loading, empty, error); empty when it shows rows.
    QString stateText() const;
    // A problem shown above rows still in view (a lost connection, ...); empty when none.
    QString bannerText() const;
    // The selected message as the details box shows it: its fields, then its content whole.
    QString detailsText() const;

public Q_SLOTS:
    void refresh() override;
    // Goes to the rows that came while the operator looked elsewhere.
    void showNewRows();

private:
    QGridLayout *setUpFilterBar();
    void connectFilter();
    QHBoxLayout *setUpStatus();
    void setUpTable();
    void setUpDetails();
    void connectModel();

    void onSortIndicatorChanged(int column, Qt::SortOrder order);
    void onRowsAboutToMove(int first);
    void onRowsMoved();
    void updateState();
    void updateCount();
    void updateNewRows();
    void updateDetails();
    bool atNewestEdge() const;

    MessageModel *m_model = nullptr;
    QLineEdit *m_text = nullptr;
    QLineEdit *m_source = nullptr;
    QLineEdit *m_batch = nullptr;
    QLineEdit *m_numberFrom = nullptr;
    QLineEdit *m_numberTo = nullptr;
    QCheckBox *m_fromBox = nullptr;
    QDateTimeEdit *m_fromEdit = nullptr;
    QCheckBox *m_toBox = nullptr;
    QDateTimeEdit *m_toEdit = nullptr;
    QCheckBox *m_follow = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_busy = nullptr;
    QLabel *m_banner = nullptr;
    QPushButton *m_newRows = nullptr;
    ListingStack *m_stack = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_detailsHeading = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QAction *m_copy = nullptr;
    QTimer m_filterTimer;           // applies the filter a moment after typing stops
    QPersistentModelIndex m_anchor; // the top row in view while rows come or go above it
    bool m_restoringSort = false;   // the pane, not the operator, sets the sort indicator
};

} // namespace porthole
