#include "pipelinemappane.h"

#include "icons.h"
#include "journeymodel.h"
#include "pipelinemaploader.h"
#include "pipelinemapscene.h"

#include <QDir>
#include <QFileDialog>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSvgGenerator>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <functional>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The map's view: dragged to pan, Ctrl+wheel to zoom about the pointer.
class MapView : public QGraphicsView
{
public:
    MapView(QGraphicsScene *scene, std::function<void()> zoomed, QWidget *parent)
        : QGraphicsView(scene, parent)
        , m_zoomed(std::move(zoomed))
    {
        setObjectName(u"mapView"_s);
        setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        setDragMode(QGraphicsView::ScrollHandDrag);
        setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
        setBackgroundBrush(palette().color(QPalette::Base));
    }

protected:
    void wheelEvent(QWheelEvent *event) override
    {
        if (!(event->modifiers() & Qt::ControlModifier)) {
            QGraphicsView::wheelEvent(event);
            return;
        }
        const qreal factor = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(factor, factor);
        m_zoomed();
        event->accept();
    }

private:
    std::function<void()> m_zoomed;
};

} // namespace

PipelineMapPane::PipelineMapPane(PipelineMapLoader *loader, QWidget *parent)
    : Pane(u"map"_s, paneTitle(), parent)
    , m_loader(loader)
    , m_scene(new PipelineMapScene(this))
{
    m_loader->setMetrics({qreal(fontMetrics().averageCharWidth()), qreal(fontMetrics().height())});
    m_state = new QLabel(tr("Reading the pipeline map…"), this);
    m_state->setObjectName(u"mapState"_s);
    m_state->setWordWrap(true);
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads the map again (F5); it is read every %1 s while shown")
                                  .arg(refreshIntervalMs / 1000));
    auto *fitButton = new QPushButton(tr("&Fit"), this);
    fitButton->setToolTip(tr("Shows the whole map"));
    auto *zoomIn = new QPushButton(tr("Zoom &in"), this);
    zoomIn->setToolTip(tr("Larger (Ctrl+wheel up)"));
    auto *exportButton = new QPushButton(tr("&Export"), this);
    exportButton->setToolTip(tr("Saves the whole map as a PNG image or an SVG drawing"));
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(tr("Map as PNG…"), this, [this] { askExport(u"png"_s); });
    exportMenu->addAction(tr("Map as SVG…"), this, [this] { askExport(u"svg"_s); });
    exportButton->setMenu(exportMenu);
    auto *zoomOut = new QPushButton(tr("Zoom &out"), this);
    zoomOut->setToolTip(tr("Smaller (Ctrl+wheel down)"));
    connect(refreshButton, &QPushButton::clicked, this, &PipelineMapPane::refresh);
    connect(fitButton, &QPushButton::clicked, this, &PipelineMapPane::fit);
    connect(zoomIn, &QPushButton::clicked, this, [this] { zoomBy(1.25); });
    connect(zoomOut, &QPushButton::clicked, this, [this] { zoomBy(1 / 1.25); });

    m_view = new MapView(
        m_scene, [this] { m_zoomedByHand = true; }, this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_state, 1);
    for (QPushButton *button : {zoomOut, zoomIn, fitButton, refreshButton, exportButton})
        bar->addWidget(button);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_loader, &PipelineMapLoader::loaded, this, &PipelineMapPane::onLoaded);
    connect(m_loader, &PipelineMapLoader::failed, this, &PipelineMapPane::onFailed);
    connect(m_scene, &PipelineMapScene::componentClicked, this, [this](const QString &component) {
        PaneFocus focus;
        focus.component = component;
        Q_EMIT openRequested(u"healthhistory"_s, focus);
    });
    connect(m_scene, &PipelineMapScene::portClicked, this, [this](const QString &port) {
        PaneFocus focus;
        focus.port = port;
        Q_EMIT openRequested(u"queues"_s, focus);
    });
    connect(m_scene, &PipelineMapScene::portDoubleClicked, this, [this](const QString &port) {
        PaneFocus focus;
        focus.port = port;
        Q_EMIT openRequested(u"deadletters"_s, focus);
    });
    connect(m_scene, &PipelineMapScene::groupClicked, this,
            [this](const QString &stream, const QString &group) {
                PaneFocus focus;
                focus.stream = stream;
                focus.group = group;
                Q_EMIT openRequested(u"redis"_s, focus);
            });
    connect(m_scene, &PipelineMapScene::streamClicked, this, [this](const QString &key) {
        PaneFocus focus;
        focus.key = key;
        Q_EMIT openRequested(u"redis"_s, focus);
    });
    connect(m_scene, &PipelineMapScene::pinsChanged, this, &PipelineMapPane::savePins);
    m_refresh.setInterval(refreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, &PipelineMapPane::refresh);
}

