#include "healthtimelineloader.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace porthole {

HealthTimelineLoader::HealthTimelineLoader(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_read(std::move(factory), u"health-timeline"_s)
{
    qRegisterMetaType<HealthTimelineData>();
    connect(&m_read, &LatestRead::done, this,
            [this](const QVariant &answer) { Q_EMIT loaded(answer.value<HealthTimelineData>()); });
    connect(&m_read, &LatestRead::failed, this, &HealthTimelineLoader::failed);
}

void HealthTimelineLoader::load(const QString &component)
{
    m_read.read([component](const QSqlDatabase &db) -> Result<QVariant> {
        auto data = HealthRepository(db).recentTimeline(component, QDateTime::currentDateTimeUtc(),
                                                        HealthTimelineLoader::span);
        if (!data)
            return data.error();
        return QVariant::fromValue(*data);
    });
}

} // namespace porthole
