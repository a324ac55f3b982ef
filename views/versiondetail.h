#pragma once

#include <QWidget>

class QAbstractItemView;
class QJsonValue;
class QLabel;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace porthole {

class JsonDiffModel;
class JsonTreeModel;

// What one version of a JSON document holds, or what changed between two, or a sentence in
// their place (nothing selected, reading, a failure, no differences), under a heading that
// says which. The Checkpoints and Component state panes show a selected version with it; the
// pane decides what to show, this shows it.
class VersionDetail : public QWidget
{
    Q_OBJECT

public:
    enum class Shown
    {
        Message, // a sentence
        Tree,    // one version's document
        Diff     // the differences of two versions
    };
    // The widths the columns start at, in average characters: the tree's key and value, the
    // differences' path and old value.
    struct Widths
    {
        int key = 24;
        int value = 34;
        int oldValue = 24;
    };

    explicit VersionDetail(Widths widths, QWidget *parent = nullptr);

    void showMessage(const QString &heading, const QString &message);
    // `value` as a tree, its top level open.
    void showDocument(const QString &heading, const QJsonValue &value);
    // What changed from `older` to `newer`, under `versions` with how many values were added,
    // removed and changed; `same` instead when nothing was.
    void showDifferences(const QString &versions, const QJsonValue &older, const QJsonValue &newer,
                         const QString &same);

    Shown shown() const;
    QString heading() const;
    // The sentence shown; empty while a document or differences show.
    QString message() const;
    // The view a copy takes its current item from: the tree or the differences, whichever has
    // the focus, else whichever shows; none while a sentence shows.
    QAbstractItemView *copySource() const;

    JsonTreeModel *treeModel() const { return m_treeModel; }
    JsonDiffModel *diffModel() const { return m_diffModel; }
    QTreeView *treeView() const { return m_treeView; }
    QTableView *diffView() const { return m_diffView; }
    // The document or the differences, for a listing's Enter to move the focus to.
    QWidget *views() const;

private:
    JsonTreeModel *m_treeModel;
    JsonDiffModel *m_diffModel;
    QLabel *m_heading = nullptr;
    QLabel *m_message = nullptr;
    QTreeView *m_treeView = nullptr;
    QTableView *m_diffView = nullptr;
    QStackedWidget *m_stack = nullptr;
};

} // namespace porthole
