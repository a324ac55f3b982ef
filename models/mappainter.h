#pragma once

#include "pipelinemaploader.h"

#include <QColor>
#include <QFont>
#include <QImage>

#include <optional>

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

// How a laid-out map goes on paper: the direction it was laid out in, the scale it is drawn
// at, and the parts of it that go on a page each.
struct MapPages
{
    FlowDirection direction = FlowDirection::LeftToRight;
    qreal scale = 1;      // a page's units a layout point
    QList<QRectF> pieces; // parts of the layout (its points, with a margin round its bounds),
                          // a page each, in reading order: rows from the top, each from the left
};

// Where the map goes on pages of `page` (in a page's units), given it laid out both ways:
// drawn at most `largest` times its size and, where its text must stay readable, at least
// `smallest` times:
// - left to right as the window shows it, on one page, as large as it fits there, when that is
//   at least `smallest`;
// - else top to bottom, the same way (a long chain, too wide for a page, is tall and narrow that
//   way);
// - else at `smallest`, over as many pages as it takes, laid out the way that takes fewer (left
//   to right when equal).
// A cut between two pages moves back, by up to half a page, to where it crosses no box and no
// edge's label, so that each is read whole on one page (where labels leave no such place, to
// where it crosses no box).
MapPages fitMapToPages(const GraphLayout &leftToRight, const GraphLayout &topToBottom,
                       const QSizeF &page, qreal smallest, qreal largest);

// The map on pages: laid out both ways with the metrics of the font it is drawn with, and the
// pages fitMapToPages() gives it; `picture`'s layout is the one the pages are of.
struct MapPrint
{
    MapPicture picture;
    MapPages pages;
};

// `map` printed with `font` on pages of `page` (fitMapToPages()); nothing when there is nothing
// to draw or it cannot be laid out.
std::optional<MapPrint> printMap(const PipelineMap &map, const QFont &font, const QSizeF &page,
                                 qreal smallest, qreal largest);

// The part `piece` of `print` drawn with `font` on a white image `pixels` times its size on the
// page (the piece's size times the print's scale).
QImage drawMapPiece(const MapPrint &print, const QRectF &piece, const QFont &font, qreal pixels);

} // namespace porthole
