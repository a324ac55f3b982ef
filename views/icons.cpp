#include "icons.h"

#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr IconId lastIconId = IconId::Ledger;

} // namespace

QList<IconId> allIconIds()
{
    QList<IconId> ids;
    for (int id = 0; id <= int(lastIconId); ++id)
        ids.append(IconId(id));
    return ids;
}

QString iconName(IconId id)
{
    switch (id) {
    case IconId::Refresh:
        return u"view-refresh"_s;
    case IconId::Play:
        return u"media-playback-start"_s;
    case IconId::Pause:
        return u"media-playback-pause"_s;
    case IconId::Stop:
        return u"media-playback-stop"_s;
    case IconId::Unlock:
        return u"object-unlocked"_s;
    case IconId::Delete:
        return u"edit-delete"_s;
    case IconId::DeletePurged:
        return u"user-trash-full"_s;
    case IconId::Undo:
        return u"edit-undo"_s;
    case IconId::Back:
        return u"go-previous"_s;
    case IconId::Forward:
        return u"go-next"_s;
    case IconId::Up:
        return u"go-up"_s;
    case IconId::Down:
        return u"go-down"_s;
    case IconId::MoreActions:
        return u"overflow-menu"_s;
    case IconId::Warning:
    case IconId::DeadLetters:
        return u"dialog-warning"_s;
    case IconId::Overview:
        return u"go-home"_s;
    case IconId::BatchFiles:
        return u"text-x-generic"_s;
    case IconId::Messages:
        return u"mail-unread"_s;
    case IconId::Checkpoints:
        return u"document-save"_s;
    case IconId::Queues:
        return u"view-list-details"_s;
    case IconId::Metrics:
        return u"utilities-system-monitor"_s;
    case IconId::Ingest:
        return u"network-receive"_s;
    case IconId::Audit:
        return u"document-properties"_s;
    case IconId::SensorEvents:
        return u"network-wireless"_s;
    case IconId::Tables:
        return u"x-office-spreadsheet"_s;
    case IconId::ComponentState:
        return u"preferences-system"_s;
    case IconId::SinkStorage:
        return u"drive-harddisk"_s;
    case IconId::HealthHistory:
        return u"appointment-soon"_s;
    case IconId::Redis:
        return u"network-server"_s;
    case IconId::Alerts:
        return u"preferences-system-notifications"_s;
    case IconId::Journey:
        return u"go-jump"_s;
    case IconId::PipelineMap:
        return u"network-workgroup"_s;
    case IconId::Timeline:
        return u"x-office-calendar"_s;
    case IconId::Ledger:
        return u"accessories-calculator"_s;
    }
    Q_UNREACHABLE();
}

QString bundledIconPath(IconId id)
{
    return u":/porthole/icons/actions/"_s + iconName(id) + u".svg"_s;
}

QString bundledSelectedIconPath(IconId id)
{
    return u":/porthole/icons/actions/selected/"_s + iconName(id) + u".svg"_s;
}

QIcon themedIcon(IconId id)
{
    // The bundled icons are drawn in a grey that reads on a light and on a dark window; on the
    // highlight of a selected row it would not, so that row shows them in white.
    QIcon bundled(bundledIconPath(id));
    bundled.addFile(bundledSelectedIconPath(id), {}, QIcon::Selected);
    return QIcon::fromTheme(iconName(id), bundled);
}

void useReadableOverflowButton(QToolBar *toolBar)
{
    Q_ASSERT(toolBar);
    // The button QToolBar makes for itself, by the name Qt gives it.
    auto *button =
        toolBar->findChild<QToolButton *>(u"qt_toolbar_ext_button"_s, Qt::FindDirectChildrenOnly);
    Q_ASSERT(button);
    if (button)
        button->setIcon(themedIcon(IconId::MoreActions));
}

QIcon applicationIcon()
{
    return QIcon::fromTheme(u"dev.porthole.Porthole"_s, QIcon(u":/porthole/icons/porthole.svg"_s));
}

} // namespace porthole
