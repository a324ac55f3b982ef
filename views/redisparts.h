#pragma once

#include <QByteArray>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace porthole {

class JsonTreeModel;

// The pieces the Redis pane's views share.

// A read-only table of rows for a listing: whole rows selected, no grid of editors, rows one
// line high, the last column taking the rest of the width.
QTableView *listingTable(QWidget *parent);

// A payload shown as what it is: a JSON tree when it parses as JSON, its text when it is
// UTF-8 text, else a hex dump; the heading says which and how large. Text and hex show the
// first shownBytes, and say how many more there are.
class PayloadView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int shownBytes = 64 * 1024;

    explicit PayloadView(QWidget *parent = nullptr);

    void setPayload(const QByteArray &payload);
    // Shows `message` where the payload goes ("Select an entry to see its payload here.").
    void clear(const QString &message);

    // What the heading says ("JSON, 42 bytes"), for tests.
    QString heading() const;
    // Which of the three shows the payload: "json", "text", "hex", or "none".
    QString shownAs() const;
    QTreeView *tree() const { return m_tree; }
    QPlainTextEdit *text() const { return m_text; }

private:
    QLabel *m_heading = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_empty = nullptr;
    QTreeView *m_tree = nullptr;
    JsonTreeModel *m_treeModel = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QString m_shownAs = QStringLiteral("none");
};

} // namespace porthole
