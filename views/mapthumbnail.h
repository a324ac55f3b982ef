#pragma once

#include <QGraphicsView>

namespace porthole {

class PipelineMapLoader;
class PipelineMapScene;

// The pipeline map small, as the Overview's first picture: the same scene as the Pipeline map
// pane's, fitted whole into a strip, not interactive (no drag, no zoom, no tooltip to hunt for);
// a click anywhere on it asks for the pane (clicked()). Read when its owner says (refresh():
// the Overview, as it reads its other figures); hidden while the map has nothing to draw (a
// database without port messages).
class MapThumbnail : public QGraphicsView
{
    Q_OBJECT

public:
    // Shows what `loader` reads (not taken over: its owner keeps it).
    explicit MapThumbnail(PipelineMapLoader *loader, QWidget *parent = nullptr);

    PipelineMapScene *mapScene() const { return m_scene; }
    void refresh();

Q_SIGNALS:
    void clicked();

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void fit();

    PipelineMapLoader *m_loader;
    PipelineMapScene *m_scene;
    bool m_pressed = false;
};

} // namespace porthole
