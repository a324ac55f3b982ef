#include "actionprogressdialog.h"

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The rate is that of the progress over about this long...
constexpr qint64 rateWindowMs = 5000;
// ...and not said at all over less than this.
constexpr qint64 shortestSpanMs = 500;
// The bar's steps: a QProgressBar counts in int, an action in qint64.
constexpr int barSteps = 10000;

const QColor waitingColour(0xb2, 0x6a, 0x00);
const QColor failedColour(0xc6, 0x28, 0x28);
const QColor doneColour(0x2e, 0x7d, 0x32);

QString number(qint64 n)
{
    return QLocale().toString(n);
}

} // namespace

ActionProgressDialog::ActionProgressDialog(const QString &title, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    setModal(false);
    m_elapsed.start();
    m_clock = [this] {
        return m_elapsed.elapsed();
    };

    m_title = new QLabel(title, this);
    m_title->setObjectName(u"title"_s);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_bar = new QProgressBar(this);
    m_bar->setObjectName(u"progressBar"_s);
    m_bar->setRange(0, barSteps);
    m_bar->setValue(0);
    m_bar->setFormat(u"%p%"_s);

    m_progress = new QLabel(this);
    m_progress->setObjectName(u"progress"_s);
    m_progress->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_waiting = new QLabel(this);
    m_waiting->setObjectName(u"waiting"_s);
    m_waiting->setWordWrap(true);
    QPalette waiting = m_waiting->palette();
    waiting.setColor(QPalette::WindowText, waitingColour);
    m_waiting->setPalette(waiting);
    m_waiting->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(this);
    m_pause = buttons->addButton(tr("&Pause"), QDialogButtonBox::ActionRole);
    m_pause->setObjectName(u"pauseButton"_s);
    m_cancel = buttons->addButton(tr("&Cancel"), QDialogButtonBox::RejectRole);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_cancel->setToolTip(tr("Stops the action: rows under way are finished, the others are left "
                            "as they are"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(u"closeButton"_s);
    // The buttons are wired by hand: the box's roles would close the dialog.
    connect(m_pause, &QPushButton::clicked, this, &ActionProgressDialog::onPauseClicked);
    connect(m_cancel, &QPushButton::clicked, this, &ActionProgressDialog::onCancelClicked);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_bar);
    layout->addWidget(m_progress);
    layout->addWidget(m_waiting);
    layout->addWidget(m_status);
    layout->addStretch();
    layout->addWidget(buttons);

    setMinimumWidth(fontMetrics().averageCharWidth() * 80);
    updateTexts();
    updateButtons();
}

void ActionProgressDialog::setClock(Clock clock)
{
    m_clock = std::move(clock);
    m_samples.clear();
}

QString ActionProgressDialog::durationText(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600) {
        const qint64 s = seconds % 60;
        return s == 0 ? tr("%1 min").arg(seconds / 60) : tr("%1 min %2 s").arg(seconds / 60).arg(s);
    }
    const qint64 minutes = (seconds % 3600) / 60;
    return minutes == 0 ? tr("%1 h").arg(seconds / 3600)
                        : tr("%1 h %2 min").arg(seconds / 3600).arg(minutes);
}

double ActionProgressDialog::rate() const
{
    if (m_samples.size() < 2)
        return -1;
    const auto &[firstMs, firstDone] = m_samples.constFirst();
    const auto &[lastMs, lastDone] = m_samples.constLast();
    const qint64 span = lastMs - firstMs;
    if (span < shortestSpanMs)
        return -1;
    return double(lastDone - firstDone) * 1000.0 / double(span);
}

void ActionProgressDialog::setProgress(qint64 done, qint64 skipped, qint64 total)
{
    if (done < m_done)
        m_samples.clear(); // started over
    m_done = std::max<qint64>(0, done);
    m_skipped = std::max<qint64>(0, skipped);
    m_total = std::max<qint64>(0, total);
    if (!m_paused && !m_finished) {
        const qint64 now = m_clock();
        m_samples.append({now, m_done});
        // The samples of the window; two at least, so that slow progress still has a rate.
        while (m_samples.size() > 2 && m_samples.constFirst().first < now - rateWindowMs)
            m_samples.removeFirst();
    }
    if (m_total > 0) {
        m_bar->setRange(0, barSteps);
        m_bar->setValue(static_cast<int>(std::min(m_done, m_total) * barSteps / m_total));
    } else if (!m_finished) {
        m_bar->setRange(0, 0); // how many is not known yet
    }
    updateTexts();
}

