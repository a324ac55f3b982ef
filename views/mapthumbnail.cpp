#include "mapthumbnail.h"

#include "pipelinemaploader.h"
#include "pipelinemapscene.h"

#include <QMouseEvent>

using namespace Qt::StringLiterals;

namespace porthole {

MapThumbnail::MapThumbnail(PipelineMapLoader *loader, QWidget *parent)
    : QGraphicsView(parent)
    , m_loader(loader)
    , m_scene(new PipelineMapScene(this))
{
    setObjectName(u"mapThumbnail"_s);
    setScene(m_scene);
    setInteractive(false); // the scene gets no click, drag or pin: the pane is for that
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setBackgroundBrush(palette().color(QPalette::Base));
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("The pipeline map: click to open it"));
    setMinimumHeight(160);
    setMaximumHeight(260);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    hide(); // until there is something to draw
    m_loader->setMetrics({qreal(fontMetrics().averageCharWidth()), qreal(fontMetrics().height())});
    connect(m_loader, &PipelineMapLoader::loaded, this, [this](bool moved) {
        const MapPicture &picture = m_loader->picture();
        m_scene->setPicture(picture, moved);
        setVisible(!picture.layout.nodes.isEmpty());
        fit();
    });
}

void MapThumbnail::refresh()
{
    m_loader->load();
}

void MapThumbnail::fit()
{
    if (!m_scene->sceneRect().isEmpty())
        fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
}

void MapThumbnail::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    fit();
}

void MapThumbnail::mousePressEvent(QMouseEvent *event)
{
    m_pressed = event->button() == Qt::LeftButton;
    event->accept();
}

void MapThumbnail::mouseReleaseEvent(QMouseEvent *event)
{
    if (std::exchange(m_pressed, false) && event->button() == Qt::LeftButton &&
        rect().contains(event->position().toPoint()))
        Q_EMIT clicked();
    event->accept();
}

void MapThumbnail::wheelEvent(QWheelEvent *event)
{
    event->ignore(); // the Overview scrolls, the picture does not
}

} // namespace porthole
