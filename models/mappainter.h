#pragma once

#include "pipelinemaploader.h"

#include <QColor>
#include <QFont>
#include <QImage>

class QPainter;

namespace porthole {

// The colour of a queue on the pipeline map: grey empty, green flowing, amber backed up, red
// stuck (statuscolours.h's tones).
QColor queueColour(QueueState state);

// The pipeline map drawn with a QPainter straight from its laid-out graph, without a scene
// (app/services, which draws reports, may not use widgets): each box in its health's or its
// queue's colour with its name and one line, each arrow in its queue's colour with its label,
// in English as reports are. `picture` was laid out (PipelineMapLoader::layOut()) with the
// metrics of `font`; the painter draws in the layout's points.
void paintMap(QPainter *painter, const MapPicture &picture, const QFont &font);

// The map laid out for `font` and drawn on a white image `scale` times its size in points;
// a null image when there is nothing to draw or it cannot be laid out.
QImage drawMapImage(const PipelineMap &map, const QFont &font, qreal scale = 2);

} // namespace porthole
