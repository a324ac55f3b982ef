#pragma once

#include <QDialog>
#include <QElapsedTimer>
#include <QList>
#include <QString>

#include <functional>
#include <utility>

class QLabel;
class QProgressBar;
class QPushButton;

namespace porthole {

// A bulk action under way, beside the window (not modal): how far it is ("12,000 of 100,000
// done · 3 skipped · 8,400/s · about 10 s left"), what it waits for ("Redis is not reachable:
// retrying in 2 s"), and Pause/Resume and Cancel. The dialog runs nothing itself: its buttons
// ask (pauseRequested(), resumeRequested(), cancelRequested()) and the one running the action
// tells it how things stand through its slots. It closes only once the action has finished or
// failed.
//
// The rate is that of the last few seconds of progress (a sliding window), and is left out
// while paused and until there is enough to go on.
class ActionProgressDialog : public QDialog
{
    Q_OBJECT

public:
    // Milliseconds from any fixed point; the default is a monotonic clock.
    using Clock = std::function<qint64()>;

    explicit ActionProgressDialog(const QString &title, QWidget *parent = nullptr);

    // For tests: progress is timed by this clock instead.
    void setClock(Clock clock);

    bool isPaused() const { return m_paused; }
    bool isFinished() const { return m_finished; }
    bool isCancelling() const { return m_cancelling; }
    using QDialog::done;
    qint64 done() const { return m_done; }
    qint64 skipped() const { return m_skipped; }
    qint64 total() const { return m_total; }
    // Rows a second over the window, or a negative number while unknown.
    double rate() const;

    // For tests and screenshots.
    QProgressBar *progressBar() const { return m_bar; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *closeButton() const { return m_close; }
    QString titleText() const;
    QString progressText() const;
    QString waitingText() const; // empty when it waits for nothing
    QString statusText() const;  // the outcome once finished or failed, else what it does

    // "10 s", "3 min 20 s", "1 h 5 min"
    static QString durationText(qint64 seconds);

public Q_SLOTS:
    // Rows done so far (acted on or skipped), of them skipped, and of how many.
    void setProgress(qint64 done, qint64 skipped, qint64 total);
    // What it waits for, said as a sentence; empty: it waits for nothing any more.
    void setWaiting(const QString &message);
    void setFinished(const QString &summary);
    void setFailed(const QString &message);
    // As the action is: the button then offers the other.
    void setPaused(bool paused);

Q_SIGNALS:
    void pauseRequested();
    void resumeRequested();
    void cancelRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void reject() override;

private:
    void onPauseClicked();
    void onCancelClicked();
    void updateTexts();
    void updateButtons();
    void setStatus(const QString &text, const QColor &colour);

    Clock m_clock;
    QElapsedTimer m_elapsed;
    QList<std::pair<qint64, qint64>> m_samples; // (ms, done), oldest first
    qint64 m_done = 0;
    qint64 m_skipped = 0;
    qint64 m_total = 0;
    bool m_paused = false;
    bool m_finished = false;
    bool m_cancelling = false;

    QLabel *m_title = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_progress = nullptr;
    QLabel *m_waiting = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace porthole
