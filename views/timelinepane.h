#pragma once

#include "pane.h"
#include "timeline.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace porthole {

class TimelineModel;

// Timeline: what changed before it broke. Every change of a time range, newest first (alerts,
// operators' actions, consumer groups, components' status changes, silences and restarts,
// checkpoint and state versions, new errors), narrowed by component, port, kind and severity;
// read a page at a time as the list scrolls. Enter or a double click opens the change where it
// is shown in full: its alert, its audit entry, the component's health history, the checkpoint
// version or component state with what changed from the version before, the port's dead
// letters. focusOn() with a time opens it around that moment.
//
// Its range is the Metrics pane's too (Pane::rangeChosen(), Pane::shareRange()): a range the
// operator picks here goes there, and a range chosen there (a zoom, a preset) comes here, a
// preset as the same preset where there is one, any other range as the custom range at the
// end of the range box ("From Metrics: …").
class TimelinePane : public Pane
{
    Q_OBJECT

public:
    // The ranges the operator picks from, back from now; "around" a moment is ±aroundSeconds.
    static constexpr int aroundSeconds = 30 * 60;

    // Shows what `model` reads (not taken over: its owner keeps it).
    explicit TimelinePane(TimelineModel *model, QWidget *parent = nullptr);

    static QString paneTitle() { return tr("Timeline"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    // `focus.at`: the range around that moment, the change nearest it selected; its component
    // or port narrows the list.
    void focusOn(const PaneFocus &focus) override;
    // The filter bar as a saved view: range, component, port, kinds, severity.
    QJsonObject viewState() const override;
    void applyViewState(const QJsonObject &state) override;

    // What the filter bar says, for the range it names at `now`.
    TimelineFilter filterFromBar(const QDateTime &now) const;

    // For tests and screenshots.
    TimelineModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QComboBox *rangeField() const { return m_range; }
    QLineEdit *componentField() const { return m_component; }
    QLineEdit *portField() const { return m_port; }
    QComboBox *severityField() const { return m_severity; }
    QToolButton *kindsButton() const { return m_kinds; }
    QString stateText() const;
    // Opens the pane that shows the change of `row` in full.
    void openRow(int row);

public Q_SLOTS:
    void refresh() override;

protected:
    void showSharedRange(const SharedRange &range, const QString &source) override;
    void showEvent(QShowEvent *event) override;

private:
    void setUpFilterBar(QWidget *bar);
    // The range box's last item, after its presets: a range of its own (around a moment, or
    // shared by another pane), by `title`; `seconds` 0 for m_customFrom to m_customTo, else
    // the last so many seconds. Chosen.
    void setCustomRange(const QString &title, int seconds);
    // The range box's range as another pane takes it.
    SharedRange chosenRange() const;
    void apply();
    void updateState();
    void selectNear();
    // "Kinds", or "Kinds (7 of 9)" while some are left out.
    void updateKindsTitle();

    TimelineModel *m_model;
    QTableView *m_view = nullptr;
    QLabel *m_state = nullptr;
    QComboBox *m_range = nullptr;
    QLineEdit *m_component = nullptr;
    QLineEdit *m_port = nullptr;
    QToolButton *m_kinds = nullptr;
    QComboBox *m_severity = nullptr;
    // The range of the custom item when it is no range back from now (around a moment, or a
    // range shared by another pane); invalid: none.
    QDateTime m_customFrom;
    QDateTime m_customTo;
    QDateTime m_selectNear; // a change to select once read
};

} // namespace porthole