QIcon PipelineMapPane::paneIcon()
{
    return themedIcon(IconId::PipelineMap);
}

namespace {

const QString pinsSetting = u"pipelineMap/pins"_s;

} // namespace

void PipelineMapPane::setPinsKey(const QString &key)
{
    m_pinsKey = key;
    QHash<QString, QPointF> pins;
    const QVariantMap kept = QSettings().value(pinsSetting).toMap().value(key).toMap();
    for (auto pin = kept.cbegin(); pin != kept.cend(); ++pin)
        pins.insert(pin.key(), pin.value().toPointF());
    m_scene->setPins(pins);
}

void PipelineMapPane::savePins() const
{
    if (m_pinsKey.isEmpty())
        return;
    QSettings settings;
    QVariantMap all = settings.value(pinsSetting).toMap();
    QVariantMap pins;
    const QHash<QString, QPointF> &pinned = m_scene->pins();
    for (auto pin = pinned.cbegin(); pin != pinned.cend(); ++pin)
        pins.insert(pin.key(), pin.value());
    if (pins.isEmpty())
        all.remove(m_pinsKey);
    else
        all.insert(m_pinsKey, pins);
    settings.setValue(pinsSetting, all);
}

QString PipelineMapPane::stateText() const
{
    return m_state->text();
}

void PipelineMapPane::refresh()
{
    m_loader->load();
}

void PipelineMapPane::showEvent(QShowEvent *event)
{
    Pane::showEvent(event);
    refresh();
    m_refresh.start();
}

void PipelineMapPane::hideEvent(QHideEvent *event)
{
    Pane::hideEvent(event);
    m_refresh.stop(); // nobody looks at a hidden map
}

void PipelineMapPane::fit()
{
    const QRectF whole = m_scene->sceneRect();
    if (whole.isEmpty())
        return;
    m_view->resetTransform();
    // Up to half as large again as drawn: a small pipeline is read from across the desk.
    const qreal fits =
        std::min<qreal>(1.5, std::min(m_view->viewport()->width() / whole.width(),
                                      m_view->viewport()->height() / whole.height()));
    m_view->scale(fits, fits);
    m_view->centerOn(whole.center());
}

void PipelineMapPane::renderWhole(QPaintDevice *device, const QSizeF &size) const
{
    QPainter painter(device);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_scene->render(&painter, QRectF(QPointF(), size), m_scene->sceneRect());
}

