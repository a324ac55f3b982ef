#pragma once

#include "metricsdashboards.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>

class QComboBox;
class QToolButton;

namespace porthole {

// The Metrics pane's dashboards: a box to pick one (the default dashboard, made from the data
// when picked, or one the operator saved; "Unsaved set" once the series are picked by hand),
// and a menu to save the set shown under a name (a name taken asks first), delete the one
// picked, export it to a file and import a file's. The saved ones are MetricsDashboards' (the
// settings); what the pane shows is the pane's, asked for through `current`.
class MetricsDashboardBar : public QWidget
{
    Q_OBJECT

public:
    enum class Saved
    {
        Saved,
        NameTaken, // another dashboard has the name: nothing saved
        NoName
    };

    // `current` gives the set shown (its name is set here).
    explicit MetricsDashboardBar(std::function<MetricsDashboard()> current,
                                 QWidget *parent = nullptr);

    // Saves the set shown as `name`; with `replace`, over one of that name. Shows it picked.
    Saved saveAs(const QString &name, bool replace);
    // Deletes the saved `name`; false when none has it.
    bool removeDashboard(const QString &name);
    // Writes the set shown, named after the dashboard picked, to `path`.
    bool exportTo(const QString &path, QString *error);
    // Saves the dashboards of the file at `path` and shows the first: `replace` is asked
    // about the names already taken (none: they are replaced), and false from it imports
    // nothing. False and `error` (empty when `replace` declined) when nothing was imported;
    // then the saved dashboards are as they were.
    bool importFrom(const QString &path, QString *error,
                    const std::function<bool(const QStringList &taken)> &replace = {});

    // What the box shows picked, without applying it.
    void showDefault();
    void showSaved(const QString &name);
    void showUnsaved();
    // The name of the saved dashboard picked; empty for the default or an unsaved set.
    QString savedName() const;
    bool defaultShown() const;
    // The dashboard in use, as the settings keep it ("default", "saved:NAME", "none"), and
    // back.
    QString inUse() const;
    void showInUse(const QString &inUse);

    QComboBox *box() const { return m_box; }

Q_SIGNALS:
    void defaultChosen();
    void dashboardChosen(const porthole::MetricsDashboard &dashboard);
    void statusMessage(const QString &message);
    void failed(const QString &title, const QString &message);

private:
    void fill();
    void choose(int index);
    void askSave();
    void askDelete();
    void askExport();
    void askImport();
    void updateActions();

    std::function<MetricsDashboard()> m_current;
    QComboBox *m_box = nullptr;
    QToolButton *m_menuButton = nullptr;
    QAction *m_delete = nullptr;
};

} // namespace porthole
