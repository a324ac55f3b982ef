#include "ledgertext.h"

#include "portmessagejson.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The ledger's texts, translated in the context "porthole::Ledger".
struct LedgerText
{
    Q_DECLARE_TR_FUNCTIONS(porthole::Ledger)
};

QJsonValue figure(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonObject periodJson(const LedgerPeriod &period)
{
    return {{u"start"_s, timeOrNull(period.start)},
            {u"end"_s, timeOrNull(period.end)},
            {u"opened_at"_s, timeOrNull(period.openedAt)},
            {u"closed_at"_s, timeOrNull(period.closedAt)},
            {u"added"_s, figure(period.added)},
            {u"delivered"_s, figure(period.delivered)},
            {u"acknowledged"_s, figure(period.acknowledged)},
            {u"stored"_s, period.stored},
            {u"lines_written"_s, period.linesWritten},
            {u"dead_letters"_s, period.deadLetters},
            {u"duplicates"_s, period.duplicates},
            {u"lost_at_source"_s, period.lostAtSource},
            {u"backlog_at_opening"_s, period.backlogAtOpening},
            {u"backlog_at_close"_s, period.backlogAtClose},
            {u"imbalance"_s, figure(period.imbalance())},
            {u"allowed_over"_s, period.allowedOver()},
            {u"allowed_under"_s, period.allowedUnder()},
            {u"verdict"_s, period.unbalanced()  ? u"unbalanced"_s
                           : period.imbalance() ? u"balanced"_s
                           : period.sampled()   ? u"not_judged"_s
                                                : u"not_sampled"_s},
            {u"reset_at"_s, timeOrNull(period.resetAt)},
            {u"disagreement"_s, ledgerDisagreement(period)}};
}

} // namespace

QString ledgerDisagreement(const LedgerPeriod &period)
{
    if (!period.unbalanced())
        return {};
    const qint64 off = *period.imbalance();
    const qint64 change = period.backlogAtClose - period.backlogAtOpening;
    const QString accounted =
        LedgerText::tr("%1 added, but %2 stored + %3 dead letters + backlog %4 + %5 lost at "
                       "source = %6")
            .arg(*period.added)
            .arg(period.stored)
            .arg(period.deadLetters)
            .arg(change >= 0 ? u"+"_s + QString::number(change) : QString::number(change))
            .arg(period.lostAtSource)
            .arg(*period.added - off);
    const QString why = off > 0 ? LedgerText::tr("%n more added than accounted for", "", int(off))
                                : LedgerText::tr("%n more accounted for than added", "", int(-off));
    return LedgerText::tr("%1: %2 (allowed: %3 more added, %4 more accounted for)")
        .arg(accounted, why)
        .arg(period.allowedOver())
        .arg(period.allowedUnder());
}

QString ledgerPeriodText(const QDateTime &start, LedgerGrain grain)
{
    return start.toUTC().toString(grain == LedgerGrain::Day ? u"yyyy-MM-dd"_s
                                                            : u"yyyy-MM-dd HH:mm"_s);
}

QString ledgerVerdict(const LedgerPeriod &period)
{
    if (period.unbalanced())
        return LedgerText::tr("does not balance");
    if (period.imbalance())
        return LedgerText::tr("balances");
    if (period.resetAt.isValid())
        //: The stream was made anew (Redis restarted without its data): the time, UTC
        return LedgerText::tr("not judged: stream made anew at %1")
            .arg(period.resetAt.toUTC().toString(u"HH:mm"_s));
    return period.sampled() ? LedgerText::tr("not judged") : LedgerText::tr("not sampled");
}

QJsonObject ledgerJson(const Ledger &ledger)
{
    QJsonArray periods;
    for (const LedgerPeriod &period : ledger.periods)
        periods.append(periodJson(period));
    return {{u"key"_s, ledger.key},
            {u"group"_s, ledger.list ? QJsonValue() : QJsonValue(ledger.group)},
            {u"mode"_s, ledger.list ? u"list"_s : u"stream"_s},
            {u"by"_s, ledgerGrainName(ledger.grain)},
            {u"unbalanced"_s, ledger.unbalancedCount()},
            {u"periods"_s, periods},
            {u"total"_s, periodJson(ledger.total)}};
}

} // namespace porthole
