#include "backlogtrends.h"

#include "backlogsampler.h"
#include "componenthealthmodel.h"
#include "fallbacktable.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString durationOf(double seconds)
{
    return ComponentHealthModel::ageText(qint64(std::llround(seconds)));
}

} // namespace

BacklogTrendSet::BacklogTrendSet(const QList<BacklogTrend> &trends)
    : m_trends(trends)
{
    for (qsizetype i = 0; i < m_trends.size(); ++i)
        m_index.insert(m_trends.at(i).key, i);
}

bool BacklogTrendSet::has(BacklogKind kind) const
{
    return std::any_of(m_trends.cbegin(), m_trends.cend(),
                       [kind](const BacklogTrend &trend) { return trend.key.kind == kind; });
}

QList<BacklogTrend> BacklogTrendSet::of(BacklogKind kind, BacklogCourse course) const
{
    QList<BacklogTrend> found;
    for (const BacklogTrend &trend : m_trends)
        if (trend.key.kind == kind && trend.course == course)
            found.append(trend);
    return found;
}

const BacklogTrend *BacklogTrendSet::find(const BacklogKey &key) const
{
    const auto it = m_index.constFind(key);
    return it == m_index.cend() ? nullptr : &m_trends.at(*it);
}

const BacklogTrend *BacklogTrendSet::group(const QString &stream, const QString &group) const
{
    return find({BacklogKind::Group, stream, group});
}

const BacklogTrend *BacklogTrendSet::port(const QString &port) const
{
    return find({BacklogKind::Port, port, u""_s});
}

const BacklogTrend *BacklogTrendSet::list(const QString &list) const
{
    return find({BacklogKind::List, list, u""_s});
}

QString BacklogTrendText::rateText(double perSecond)
{
    const QString sign = perSecond < 0 ? QString(QChar(0x2212)) : u"+"_s;
    const double size = std::abs(perSecond);
    const auto amount = [](double value) {
        return QLocale().toString(value, 'f', value >= 10 || value == std::round(value) ? 0 : 1);
    };
    if (size >= 1 || size == 0)
        return tr("%1%2/s").arg(sign, amount(size));
    if (size * 60 >= 1)
        return tr("%1%2/min").arg(sign, amount(size * 60));
    return tr("%1%2/h").arg(sign, amount(size * 3600));
}

QString BacklogTrendText::ratesText(const BacklogTrend &trend)
{
    const auto one = [](const QString &window, const std::optional<BacklogRate> &rate) {
        return tr("%1 %2").arg(window, rate ? rateText(rate->perSecond) : tr("–"));
    };
    // The 2 minutes' rate when it is the one the course was judged by: the backlog turned.
    QStringList rates{one(tr("5 min"), trend.rate5), one(tr("15 min"), trend.rate15),
                      one(tr("60 min"), trend.rate60)};
    if (trend.turned())
        rates.prepend(one(tr("2 min"), trend.rate2));
    return rates.join(u" · "_s);
}

QString BacklogTrendText::summary(const BacklogTrend &trend)
{
    switch (trend.course) {
    case BacklogCourse::Unknown:
        return tr("no trend yet: too few samples");
    case BacklogCourse::Empty:
        return tr("empty");
    case BacklogCourse::Steady:
        return tr("steady");
    case BacklogCourse::Growing:
        return tr("growing %1").arg(rateText(trend.current()->perSecond));
    case BacklogCourse::Draining:
        //: The time to drain at the current rate, then the range its error gives
        return tr("draining, empty in about %1 (%2 – %3)")
            .arg(durationOf(*trend.drainSeconds), durationOf(*trend.drainLow),
                 durationOf(*trend.drainHigh));
    }
    return {};
}

QString BacklogTrendText::label(const BacklogTrend &trend)
{
    switch (trend.course) {
    case BacklogCourse::Unknown:
    case BacklogCourse::Empty:
        return {};
    case BacklogCourse::Steady:
        return tr("steady");
    case BacklogCourse::Growing:
        return tr("growing %1").arg(rateText(trend.current()->perSecond));
    case BacklogCourse::Draining:
        return tr("draining, empty in ~%1").arg(durationOf(*trend.drainSeconds));
    }
    return {};
}

QString BacklogTrendText::brief(const BacklogTrend &trend)
{
    switch (trend.course) {
    case BacklogCourse::Unknown:
        return tr("–");
    case BacklogCourse::Empty:
        return tr("empty");
    case BacklogCourse::Steady:
        return tr("steady");
    case BacklogCourse::Growing:
        return tr("growing %1").arg(rateText(trend.current()->perSecond));
    case BacklogCourse::Draining:
        return tr("about %1").arg(durationOf(*trend.drainSeconds));
    }
    return {};
}

BacklogTrendLoader::BacklogTrendLoader(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_read(std::move(factory), u"backlogtrends"_s)
    , m_timer(this)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    connect(&m_timer, &QTimer::timeout, this, &BacklogTrendLoader::load);
    connect(&m_read, &LatestRead::done, this, [this](const QVariant &answer) {
        m_trends = answer.value<BacklogTrendSet>();
        Q_EMIT loaded();
    });
    connect(&m_read, &LatestRead::failed, this, &BacklogTrendLoader::failed);
}

void BacklogTrendLoader::start(std::chrono::milliseconds interval)
{
    // The window sampling nothing ("never"): a worker may still sample, at the default pace.
    m_timer.start(interval.count() > 0 ? interval : BacklogSamplerOptions{}.interval);
    load();
}

void BacklogTrendLoader::load()
{
    m_read.read([now = m_clock()](const QSqlDatabase &db) -> Result<QVariant> {
        if (!hasTable(db, u"backlog_samples"_s))
            return QVariant::fromValue(BacklogTrendSet());
        auto trends = readBacklogTrends(db, now);
        if (!trends)
            return trends.error();
        return QVariant::fromValue(BacklogTrendSet(*trends));
    });
}

} // namespace porthole