bool PipelineMapPane::exportPng(const QString &path, QString *error) const
{
    QImage image((m_scene->sceneRect().size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    renderWhole(&image, image.size());
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && image.save(&file, "PNG") && file.commit())
        return true;
    *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

bool PipelineMapPane::exportSvg(const QString &path, QString *error) const
{
    const QSizeF size = m_scene->sceneRect().size();
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size.toSize());
        svg.setViewBox(QRectF(QPointF(), size));
        svg.setTitle(tr("Pipeline map"));
        svg.setDescription(m_state->text());
        renderWhole(&svg, size);
        if (file.commit())
            return true;
    }
    *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

void PipelineMapPane::askExport(const QString &format)
{
    const bool png = format == u"png"_s;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save the pipeline map"), png ? u"pipeline-map.png"_s : u"pipeline-map.svg"_s,
        png ? tr("PNG images (*.png)") : tr("SVG drawings (*.svg)"));
    if (path.isEmpty())
        return;
    QString error;
    if (png ? exportPng(path, &error) : exportSvg(path, &error))
        Q_EMIT statusMessage(tr("Saved the map to %1").arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT failed(tr("Map not saved"), error);
}

void PipelineMapPane::zoomBy(qreal factor)
{
    m_zoomedByHand = true;
    m_view->scale(factor, factor);
}

void PipelineMapPane::onLoaded(bool moved)
{
    const MapPicture &picture = m_loader->picture();
    m_scene->setPicture(picture, moved);
    // A new layout (the first, a component come or gone, Redis's part read) is shown whole,
    // unless the operator zoomed: then it stays as they left it.
    if (moved && !m_zoomedByHand && !picture.layout.nodes.isEmpty())
        fit();
    const PipelineMap &map = picture.map;
    if (picture.layout.nodes.isEmpty()) {
        m_state->setText(
            tr("No component yet: the map draws the components that send or receive on a port "
               "(port_messages) and those that send heartbeats (system_health). It appears as "
               "soon as the pipeline writes them."));
        return;
    }
    int backedUp = 0;
    int stuck = 0;
    for (const MapPort &port : map.ports) {
        backedUp += port.state == QueueState::BackedUp ? 1 : 0;
        stuck += port.state == QueueState::Stuck ? 1 : 0;
    }
    const QLocale locale;
    QString text =
        tr("%1 components, %2 ports")
            .arg(locale.toString(map.components.size()), locale.toString(map.ports.size()));
    if (stuck + backedUp == 0) {
        text += tr("; no queue is backed up.");
    } else {
        const QueueThresholds &limits = m_loader->thresholds();
        const auto wait = [](std::chrono::seconds s) {
            return JourneyModel::durationText(qint64(s.count()) * 1000);
        };
        text += tr("; %1 stuck, %2 backed up (red: %3 waiting or the oldest %4; amber: %5 or "
                   "%6).")
                    .arg(stuck)
                    .arg(backedUp)
                    .arg(locale.toString(limits.stuckPending), wait(limits.stuckWait),
                         locale.toString(limits.backedUpPending), wait(limits.backedUpWait));
    }
    text += redisText(map);
    text += tr(" Read at %1.").arg(map.readAt.toLocalTime().toString(u"HH:mm:ss"_s));
    m_state->setText(text);
}

QString PipelineMapPane::redisText(const PipelineMap &map) const
{
    if (!map.redis.problem.isEmpty())
        return u' ' + tr("Redis not read: %1").arg(map.redis.problem);
    if (map.redis.streams.isEmpty())
        return {};
    // Two texts each, as English has no translation to pick "1 stream" or "2 streams" from.
    const qsizetype streams = map.redis.streams.size();
    const qsizetype groups = map.redis.groups.size();
    QString text =
        u' ' + (streams == 1 ? tr("Redis: 1 stream") : tr("Redis: %1 streams").arg(streams)) +
        (groups == 1 ? tr(", 1 consumer group") : tr(", %1 consumer groups").arg(groups));
    if (!map.redis.complete)
        text += tr(" (the first %1 streams with groups; the server has more)").arg(mapStreamsShown);
    return text + u'.';
}

void PipelineMapPane::onFailed(const QString &message)
{
    m_state->setText(tr("Cannot read the pipeline map: %1 It is read again every %2 s while "
                        "shown; F5 reads it now.")
                         .arg(message)
                         .arg(refreshIntervalMs / 1000));
}

} // namespace porthole
