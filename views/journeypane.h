#pragma once

#include "pane.h"

class QHBoxLayout;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTableView;

namespace porthole {

class JourneyLanes;
class JourneyModel;
struct JourneyReceipt;
class VersionDetail;

// Journey: where one message went. Asked by a port message's id, a trace id or a correlation
// id (typed, or from another pane: focusOn() with PaneFocus::search), it shows the message's
// hops as lanes a component each, its steps in time order with the operators' changes among
// them, and the selected step's whole record; a step opens in Queues on its message.
class JourneyPane : public Pane
{
    Q_OBJECT

public:
    explicit JourneyPane(JourneyModel *model, QWidget *parent = nullptr);
    ~JourneyPane() override;

    static QString paneTitle() { return tr("Journey"); }
    static QIcon paneIcon();
    QIcon icon() const override { return paneIcon(); }
    void focusOn(const PaneFocus &focus) override;
    void refresh() override;

    // Follows the journey of `id`.
    void follow(const QString &id);
    QString stateText() const;
    JourneyLanes *lanes() const { return m_lanes; }
    QTableView *stepsView() const { return m_steps; }
    VersionDetail *detail() const { return m_detail; }

private:
    QHBoxLayout *setUpBar();
    void onLoaded();
    void onFailed(const QString &message);
    void showStep(int row);
    // Where a step opens: its pane's id and title, and what to show there; no pane: nowhere.
    struct StepTarget
    {
        QString pane;
        QString title;
        PaneFocus focus;
    };
    StepTarget stepTarget(int row) const;
    void openStep();
    void saveSettings() const;

    JourneyModel *m_model;
    QLineEdit *m_id = nullptr;
    QLabel *m_state = nullptr;
    JourneyLanes *m_lanes = nullptr;
    QScrollArea *m_lanesArea = nullptr;
    QTableView *m_steps = nullptr;
    VersionDetail *m_detail = nullptr;
    QPushButton *m_open = nullptr;
    QSplitter *m_splitter = nullptr;
    QString m_asked; // the id of the journey shown or being read
};

} // namespace porthole
