#pragma once

#include "gotolookup.h"

#include <QFrame>
#include <QTimer>

class QLabel;
class QLineEdit;
class QTreeView;

namespace porthole {

class GoToModel;

// Go to anything (Ctrl+K): a small popup over the window, a line to type in and what the
// model found under it, each row labelled with its kind. Typing searches a moment after the
// last key (the model's sources read off the GUI thread); Up and Down choose, Enter (or a
// click) opens the thing chosen and closes the box, Escape closes it. A line under the rows
// says what was searched, and when nothing matched.
class GoToBox : public QFrame
{
    Q_OBJECT

public:
    // Shows what `model` finds (not taken over).
    explicit GoToBox(GoToModel *model, QWidget *parent = nullptr);

    // Shows the box at the top of `over`, the line empty and focused.
    void popUp(QWidget *over);
    // Searches for what the line holds now, without waiting for typing to settle.
    void searchNow();

    // For the window and tests.
    QLineEdit *field() const { return m_field; }
    QTreeView *view() const { return m_view; }
    QString statusText() const;

Q_SIGNALS:
    // The operator chose `hit` (Enter, a click); the box has closed.
    void chosen(const porthole::GoToHit &hit);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onUpdated();
    void choose(int row);
    void moveCurrent(int by);

    GoToModel *m_model;
    QLineEdit *m_field = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_status = nullptr;
    QTimer m_debounce;
    bool m_openWhenFound = false; // Enter came before the search's answers
    // Up or Down chose a row of this search's: it stays chosen as more answers come; until
    // then the first row is (the best match of the first kind).
    bool m_movedByHand = false;
};

} // namespace porthole
