#include "metricsdashboardbar.h"

#include "questiondialog.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QMenu>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString defaultKey = u"default"_s;
const QString savedPrefix = u"saved:"_s;
const QString noneKey = u"none"_s;

} // namespace

MetricsDashboardBar::MetricsDashboardBar(std::function<MetricsDashboard()> current, QWidget *parent)
    : QWidget(parent)
    , m_current(std::move(current))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_box = new QComboBox;
    m_box->setObjectName(u"dashboards"_s);
    m_box->setToolTip(tr("A dashboard: a set of series with its range and aggregate"));
    // As wide as the series' column, however long a dashboard's name: the column keeps the
    // width the operator gave it.
    m_box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_box->setMinimumContentsLength(8);
    m_box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    //: The dashboard box when the series were picked by hand
    m_box->setPlaceholderText(tr("Unsaved set"));
    m_menuButton = new QToolButton;
    m_menuButton->setObjectName(u"dashboardMenu"_s);
    m_menuButton->setText(tr("Dashboards"));
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_menuButton);
    menu->addAction(tr("Save As…"), this, &MetricsDashboardBar::askSave);
    m_delete = menu->addAction(tr("Delete"), this, &MetricsDashboardBar::askDelete);
    menu->addSeparator();
    menu->addAction(tr("Export…"), this, &MetricsDashboardBar::askExport);
    menu->addAction(tr("Import…"), this, &MetricsDashboardBar::askImport);
    m_menuButton->setMenu(menu);
    layout->addWidget(m_box);
    layout->addWidget(m_menuButton);
    fill();
    connect(m_box, &QComboBox::activated, this, &MetricsDashboardBar::choose);
}

void MetricsDashboardBar::fill()
{
    const QString shown = inUse();
    m_box->clear();
    //: The dashboard Metrics opens on, made from the data
    m_box->addItem(tr("Default"), defaultKey);
    for (const MetricsDashboard &dashboard : MetricsDashboards::load())
        m_box->addItem(dashboard.name, QString(savedPrefix + dashboard.name));
    showInUse(shown);
}

void MetricsDashboardBar::choose(int index)
{
    const QString key = m_box->itemData(index).toString();
    updateActions();
    if (key == defaultKey) {
        Q_EMIT defaultChosen();
        return;
    }
    if (auto dashboard = MetricsDashboards::find(key.mid(savedPrefix.size())))
        Q_EMIT dashboardChosen(*dashboard);
}

MetricsDashboardBar::Saved MetricsDashboardBar::saveAs(const QString &name, bool replace)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return Saved::NoName;
    if (!replace && MetricsDashboards::find(trimmed))
        return Saved::NameTaken;
    MetricsDashboard dashboard = m_current();
    dashboard.name = trimmed;
    MetricsDashboards::put(dashboard);
    fill();
    showSaved(trimmed);
    return Saved::Saved;
}

bool MetricsDashboardBar::removeDashboard(const QString &name)
{
    if (!MetricsDashboards::remove(name))
        return false;
    const bool shown = savedName() == name;
    fill();
    if (shown)
        showUnsaved();
    return true;
}

bool MetricsDashboardBar::exportTo(const QString &path, QString *error)
{
    MetricsDashboard dashboard = m_current();
    dashboard.name = defaultShown()          ? tr("Default")
                     : savedName().isEmpty() ? tr("Dashboard")
                                             : savedName();
    return writeDashboardsFile(path, {dashboard}, error);
}

