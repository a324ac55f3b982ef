#pragma once

#include "healthhistorymodel.h"

#include <QList>
#include <QWidget>

namespace porthole {

// Each component's health over time, one lane a component: a band a status, coloured healthy,
// degraded, unhealthy or unknown, from one heartbeat to the next, and a hatched gap where the
// heartbeats stopped for longer than the threshold (see healthBands()). The time axis spans the
// range given with the bands, or the bands; a legend below names the colours. Instead of bands it
// can show a sentence.
class HealthTimeline : public QWidget
{
    Q_OBJECT

public:
    explicit HealthTimeline(QWidget *parent = nullptr);

    // The axis from `from` to `to` when both are valid, else the bands' own span.
    void setBands(const QList<HealthBand> &bands, const QDateTime &from = {},
                  const QDateTime &to = {});
    QDateTime from() const { return m_from; }
    QDateTime to() const { return m_to; }
    const QList<HealthBand> &bands() const { return m_bands; }
    // A sentence shown instead of the bands (empty: the bands).
    void setMessage(const QString &message);
    QString message() const { return m_message; }
    int gapCount() const;
    QStringList components() const { return m_components; }

    // The colour of a status ("healthy", ...; any other: unknown's).
    static QColor statusColor(const QString &status);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect plotRect() const;
    int laneHeight() const;
    int nameWidth() const;
    // The band under a point of the widget, or -1.
    int bandAt(const QPoint &point) const;
    QRect bandRect(const HealthBand &band) const;

    QList<HealthBand> m_bands;
    QStringList m_components; // the lanes, top to bottom
    QDateTime m_from;
    QDateTime m_to;
    QString m_message;
};

} // namespace porthole
