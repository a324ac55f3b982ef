#include "retentioncontroller.h"

#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"retention"_s;

// Where the dialog's rules are kept between runs.
struct SavedRule
{
    QString key;
    int RetentionRules::*rule;
};
const SavedRule savedRuleKeys[] = {
    {u"retention/componentMetricsDays"_s, &RetentionRules::componentMetricsDays},
    {u"retention/portMetricsDays"_s, &RetentionRules::portMetricsDays},
    {u"retention/completedMessagesDays"_s, &RetentionRules::completedMessagesDays},
    {u"retention/checkpointsPerComponent"_s, &RetentionRules::checkpointsPerComponent},
    {u"retention/backlogSamplesDays"_s, &RetentionRules::backlogSamplesDays},
};

void saveRules(const RetentionRules &rules)
{
    QSettings settings;
    for (const SavedRule &saved : savedRuleKeys)
        settings.setValue(saved.key, rules.*saved.rule);
}

// Runs `work` with a connection of this pool thread's own, closed again after: a pool thread
// may never come back to it.
template <typename Work>
auto withConnection(const ConnectionFactory &connections, Work work)
    -> decltype(work(std::declval<const QSqlDatabase &>()))
{
    using Answer = decltype(work(std::declval<const QSqlDatabase &>()));
    std::optional<Answer> answer;
    {
        auto db = connections.open(connectionPurpose);
        if (!db)
            return db.error();
        answer.emplace(work(*db));
    }
    connections.close(connectionPurpose);
    return *answer;
}

} // namespace

RetentionController::RetentionController(const ConnectionFactory &connections, QWidget *window,
                                         QObject *parent)
    : QObject(parent)
    , m_connections(connections.url(), connections.settings())
    , m_window(window)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &RetentionController::onFinished);
}

RetentionController::~RetentionController()
{
    if (m_stop)
        m_stop->store(true);
    m_watcher.waitForFinished();
}

RetentionRules RetentionController::savedRules()
{
    const QSettings settings;
    RetentionRules rules;
    for (const SavedRule &saved : savedRuleKeys) {
        bool ok = false;
        const int value = settings.value(saved.key).toInt(&ok);
        if (ok && value >= 0)
            rules.*saved.rule = value;
    }
    return rules;
}

void RetentionController::ask()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    m_dialog = new RetentionDialog(savedRules(), m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &RetentionDialog::previewRequested, this, &RetentionController::preview);
    connect(m_dialog, &RetentionDialog::deleteRequested, this,
            &RetentionController::deletePreviewed);
    connect(m_dialog, &RetentionDialog::stopRequested, this, [this] {
        if (m_stop)
            m_stop->store(true);
    });
    m_dialog->open();
}

void RetentionController::preview(const RetentionRules &rules)
{
    if (isRunning())
        return;
    saveRules(rules);
    m_plan.reset();
    m_watcher.setFuture(QtConcurrent::run([connections = m_connections, rules] {
        Outcome outcome;
        auto plan = withConnection(
            connections, [&](const QSqlDatabase &db) { return previewRetention(db, rules); });
        if (plan)
            outcome.plan = *plan;
        else
            outcome.error = plan.errorMessage();
        return outcome;
    }));
}

void RetentionController::deletePreviewed()
{
    if (isRunning() || !m_plan)
        return;
    m_stop = std::make_shared<std::atomic_bool>(false);
    Q_EMIT statusMessage(tr("Deleting old data…"));
    QPointer<RetentionController> self(this);
    m_watcher.setFuture(
        QtConcurrent::run([connections = m_connections, plan = *m_plan, stop = m_stop, self] {
            Outcome outcome;
            outcome.deleting = true;
            RetentionOptions options;
            options.progress = [stop, self](const RetentionPlan &deleted) {
                QMetaObject::invokeMethod(
                    self,
                    [self, deleted] {
                        if (self)
                            self->onProgress(deleted);
                    },
                    Qt::QueuedConnection);
                return !stop->load();
            };
            auto done = withConnection(connections, [&](const QSqlDatabase &db) {
                return applyRetention(db, plan, options);
            });
            if (done)
                outcome.plan = *done;
            else
                outcome.error = done.errorMessage();
            return outcome;
        }));
}

void RetentionController::onProgress(const RetentionPlan &deleted)
{
    if (m_dialog)
        m_dialog->showProgress(deleted);
}

void RetentionController::onFinished()
{
    const Outcome outcome = m_watcher.result();
    if (!outcome.plan) {
        if (m_dialog)
            m_dialog->showError(outcome.error);
        Q_EMIT statusMessage(tr("Deleting old data failed: %1").arg(outcome.error));
        m_plan.reset();
        if (outcome.deleting)
            Q_EMIT dataDeleted();
        return;
    }
    if (!outcome.deleting) {
        m_plan = outcome.plan;
        if (m_dialog)
            m_dialog->showPlan(*outcome.plan);
        return;
    }
    m_plan.reset();
    if (m_dialog)
        m_dialog->showDone(*outcome.plan);
    Q_EMIT statusMessage(tr("Deleted %1 rows of old data.").arg(outcome.plan->total()));
    Q_EMIT dataDeleted();
}

} // namespace porthole
