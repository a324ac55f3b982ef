#pragma once

#include <QDateTime>
#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QTableView;

namespace porthole {

class ErrorComparisonModel;

// Dead letters, "Compare with…": the error signatures of the dead letters of a recent range
// (the last hour, 6 hours, day or week) beside those of an earlier range of the same length
// (just before it, a day or a week before, or a chosen number of hours before): each
// signature's count in both, the change, and whether it is new, grown, same, shrunk or gone,
// what changed most first. Reads through `model` (not taken over) whenever the ranges change.
class ErrorComparisonDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ErrorComparisonDialog(ErrorComparisonModel *model, QWidget *parent = nullptr);

    QComboBox *lengths() const { return m_lengths; }
    QComboBox *offsets() const { return m_offsets; }
    QTableView *view() const { return m_view; }
    QString stateText() const;

    // Reads again, for the ranges ending now.
    void compare();
    // For tests: what "now" is; compares again.
    void setClock(std::function<QDateTime()> clock);

private:
    void onCompared();
    void chooseOffset();

    ErrorComparisonModel *m_model;
    QComboBox *m_lengths = nullptr;
    QComboBox *m_offsets = nullptr;
    QLabel *m_state = nullptr;
    QTableView *m_view = nullptr;
    qint64 m_chosenSeconds = 0; // the offset chosen by hand; 0: none yet
    std::function<QDateTime()> m_clock = &QDateTime::currentDateTimeUtc;
};

} // namespace porthole
