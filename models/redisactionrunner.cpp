#include "redisactionrunner.h"

#include "redisbrowser.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"redis-actions"_s;

} // namespace

RedisActionRunner::RedisActionRunner(RedisBrowser *browser, ConnectionFactory database,
                                     bool readOnly, QObject *parent)
    : QObject(parent)
    , m_browser(browser)
    , m_database(std::move(database))
    , m_readOnly(readOnly)
{
    Q_ASSERT(browser);
}

void RedisActionRunner::plan(const StreamAction &action)
{
    m_browser->ask<StreamActionPlan>(
        this, [action](RedisClient &client) { return planStreamAction(client, action); },
        [this](const Result<StreamActionPlan> &plan) {
            if (plan)
                Q_EMIT planned(*plan);
            else
                Q_EMIT failed(plan.errorMessage());
        });
}

void RedisActionRunner::apply(const StreamActionPlan &plan)
{
    m_browser->ask<StreamActionOutcome>(
        this,
        [plan, database = m_database, readOnly = m_readOnly](RedisClient &client) {
            const auto outcome = [&]() -> Result<StreamActionOutcome> {
                const auto db = database.open(connectionPurpose);
                if (!db)
                    return db.error();
                return applyStreamAction(client, plan, {*db, readOnly, {}});
            }(); // every copy of the connection gone: it can be closed
            database.close(connectionPurpose);
            return outcome;
        },
        [this](const Result<StreamActionOutcome> &outcome) {
            if (outcome)
                Q_EMIT applied(*outcome);
            else
                Q_EMIT failed(outcome.errorMessage());
        });
}

} // namespace porthole