void ActionProgressDialog::setWaiting(const QString &message)
{
    m_waiting->setText(message);
    m_waiting->setVisible(!message.isEmpty() && !m_finished);
}

void ActionProgressDialog::setFinished(const QString &summary)
{
    m_finished = true;
    m_samples.clear();
    setWaiting({});
    if (m_total == 0) {
        m_bar->setRange(0, 1);
        m_bar->setValue(1);
    }
    setStatus(summary.isEmpty() ? tr("Finished.") : summary, doneColour);
    updateTexts();
    updateButtons();
}

void ActionProgressDialog::setFailed(const QString &message)
{
    m_finished = true;
    m_samples.clear();
    setWaiting({});
    if (m_total == 0)
        m_bar->setRange(0, 1);
    setStatus(tr("Failed: %1").arg(message), failedColour);
    updateTexts();
    updateButtons();
}

void ActionProgressDialog::setPaused(bool paused)
{
    if (m_finished || paused == m_paused)
        return;
    m_paused = paused;
    m_samples.clear(); // the rate starts over on resuming
    updateTexts();
    updateButtons();
}

void ActionProgressDialog::onPauseClicked()
{
    if (m_finished || m_cancelling)
        return;
    const bool pause = !m_paused;
    setPaused(pause);
    if (pause)
        Q_EMIT pauseRequested();
    else
        Q_EMIT resumeRequested();
}

void ActionProgressDialog::onCancelClicked()
{
    if (m_finished || m_cancelling)
        return;
    m_cancelling = true;
    updateTexts();
    updateButtons();
    Q_EMIT cancelRequested();
}

void ActionProgressDialog::setStatus(const QString &text, const QColor &colour)
{
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, colour);
    m_status->setPalette(palette);
    m_status->setText(text);
}

void ActionProgressDialog::updateTexts()
{
    QStringList parts{tr("%1 of %2 done").arg(number(m_done), number(m_total)),
                      tr("%Ln skipped", nullptr, int(m_skipped))};
    const double perSecond = rate();
    if (!m_finished && m_paused) {
        parts << tr("paused");
    } else if (!m_finished && perSecond >= 0) {
        parts << (perSecond >= 10 || perSecond == 0
                      ? tr("%1/s").arg(number(std::llround(perSecond)))
                      : tr("%1/s").arg(QLocale().toString(perSecond, 'f', 1)));
        const qint64 left = m_total - m_done;
        if (left > 0 && perSecond > 0)
            parts << tr("about %1 left")
                         .arg(durationText(static_cast<qint64>(std::ceil(left / perSecond))));
    }
    m_progress->setText(parts.join(u" · "_s));
    if (m_finished)
        return; // the outcome stays
    if (m_cancelling)
        setStatus(tr("Cancelling: the rows under way are finished, the others left alone…"),
                  palette().color(QPalette::WindowText));
    else if (m_paused)
        setStatus(tr("Paused: Resume goes on where it stopped."),
                  palette().color(QPalette::WindowText));
    else
        setStatus(tr("Working…"), palette().color(QPalette::WindowText));
}

void ActionProgressDialog::updateButtons()
{
    m_pause->setText(m_paused ? tr("&Resume") : tr("&Pause"));
    m_pause->setEnabled(!m_finished && !m_cancelling);
    m_cancel->setEnabled(!m_finished && !m_cancelling);
    m_close->setEnabled(m_finished);
    if (m_finished)
        m_close->setDefault(true);
}

void ActionProgressDialog::closeEvent(QCloseEvent *event)
{
    // Closing would hide a running action: Cancel stops it, Close follows once it is done.
    if (!m_finished) {
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

void ActionProgressDialog::reject()
{
    if (m_finished)
        QDialog::reject();
}

QString ActionProgressDialog::titleText() const
{
    return m_title->text();
}

QString ActionProgressDialog::progressText() const
{
    return m_progress->text();
}

QString ActionProgressDialog::waitingText() const
{
    return m_waiting->text();
}

QString ActionProgressDialog::statusText() const
{
    return m_status->text();
}

} // namespace porthole
