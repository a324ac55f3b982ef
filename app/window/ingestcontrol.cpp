#include "ingestcontrol.h"

#include "ingestpane.h"
#include "ingestservice.h"

#include <QDateTime>
#include <QDir>
#include <QSettings>
#include <QSysInfo>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace porthole {

IngestControl::IngestControl(IngestService *service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

IngestPane *IngestControl::makePane(const DatabaseUrl &database, const QString &batches,
                                    const std::optional<RedisUrl> &redis, bool readOnly)
{
    m_database = database;
    m_redis = redis;
    m_readOnly = readOnly;
    auto *pane = new IngestPane;
    m_pane = pane;
    const QString databaseSink = database.toDisplayString();
    pane->setSinkChoices({{tr("The database (%1)").arg(databaseSink), databaseSink},
                          {tr("Batch files (%1)").arg(QDir::toNativeSeparators(batches)),
                           QUrl::fromLocalFile(batches).toString()}});
    // What was asked last time, unless the command line says otherwise. Passwords are never
    // kept: a URL is remembered as it is shown.
    QSettings settings;
    settings.beginGroup(u"ingest"_s);
    IngestRequest request;
    request.redisUrl = m_redis ? m_redis->toDisplayString() : settings.value(u"redis"_s).toString();
    request.mode = settings.value(u"mode"_s, request.mode).toString();
    request.key = m_askedKey.isEmpty() ? settings.value(u"key"_s).toString() : m_askedKey;
    request.group = settings.value(u"group"_s, request.group).toString();
    // A stable name: after a restart the worker takes up what it had not acknowledged.
    request.consumer =
        settings.value(u"consumer"_s, QString(u"porthole-gui-"_s + QSysInfo::machineHostName()))
            .toString();
    request.sinkUrl = settings.value(u"sink"_s, databaseSink).toString();
    if (!m_askedKey.isEmpty()) {
        request.mode = u"stream"_s;
        request.sinkUrl = databaseSink;
    }
    pane->setRequest(request);

    connect(m_service, &IngestService::statsChanged, pane, &IngestPane::setStats);
    connect(pane, &IngestPane::pauseRequested, m_service, &IngestService::pause);
    connect(pane, &IngestPane::resumeRequested, m_service, &IngestService::resume);
    connect(pane, &IngestPane::stopRequested, m_service, &IngestService::stop);
    connect(pane, &IngestPane::startRequested, this, &IngestControl::start);
    return pane;
}

void IngestControl::startAsked()
{
    if (m_askedKey.isEmpty() || !m_pane)
        return;
    emit m_pane->startRequested(m_pane->request());
    m_askedKey.clear(); // acted on: data opened later starts from the settings
}

void IngestControl::start(const IngestRequest &request)
{
    IngestConfig config;
    QString problem;
    if (!this->config(request, &config, &problem)) {
        IngestStats failed;
        failed.state = IngestState::Failed;
        failed.lastError = problem;
        failed.lastErrorAt = QDateTime::currentDateTimeUtc();
        if (m_pane)
            m_pane->setStats(failed);
        return;
    }
    QSettings settings;
    settings.beginGroup(u"ingest"_s);
    settings.setValue(u"redis"_s, config.source.url.toDisplayString());
    settings.setValue(u"mode"_s, request.mode);
    settings.setValue(u"key"_s, request.key);
    settings.setValue(u"group"_s, request.group);
    settings.setValue(u"consumer"_s, request.consumer);
    settings.setValue(u"sink"_s, request.sinkUrl);
    m_service->start(config);
}

bool IngestControl::config(const IngestRequest &request, IngestConfig *config,
                           QString *problem) const
{
    if (m_readOnly && request.sinkUrl == m_database.toDisplayString()) {
        *problem = tr("The database is open read-only: the receiver cannot write into it. "
                      "Receive into batch files, or open the database without read-only.");
        return false;
    }
    const auto mode = RedisSource::modeFromName(request.mode);
    if (!mode) {
        *problem = tr("Choose a mode: stream, list or pub/sub.");
        return false;
    }
    config->mode = *mode;
    config->source.count = m_preferences.groupMessages;
    config->source.blockMs = m_preferences.groupWaitMs;
    // The server opened keeps its password; the pane only shows it hidden.
    if (m_redis && request.redisUrl == m_redis->toDisplayString()) {
        config->source.url = *m_redis;
    } else {
        auto url = RedisUrl::parse(request.redisUrl);
        if (!url) {
            *problem = url.errorMessage();
            return false;
        }
        config->source.url = *url;
    }
    config->source.key = request.key;
    config->source.group = request.group.isEmpty() ? u"porthole"_s : request.group;
    config->source.consumer = request.consumer;
    config->sinkUrl = request.sinkUrl;
    config->databaseUrl = m_database.toDisplayString();
    return true;
}

} // namespace porthole
