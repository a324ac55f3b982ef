#include "redisactionworkflow.h"

#include "redisactionbar.h"
#include "redisactionrunner.h"
#include "redispane.h"
#include "streamactiondialog.h"

#include <QInputDialog>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Asks for one line of text; nullopt when cancelled or left empty.
std::optional<QByteArray> askText(QWidget *parent, const QString &title, const QString &label,
                                  const QString &suggestion = {})
{
    bool ok = false;
    const QString text =
        QInputDialog::getText(parent, title, label, QLineEdit::Normal, suggestion, &ok).trimmed();
    if (!ok || text.isEmpty())
        return std::nullopt;
    return text.toUtf8();
}

} // namespace

RedisActionWorkflow::RedisActionWorkflow(RedisActionRunner *actions, RedisPane *pane,
                                         QObject *parent)
    : QObject(parent)
    , m_actions(actions)
    , m_pane(pane)
{
    connect(actions, &RedisActionRunner::planned, this, &RedisActionWorkflow::onPlanned);
    connect(actions, &RedisActionRunner::applied, this, &RedisActionWorkflow::onApplied);
    connect(actions, &RedisActionRunner::failed, this, &RedisActionWorkflow::onFailed);
    if (RedisActionBar *bar = pane->actionBar()) {
        bar->setReadOnly(actions->isReadOnly());
        connect(bar, &RedisActionBar::actionRequested, this, &RedisActionWorkflow::request);
    }
}

bool RedisActionWorkflow::request(StreamAction action)
{
    if (!complete(&action))
        return false;
    Q_EMIT statusMessage(tr("Planning: %1…").arg(StreamActionDialog::title(action.kind)));
    m_actions->plan(action);
    return true;
}

bool RedisActionWorkflow::complete(StreamAction *action) const
{
    using K = StreamActionKind;
    QWidget *parent = m_pane ? m_pane->window() : nullptr;
    const QString title = StreamActionDialog::title(action->kind);
    std::optional<QByteArray> answer;
    switch (action->kind) {
    case K::Claim:
    case K::AutoClaim:
        answer = askText(parent, title, tr("The consumer that gets the entries:"));
        if (answer)
            action->targetConsumer = *answer;
        break;
    case K::DeadLetter:
        answer = askText(parent, title, tr("Why they are dead letters (stored as their error):"),
                         tr("moved to the dead letters by an operator"));
        if (answer)
            action->reason = QString::fromUtf8(*answer);
        break;
    case K::Trim:
        answer = askText(parent, title,
                         tr("Keep the newest N entries (a number), or the entries from an id on "
                            "(MS-SEQ):"));
        if (answer) {
            action->trimStrategy =
                answer->contains('-') ? TrimStrategy::MinId : TrimStrategy::MaxLen;
            action->trimThreshold = *answer;
        }
        break;
    case K::GroupCreate:
        answer = askText(parent, title, tr("The new group's name:"));
        if (answer)
            action->group = *answer;
        if (answer)
            answer = askText(parent, title,
                             tr("Where it starts: $ for new entries only, 0 for the whole "
                                "stream, or an entry id:"),
                             u"$"_s);
        if (answer)
            action->startId = *answer;
        break;
    case K::GroupReset:
        answer = askText(parent, title,
                         tr("Where group %1 goes on reading: $ after the last entry, 0 from the "
                            "first, or an entry id:")
                             .arg(QString::fromUtf8(action->group)),
                         u"$"_s);
        if (answer)
            action->startId = *answer;
        break;
    default:
        return true; // the selection says it all; the dry run shows it
    }
    return answer.has_value();
}

void RedisActionWorkflow::onPlanned(const StreamActionPlan &plan)
{
    Q_EMIT statusMessage({});
    StreamActionDialog dialog(plan, m_pane ? m_pane->window() : nullptr);
    if (dialog.exec() != QDialog::Accepted || plan.changesNothing())
        return;
    Q_EMIT statusMessage(tr("Applying: %1…").arg(StreamActionDialog::title(plan.action.kind)));
    m_actions->apply(plan);
}

void RedisActionWorkflow::onApplied(const StreamActionOutcome &outcome)
{
    Q_EMIT statusMessage(outcome.summary);
    Q_EMIT dataChanged();
    if (m_pane)
        m_pane->refresh();
}

void RedisActionWorkflow::onFailed(const QString &message)
{
    Q_EMIT statusMessage({});
    QMessageBox::warning(m_pane ? m_pane->window() : nullptr, tr("The action did not run"),
                         message);
    if (m_pane)
        m_pane->refresh();
}

} // namespace porthole
