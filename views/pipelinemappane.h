#pragma once

#include "pane.h"

#include <QTimer>

class QGraphicsView;
class QPaintDevice;
class QLabel;

namespace porthole {

class PipelineMapLoader;
class PipelineMapScene;
struct PipelineMap;

// Pipeline map: where the pipeline is stuck, at a glance. The components and the ports between
// them as a left-to-right flow (Graphviz's dot), each box in its health's colour, each arrow in
// its queue's with its rate, its queue and its troubles of the last hour; read again every
// refreshIntervalMs while shown, laid out again only when a component or port comes or goes.
// Zoom with Ctrl+wheel or the buttons, pan by dragging, Fit shows it whole. A click on a
// component opens its Health history, on a port its messages in Queues, on a stream or a
// consumer group (its box or its arrow) the Redis pane on it; a double-click on a port, its
// dead letters. A box dragged elsewhere stays there (pinned) until unpinned; the places are
// kept in the settings, for each database apart (setPinsKey()).
class PipelineMapPane : public Pane
{
    Q_OBJECT

public:
    static constexpr int refreshIntervalMs = 5000;

    // Shows what `loader` reads (not taken over: its owner keeps it).
    explicit PipelineMapPane(PipelineMapLoader *loader, QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Pipeline map"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    // Keeps the pinned places under `key` (the database's URL, without a password) in the
    // settings, and shows those kept there; empty: kept for this session only.
    void setPinsKey(const QString &key);

    // For tests and screenshots.
    PipelineMapScene *scene() const { return m_scene; }
    QGraphicsView *view() const { return m_view; }
    QString stateText() const;
    // Zoomed to show the whole map, at most half as large again as drawn.
    void fit();
    // The whole map as drawn, to a PNG image (twice its size, for a sharp print) or an SVG
    // drawing; false with `error` said when it cannot be written.
    bool exportPng(const QString &path, QString *error) const;
    bool exportSvg(const QString &path, QString *error) const;

public Q_SLOTS:
    void refresh() override;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onLoaded(bool moved);
    void onFailed(const QString &message);
    void savePins() const;
    // What the state line says of the Redis part; empty without one.
    QString redisText(const PipelineMap &map) const;
    void zoomBy(qreal factor);
    void askExport(const QString &format);
    // The whole map drawn onto `device`, scaled to `size`.
    void renderWhole(QPaintDevice *device, const QSizeF &size) const;

    PipelineMapLoader *m_loader;
    PipelineMapScene *m_scene;
    QGraphicsView *m_view = nullptr;
    QLabel *m_state = nullptr;
    QTimer m_refresh;
    QString m_pinsKey;
    bool m_zoomedByHand = false; // fitted at each new layout until the operator zooms
};

} // namespace porthole
