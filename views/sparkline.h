#pragma once

#include <QList>
#include <QWidget>

namespace porthole {

// A small line of recent values (a rate over the last minutes), newest on the right, scaled
// to the largest value shown.
class Sparkline : public QWidget
{
    Q_OBJECT

public:
    explicit Sparkline(int capacity = 120, QWidget *parent = nullptr);

    void addValue(double value);
    void clear();
    const QList<double> &values() const { return m_values; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int m_capacity;
    QList<double> m_values;
};

} // namespace porthole