bool MetricsDashboardBar::importFrom(const QString &path, QString *error,
                                     const std::function<bool(const QStringList &)> &replace)
{
    error->clear();
    auto read = readDashboardsFile(path, error);
    if (!read)
        return false;
    if (read->isEmpty()) {
        *error = tr("%1 holds no dashboard.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    QStringList taken;
    for (const MetricsDashboard &dashboard : std::as_const(*read)) {
        if (MetricsDashboards::find(dashboard.name))
            taken << dashboard.name;
    }
    if (!taken.isEmpty() && replace && !replace(taken))
        return false;
    QList<MetricsDashboard> saved = MetricsDashboards::load();
    saved.removeIf([&](const MetricsDashboard &one) {
        return std::any_of(read->cbegin(), read->cend(),
                           [&](const MetricsDashboard &d) { return d.name == one.name; });
    });
    MetricsDashboards::save(saved + *read);
    fill();
    showSaved(read->constFirst().name);
    Q_EMIT dashboardChosen(read->constFirst());
    return true;
}

void MetricsDashboardBar::showDefault()
{
    showInUse(defaultKey);
}

void MetricsDashboardBar::showSaved(const QString &name)
{
    showInUse(savedPrefix + name);
}

void MetricsDashboardBar::showUnsaved()
{
    showInUse(noneKey);
}

QString MetricsDashboardBar::savedName() const
{
    const QString key = inUse();
    return key.startsWith(savedPrefix) ? key.mid(savedPrefix.size()) : QString();
}

bool MetricsDashboardBar::defaultShown() const
{
    return inUse() == defaultKey;
}

QString MetricsDashboardBar::inUse() const
{
    return m_box->currentIndex() < 0 ? noneKey : m_box->currentData().toString();
}

void MetricsDashboardBar::showInUse(const QString &inUse)
{
    m_box->setCurrentIndex(m_box->findData(inUse)); // -1, "Unsaved set", when none
    updateActions();
}

void MetricsDashboardBar::updateActions()
{
    m_delete->setEnabled(!savedName().isEmpty());
}

void MetricsDashboardBar::askSave()
{
    QStringList names;
    for (const MetricsDashboard &dashboard : MetricsDashboards::load())
        names << dashboard.name;
    const QString suggested = savedName();
    bool ok = false;
    const QString name = QInputDialog::getItem(
        this, tr("Save the dashboard"), tr("Save the series shown, their range and aggregate as:"),
        names, std::max<int>(0, int(names.indexOf(suggested))), true, &ok);
    if (!ok)
        return;
    Saved saved = saveAs(name, false);
    if (saved == Saved::NameTaken &&
        askWithDetails(this, tr("Replace the dashboard?"),
                       tr("A dashboard named “%1” is saved already. Replace it with the series "
                          "shown?")
                           .arg(name.trimmed()),
                       {}))
        saved = saveAs(name, true);
    if (saved == Saved::Saved)
        Q_EMIT statusMessage(tr("Saved the dashboard “%1”").arg(name.trimmed()));
    else if (saved == Saved::NoName)
        Q_EMIT failed(tr("Dashboard not saved"), tr("A dashboard needs a name."));
}

void MetricsDashboardBar::askDelete()
{
    const QString name = savedName();
    if (name.isEmpty() ||
        !askWithDetails(this, tr("Delete the dashboard?"),
                        tr("Delete the dashboard “%1”? The series stay shown.").arg(name), {}))
        return;
    if (removeDashboard(name))
        Q_EMIT statusMessage(tr("Deleted the dashboard “%1”").arg(name));
}

void MetricsDashboardBar::askExport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the dashboard"), u"dashboard.json"_s, tr("Dashboards (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportTo(path, &error))
        Q_EMIT statusMessage(
            tr("Exported the dashboard to %1").arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT failed(tr("Dashboard not exported"), error);
}

void MetricsDashboardBar::askImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import dashboards"), QString(),
                                                      tr("Dashboards (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    const auto replace = [this](const QStringList &taken) {
        return askWithDetails(
            this, tr("Replace dashboards?"),
            tr("The file has dashboards whose names are taken. Replace the saved ones?"),
            taken.join(u'\n'));
    };
    if (importFrom(path, &error, replace))
        Q_EMIT statusMessage(
            tr("Imported the dashboards of %1").arg(QDir::toNativeSeparators(path)));
    else if (!error.isEmpty())
        Q_EMIT failed(
            tr("Dashboards not imported"),
            tr("%1\nNothing was imported; the saved dashboards are as they were.").arg(error));
}

} // namespace porthole
