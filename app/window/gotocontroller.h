#pragma once

#include "connectionfactory.h"
#include "gotolookup.h"
#include "redisurl.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QAction;

namespace porthole {

class GoToBox;
class GoToModel;
class GoToSource;
class MainWindow;
struct PaneFocus;

// Go to anything (View > Go to Anything…, Ctrl+K anywhere in the window): the box over the
// window, the model it shows and the sources of the data open now, and the pane opened on
// what the operator chose, focused on it (Pane::focusOn()), or the saved view chosen. Each
// source that reads a database, the batch-file store or Redis does so on a thread of its own
// (gotosources.h): the window's thread never waits for one.
class GoToController : public QObject
{
    Q_OBJECT

public:
    explicit GoToController(MainWindow *window, QObject *parent = nullptr);
    ~GoToController() override;

    // What the data open now offers to search, in place of what was there: the database's
    // `databaseKinds` (none: no usable database), the batch-file store in `batchDirectory`
    // (empty: none), the Redis server (none: no server), and the saved views of the window's
    // panes (made before).
    void setSources(const ConnectionFactory &connections, const QList<GoToKind> &databaseKinds,
                    const QString &batchDirectory, const std::optional<RedisUrl> &redis);
    // One more source, until the next setSources() (a pane's saved views).
    void addSource(std::unique_ptr<GoToSource> source);

    // The kinds a database is searched for: all of them on a database migrated to Porthole's
    // schema, only those whose tables it has when it was attached read-only (never migrated).
    static QList<GoToKind> databaseKinds(const QStringList &tables, bool readOnly);
    // What `hit` asks its pane to show.
    static PaneFocus focusOf(const GoToHit &hit);

    // Opens the box (Ctrl+K).
    void popUp();
    // Shows the pane of `hit` focused on it; false when the window has no such pane.
    bool open(const GoToHit &hit);

    // For tests.
    GoToModel *model() const { return m_model; }
    GoToBox *box() const { return m_box; }
    QAction *action() const { return m_action; }

private:
    MainWindow *m_window;
    GoToModel *m_model;
    GoToBox *m_box;
    QAction *m_action;
};

} // namespace porthole
