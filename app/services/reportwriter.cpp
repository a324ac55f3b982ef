#include "reportwriter.h"

#include "alertmodels.h"
#include "errorcomparison.h"
#include "ledgertext.h"
#include "mappainter.h"
#include "metricschartmodel.h"
#include "reportchart.h"
#include "timelinetext.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QLocale numbers(QLocale::English, QLocale::UnitedStates);

QString count(qint64 n)
{
    return numbers.toString(n);
}

QString time(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(u"yyyy-MM-dd HH:mm 'UTC'"_s) : u"—"_s;
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

// How an earlier range is named: "a day before", "a week before", "3 days before", "6 hours
// before", "90 minutes before".
QString offsetText(qint64 seconds)
{
    if (seconds == 3600)
        return u"an hour before"_s;
    if (seconds == 86400)
        return u"a day before"_s;
    if (seconds == 7 * 86400)
        return u"a week before"_s;
    if (seconds % 86400 == 0)
        return u"%1 days before"_s.arg(seconds / 86400);
    if (seconds % 3600 == 0)
        return u"%1 hours before"_s.arg(seconds / 3600);
    if (seconds % 60 == 0)
        return u"%1 minutes before"_s.arg(seconds / 60);
    return u"%1 seconds before"_s.arg(seconds);
}

QString unitCount(qint64 n, const QString &unit)
{
    return n == 1 ? u"1 "_s + unit : u"%1 %2s"_s.arg(n).arg(unit);
}

// "30 days", "2 days 6 hours", "5 hours 30 minutes", "45 minutes".
QString span(const QDateTime &from, const QDateTime &to)
{
    const qint64 minutes = from.secsTo(to) / 60;
    const qint64 days = minutes / 1440;
    const qint64 hours = minutes % 1440 / 60;
    QStringList parts;
    if (days > 0)
        parts << unitCount(days, u"day"_s);
    if (hours > 0)
        parts << unitCount(hours, u"hour"_s);
    if (days == 0 && minutes % 60 > 0)
        parts << unitCount(minutes % 60, u"minute"_s);
    return parts.isEmpty() ? u"under a minute"_s : parts.join(u' ');
}

QString rangeText(const ReportData &data)
{
    return u"%1 to %2 (%3)"_s.arg(time(data.request.from), time(data.request.to),
                                  span(data.request.from, data.request.to));
}

QString sourceKind(SourceStatus::Kind kind)
{
    switch (kind) {
    case SourceStatus::Kind::Database:
        return u"Database"_s;
    case SourceStatus::Kind::BatchFiles:
        return u"Batch files"_s;
    case SourceStatus::Kind::Redis:
        return u"Redis"_s;
    }
    return {};
}

QString sourceState(SourceStatus::State state)
{
    switch (state) {
    case SourceStatus::State::Ok:
        return u"OK"_s;
    case SourceStatus::State::Missing:
        return u"missing"_s;
    case SourceStatus::State::Error:
        return u"error"_s;
    case SourceStatus::State::Unknown:
        break;
    }
    return u"unknown"_s;
}

// A row of label, figure and what it means.
QString figureRow(const QString &label, const QString &figure, const QString &meaning)
{
    return u"<tr><td>%1</td><td align=\"right\"><b>%2</b></td><td class=\"note\">%3</td></tr>\n"_s
        .arg(esc(label), esc(figure), esc(meaning));
}

const QString tableStart =
    u"<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n"_s;

QString summary(const ReportData &data)
{
    QString html = u"<h2>Summary</h2>\n"_s;
    if (data.isEmpty())
        html += u"<p class=\"empty\"><b>Nothing was recorded in this range.</b> The database "
                "holds no received message, port message, heartbeat or operator action between "
                "%1 and %2: it may be empty, or its data may lie outside the range.</p>\n"_s.arg(
                    time(data.request.from), time(data.request.to));
    const double hours = std::max(1.0, double(data.request.from.secsTo(data.request.to)) / 3600);
    QStringList statuses;
    for (const auto &[status, n] : data.portMessagesByStatus)
        statuses << u"%1 %2"_s.arg(count(n), status);
    qint64 unhealthy = 0;
    for (const HealthRecord &c : data.components)
        unhealthy += c.stale || c.status != u"healthy"_s ? 1 : 0;

    html += tableStart;
    html += figureRow(u"Messages received"_s, count(data.messagesReceived),
                      u"messages with a receive time in the range"_s);
    html += figureRow(u"Stored by Porthole's ingest"_s, count(data.deliveriesStored),
                      u"deliveries Porthole's ingest worker wrote in the range"_s);
    html += figureRow(
        u"Average rate"_s,
        u"%1 / hour"_s.arg(numbers.toString(double(data.messagesReceived) / hours, 'f', 1)),
        u"messages received, over the whole range"_s);
    html += figureRow(u"Busiest minute"_s,
                      u"%1 / minute"_s.arg(numbers.toString(data.peakPerMinute, 'f', 0)),
                      u"of Porthole's ingest"_s);
    html += figureRow(u"Port messages created"_s, count(data.portMessagesCreated),
                      statuses.isEmpty() ? u"none"_s : u"now: "_s + statuses.join(u", "_s));
    html += figureRow(u"Dead letters created"_s, count(data.deadLettersCreated),
                      u"port messages of the range that are dead letters now"_s);
    html += figureRow(u"Dead letters replayed"_s, count(data.deadLettersReplayed),
                      u"messages an operator replayed in the range"_s);
    html += figureRow(u"Dead letters still open"_s, count(data.deadLettersOpen),
                      u"the whole dead-letter set now, whenever created"_s);
    html += figureRow(u"Components unhealthy or stale"_s,
                      u"%1 of %2"_s.arg(count(unhealthy), count(data.components.size())),
                      u"by their latest heartbeat; stale: none for 5 minutes"_s);
    html += u"</table>\n"_s;

    if (!data.components.isEmpty()) {
        html += u"<h3>Components</h3>\n"_s + tableStart +
                u"<tr><th align=\"left\">Component</th><th align=\"left\">Status</th>"
                "<th align=\"left\">Last heartbeat</th></tr>\n"_s;
        for (const HealthRecord &c : data.components) {
            const bool bad = c.stale || c.status != u"healthy"_s;
            const QString status = c.stale ? u"%1, stale"_s.arg(c.status) : c.status;
            html += u"<tr><td>%1</td><td>%2</td><td>%3</td></tr>\n"_s.arg(
                esc(c.componentName),
                bad ? u"<b><font color=\"#b00020\">%1</font></b>"_s.arg(esc(status)) : esc(status),
                time(c.lastHeartbeat));
        }
        html += u"</table>\n"_s;
    }
    html += u"<h3>Newest checkpoint per component</h3>\n"_s;
    if (data.checkpoints.isEmpty()) {
        html += u"<p>No checkpoints are stored.</p>\n"_s;
    } else {
        html += tableStart + u"<tr><th align=\"left\">Component</th><th align=\"left\">Newest "
                             "checkpoint</th><th align=\"right\">Versions</th></tr>\n"_s;
        for (const ReportData::Checkpoint &c : data.checkpoints)
            html += u"<tr><td>%1</td><td>%2</td><td align=\"right\">%3</td></tr>\n"_s.arg(
                esc(c.component), time(c.newest), count(c.versions));
        html += u"</table>\n"_s;
    }
    return html;
}

// Groups shown with examples; the others are listed in one table.
constexpr qsizetype groupsWithExamples = 5;
// Charts a PDF page holds: the charts start on a page of their own, this many a page.
constexpr qsizetype chartsPerPage = 3;
// The report's text size, in points (writeReport()).
constexpr qreal reportBodyText = 9;
// A CSS pixel, the unit the report's HTML sizes its pictures in, is a 96th of an inch.
constexpr qreal pointsPerCssPixel = 0.75;
// A page's part of the map, CSS pixels: as wide as an A4 page's text (178 mm at 144 dpi, 667
// less the document's margin), and as tall as its text (273 mm less the header and footer, 982)
// holds beside the charts' heading, the map's and its caption.
constexpr qreal mapPageWidth = 660;
constexpr qreal mapPageHeight = 780;
// Image pixels a CSS pixel of the map: sharp at the PDF's 144 dpi.
constexpr qreal mapPixels = 2;

// The font the map is drawn with: 12 pixels, 9 pt printed at its size.
QFont mapFont()
{
    QFont font;
    font.setPixelSize(12);
    return font;
}

QString signatureText(const QString &signature)
{
    return signature.isEmpty() ? u"<i>(no error message)</i>"_s : esc(signature);
}

QString errorGroups(const ReportData &data)
{
    QString html = u"<h2>Dead letters by error</h2>\n"_s;
    if (data.errorGroups.isEmpty())
        return html + u"<p>No dead letter was created in this range.</p>\n"_s;
    html += u"<p>The %1 dead letters created in the range, grouped by their error with numbers, "
            "ids and times taken out (&lt;n&gt;, &lt;uuid&gt;, ...).</p>\n"_s.arg(
                count(data.deadLettersCreated));
    for (const ReportErrorGroup &g :
         data.errorGroups.first(std::min(groupsWithExamples, data.errorGroups.size()))) {
        html += u"<h3>%1</h3>\n<p>%2 dead letters, first %3, last %4.</p>\n"_s.arg(
            signatureText(g.signature), count(g.count), time(g.firstSeen), time(g.lastSeen));
        if (g.examples.isEmpty())
            continue;
        html += tableStart + u"<tr><th align=\"left\">Created</th><th align=\"left\">Port</th>"
                             "<th align=\"left\">Error</th><th align=\"left\">Id</th></tr>\n"_s;
        for (const ReportErrorGroup::Example &e : g.examples)
            html += u"<tr><td>%1</td><td>%2</td><td>%3</td><td class=\"id\">%4</td></tr>\n"_s.arg(
                time(e.createdAt), esc(e.port), esc(e.errorMessage), esc(e.id));
        html += u"</table>\n"_s;
    }
    if (data.errorGroups.size() <= groupsWithExamples)
        return html;
    html += u"<h3>The other %1 errors</h3>\n"_s.arg(data.errorGroups.size() - groupsWithExamples) +
            tableStart +
            u"<tr><th align=\"left\">Error</th><th align=\"right\">Dead letters</th>"
            "<th align=\"left\">First</th><th align=\"left\">Last</th></tr>\n"_s;
    for (const ReportErrorGroup &g : data.errorGroups.sliced(groupsWithExamples))
        html += u"<tr><td>%1</td><td align=\"right\">%2</td><td>%3</td><td>%4</td></tr>\n"_s.arg(
            signatureText(g.signature), count(g.count), time(g.firstSeen), time(g.lastSeen));
    return html + u"</table>\n"_s;
}

// With --compare-to: the dead letters' signatures of the range beside the range before.
QString deadLetterComparison(const ReportData &data)
{
    if (!data.deadLetterComparison)
        return {};
    const DeadLetterComparison &c = *data.deadLetterComparison;
    QString html =
        u"<h2>Dead letters compared with %1</h2>\n<p>%2 dead letters from %3 to %4 against %5 "
        "from %6 to %7, by error signature, what changed most first.%8</p>\n"_s.arg(
            esc(offsetText(data.request.compareSeconds)), count(c.count), time(c.request.from),
            time(c.request.to), count(c.earlierCount), time(c.request.earlierFrom()),
            time(c.request.earlierTo()),
            c.complete
                ? QString()
                : u" Only the newest %1 of each range were grouped."_s.arg(count(c.request.limit)));
    if (c.changes.isEmpty())
        return html + u"<p>No dead letter was created in either range.</p>\n"_s;
    html += tableStart + u"<tr><th align=\"left\">Error</th><th align=\"right\">Before</th>"
                         "<th align=\"right\">Now</th><th align=\"right\">Change</th>"
                         "<th align=\"left\">What changed</th></tr>\n"_s;
    for (const ErrorSignatureChange &change : c.changes)
        html += u"<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                "<td align=\"right\">%4%5</td><td>%6</td></tr>\n"_s.arg(
                    signatureText(change.signature), count(change.earlierCount),
                    count(change.count), change.change() > 0 ? u"+"_s : QString(),
                    count(change.change()), errorChangeName(change.kind()));
    return html + u"</table>\n"_s;
}

// The pipeline map at the range's end, a picture for each page it takes (reportMapPrint()).
QList<ReportChartImage> mapImages(const ReportData &data)
{
    if (!data.map || data.map->components.isEmpty())
        return {};
    const std::optional<MapPrint> print = reportMapPrint(*data.map);
    if (!print)
        return {};
    const qsizetype parts = print->pages.pieces.size();
    QString caption = u"The components and the ports between them at %1: each port's messages a "
                      "second over the minute before (its port_metrics counter where the "
                      "pipeline writes one) and the messages waiting on it now; grey empty, "
                      "green flowing, amber backed up, red stuck."_s.arg(time(data.map->readAt));
    if (print->pages.direction == FlowDirection::TopToBottom)
        caption += u" Drawn top to bottom, each port's sender above its receiver, to print "
                   "larger than left to right."_s;
    if (parts > 1)
        caption += u" It takes %1 pages, read a row of parts at a time from the top."_s.arg(parts);
    QList<ReportChartImage> images;
    for (qsizetype i = 0; i < parts; ++i) {
        const QRectF &piece = print->pages.pieces.at(i);
        images.append(
            {i == 0 ? u"Pipeline map"_s : u"Pipeline map, part %1 of %2"_s.arg(i + 1).arg(parts),
             i == 0 ? caption : QString(), drawMapPiece(*print, piece, mapFont(), mapPixels),
             piece.width() * print->pages.scale, i > 0});
    }
    return images;
}

QString chartsHtml(const QList<ReportChartImage> &charts, bool inlineImages)
{
    // Printed, a chart and its heading stay on one page: the charts begin a page, a few a page.
    QString html = u"<h2 style=\"page-break-before: always\">Charts</h2>\n"_s;
    qsizetype onPage = 0;
    for (qsizetype i = 0; i < charts.size(); ++i, ++onPage) {
        const ReportChartImage &c = charts.at(i);
        if (c.newPage || (onPage > 0 && onPage % chartsPerPage == 0)) {
            html += u"<div style=\"page-break-before: always\"></div>\n"_s;
            onPage = 0;
        }
        QString source = u"chart-%1.png"_s.arg(i);
        if (inlineImages) {
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            c.image.save(&buffer, "PNG");
            source = u"data:image/png;base64,"_s + QString::fromLatin1(png.toBase64());
        }
        html += u"<h3>%1</h3>\n<p><img src=\"%2\" width=\"%3\" alt=\"%1\"/></p>\n"_s.arg(
            esc(c.title), source, QString::number(qRound(c.width)));
        if (!c.caption.isEmpty())
            html += u"<p class=\"note\">%1</p>\n"_s.arg(esc(c.caption));
    }
    return html;
}

QString integrity(const ReportData &data)
{
    if (data.request.batchDirectory.isEmpty())
        return {};
    QString html =
        u"<h2>Batch files</h2>\n<p>The store %1.</p>\n"_s.arg(esc(data.request.batchDirectory));
    if (!data.integrity)
        return html + u"<p><b>Could not be checked:</b> %1</p>\n"_s.arg(esc(data.integrityProblem));
    const BatchIntegrityReport &r = *data.integrity;
    if (r.clean())
        return html + u"<p>%1 batch files with %2 messages checked: no problem found.</p>\n"_s.arg(
                          count(r.files), count(r.messages));
    qint64 total = r.findings.size();
    for (const qint64 n : r.omitted)
        total += n;
    html += u"<p>%1 batch files with %2 messages checked: <b>%3 problems</b>.</p>\n"_s.arg(
        count(r.files), count(r.messages), count(total));
    html += tableStart + u"<tr><th align=\"left\">Problem</th><th align=\"left\">File</th>"
                         "<th align=\"right\">Line</th><th align=\"left\">What</th></tr>\n"_s;
    for (const BatchFinding &f : r.findings)
        html += u"<tr><td>%1</td><td>%2</td><td align=\"right\">%3</td><td>%4</td></tr>\n"_s.arg(
            batchFindingKindName(f.kind), esc(f.fileName),
            f.line > 0 ? QString::number(f.line) : QString(), esc(f.message));
    html += u"</table>\n"_s;
    for (auto it = r.omitted.cbegin(); it != r.omitted.cend(); ++it)
        html +=
            u"<p>And %1 more of %2.</p>\n"_s.arg(count(it.value()), batchFindingKindName(it.key()));
    return html;
}

QString actions(const ReportData &data)
{
    QString html = u"<h2>Operator actions</h2>\n"_s;
    if (data.actions.isEmpty())
        return html + u"<p>No operator action is recorded in this range.</p>\n"_s;
    html += u"<p>%1 actions recorded in the audit log in this range%2.</p>\n"_s.arg(
        count(data.actionsTotal), data.actionsTotal > data.actions.size()
                                      ? u", the newest %1 listed"_s.arg(count(data.actions.size()))
                                      : QString());
    html += tableStart + u"<tr><th align=\"left\">When</th><th align=\"left\">Who</th>"
                         "<th align=\"left\">Action</th><th align=\"right\">Rows</th>"
                         "<th align=\"left\">Details</th></tr>\n"_s;
    for (const AuditEntry &e : data.actions)
        html += u"<tr><td>%1</td><td>%2</td><td>%3</td><td align=\"right\">%4</td><td>%5</td>"
                "</tr>\n"_s.arg(time(e.occurredAt), esc(e.actor), esc(e.action),
                                count(e.affectedCount), esc(e.details.left(200)));
    return html + u"</table>\n"_s;
}

// What changed in the range, newest first: the incident timeline's changes.
QString changes(const ReportData &data)
{
    QString html = u"<h2>What changed</h2>\n"_s;
    if (data.checkpointVersions > 0 || data.stateVersions > 0)
        html += u"<p class=\"note\">Saved as the pipeline ran, and not listed: %1 checkpoint "
                "versions and %2 component state versions (<code>porthole timeline --kind "
                "checkpoint,state</code> lists them).</p>\n"_s.arg(count(data.checkpointVersions),
                                                                   count(data.stateVersions));
    if (data.changes.isEmpty())
        return html + u"<p>Nothing changed in this range: no alert, no operator's action, no "
                      "component's status, silence or restart, no new error.</p>\n"_s;
    html += u"<p>%1 changes in this range%2, newest first.</p>\n"_s.arg(
        count(data.changes.size()),
        data.changesCapped ? u" (the newest; more are older)"_s : QString());
    html += tableStart + u"<tr><th align=\"left\">When</th><th align=\"left\">Severity</th>"
                         "<th align=\"left\">Kind</th><th align=\"left\">Concerns</th>"
                         "<th align=\"left\">What changed</th></tr>\n"_s;
    for (const Change &change : data.changes) {
        const bool critical = change.severity == ChangeSeverity::Critical;
        html += u"<tr><td>%1</td><td>%2%3%4</td><td>%5</td><td>%6</td><td>%7</td></tr>\n"_s.arg(
            time(change.at), critical ? u"<b>"_s : QString(), changeSeverityName(change.severity),
            critical ? u"</b>"_s : QString(), esc(changeKindTitle(change.kind)),
            esc(changeSubject(change)), esc(changeText(change, data.generatedAt)));
    }
    return html + u"</table>\n"_s;
}

// Each change of an alert's state in the range: what fired, for how long, what resolved.
QString alerts(const ReportData &data)
{
    QString html = u"<h2>Alerts</h2>\n"_s;
    if (!data.alertHistoryKept)
        return html + u"<p class=\"note\">This database keeps no alert history (run "
                      "<code>porthole migrate</code> on it, or watch it with the window or "
                      "<code>porthole ingest</code>).</p>\n"_s;
    if (data.alerts.isEmpty())
        return html + u"<p>No alert changed state in this range.</p>\n"_s;
    qint64 fired = 0;
    for (const AlertHistoryEntry &e : data.alerts)
        fired += e.to == AlertState::Firing ? 1 : 0;
    html += u"<p>%1 changes of state in this range%2; %3 of those listed fired.</p>\n"_s.arg(
        count(data.alertsTotal),
        data.alertsTotal > data.alerts.size()
            ? u", the newest %1 listed"_s.arg(count(data.alerts.size()))
            : QString(),
        count(fired));
    html += tableStart + u"<tr><th align=\"left\">When</th><th align=\"left\">Rule</th>"
                         "<th align=\"left\">Subject</th><th align=\"left\">Severity</th>"
                         "<th align=\"left\">Change</th><th align=\"right\">Value</th></tr>\n"_s;
    for (const AlertHistoryEntry &e : data.alerts) {
        const QString value =
            e.value ? QString::number(*e.value, 'f',
                                      std::abs(*e.value - std::round(*e.value)) < 1e-9 ? 0 : 2)
                    : u"no data"_s;
        const bool firing = e.to == AlertState::Firing;
        html += u"<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5%6 → %7%8</td>"
                "<td align=\"right\">%9</td></tr>\n"_s.arg(
                    time(e.occurredAt), esc(e.ruleName.isEmpty() ? e.ruleId : e.ruleName),
                    esc(e.subject), alertSeverityName(e.severity), firing ? u"<b>"_s : QString(),
                    alertStateName(e.from), alertStateName(e.to), firing ? u"</b>"_s : QString(),
                    value);
    }
    return html + u"</table>\n"_s;
}

QString ledgerFigure(const std::optional<qint64> &value)
{
    return value ? count(*value) : u"–"_s;
}

QString ledgerRow(const QString &label, const LedgerPeriod &p)
{
    const bool off = p.unbalanced();
    const QString backlog =
        p.sampled() ? u"%1 → %2"_s.arg(count(p.backlogAtOpening), count(p.backlogAtClose)) : u"–"_s;
    return u"<tr%1><td>%2</td><td align=\"right\">%3</td><td align=\"right\">%4</td>"
           "<td align=\"right\">%5</td><td align=\"right\">%6</td><td align=\"right\">%7</td>"
           "<td align=\"right\">%8</td><td align=\"right\">%9</td>"_s.arg(
               off ? u" style=\"color: #b00020\""_s : QString(), label, ledgerFigure(p.added),
               ledgerFigure(p.acknowledged), count(p.stored), count(p.deadLetters),
               count(p.duplicates), count(p.lostAtSource), backlog) +
           u"<td>%1%2%3</td></tr>\n"_s.arg(off ? u"<b>"_s : QString(), esc(ledgerVerdict(p)),
                                           off ? u"</b>"_s : QString());
}

// The ledger of the range: each hour's entries added against where they went.
QString ledger(const ReportData &data)
{
    QString html = u"<h2>Ledger</h2>\n"_s;
    if (!data.ledger)
        return html + u"<p class=\"note\">No ledger: %1</p>\n"_s.arg(esc(data.ledgerProblem));
    const Ledger &l = *data.ledger;
    html += u"<p>The %1 %2%3, %4 by %4: the entries added to Redis against those stored, "
            "dead-lettered, still in the backlog or lost at the source. %5</p>\n"_s.arg(
                l.list ? u"list"_s : u"stream"_s, esc(l.key),
                l.list ? QString() : u" (group %1)"_s.arg(esc(l.group)), ledgerGrainName(l.grain),
                l.unbalancedCount() > 0
                    ? u"<b>Periods that do not balance: %1.</b>"_s.arg(count(l.unbalancedCount()))
                : l.total.unbalanced() ? u"<b>The range as a whole does not balance.</b>"_s
                                       : u"Every period sampled balances."_s);
    html += tableStart + u"<tr><th align=\"left\">Period</th><th align=\"right\">Added</th>"
                         "<th align=\"right\">Acknowledged</th><th align=\"right\">Stored</th>"
                         "<th align=\"right\">Dead</th><th align=\"right\">Duplicates</th>"
                         "<th align=\"right\">Lost</th><th align=\"right\">Backlog</th>"
                         "<th align=\"left\">Verdict</th></tr>\n"_s;
    for (const LedgerPeriod &period : l.periods)
        if (period.sampled())
            html += ledgerRow(ledgerPeriodText(period.start, l.grain), period);
    html += ledgerRow(u"<b>Total</b>"_s, l.total) + u"</table>\n"_s;
    for (const LedgerPeriod &period : l.periods)
        if (period.unbalanced())
            html += u"<p>%1: %2</p>\n"_s.arg(ledgerPeriodText(period.start, l.grain),
                                             esc(ledgerDisagreement(period)));
    return html;
}

QString sources(const ReportData &data)
{
    QString html = u"<h2>Sources</h2>\n"_s + tableStart +
                   u"<tr><th align=\"left\">Source</th><th align=\"left\">Where</th>"
                   "<th align=\"left\">State</th><th align=\"left\">Found</th></tr>\n"_s;
    for (const SourceStatus &s : data.sources)
        html += u"<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>\n"_s.arg(
            sourceKind(s.kind), esc(s.location), sourceState(s.state), esc(s.detail));
    return html + u"</table>\n"_s;
}

} // namespace

std::optional<ReportFormat> reportFormatNamed(const QString &name)
{
    if (name.compare(u"pdf"_s, Qt::CaseInsensitive) == 0)
        return ReportFormat::Pdf;
    if (name.compare(u"html"_s, Qt::CaseInsensitive) == 0 ||
        name.compare(u"htm"_s, Qt::CaseInsensitive) == 0)
        return ReportFormat::Html;
    return std::nullopt;
}

std::optional<ReportFormat> reportFormatForPath(const QString &path)
{
    return reportFormatNamed(QFileInfo(path).suffix());
}

QSizeF reportMapPage()
{
    return {mapPageWidth, mapPageHeight};
}

std::optional<MapPrint> reportMapPrint(const PipelineMap &map)
{
    const qreal text = mapFont().pixelSize() * pointsPerCssPixel; // points, drawn at its size
    return printMap(map, mapFont(), reportMapPage(), reportMapSmallestText / text,
                    reportBodyText / text);
}

QList<ReportChartImage> drawReportCharts(const ReportData &data, const QSize &size)
{
    // The alerts that fired or resolved in the range, across every chart, as the Metrics pane
    // marks them.
    QList<ReportChartMarker> markers;
    for (const AlertHistoryEntry &entry : data.alerts) {
        if (entry.to == AlertState::Firing || entry.to == AlertState::Resolved)
            markers.append({.at = entry.occurredAt,
                            .color = AlertStatusModel::stateColor(entry.to),
                            .fired = entry.to == AlertState::Firing});
    }
    const QString markersNote =
        markers.isEmpty() ? QString()
                          : u" Red lines: alerts fired; green dashed lines: alerts resolved "
                            "(listed under Alerts)."_s;
    // The map first: where the pipeline stood at the range's end.
    QList<ReportChartImage> images = mapImages(data);
    const bool mapOfParts = images.size() > 1;
    for (const ReportChartData &c : data.charts) {
        QList<ReportChartLine> lines;
        for (qsizetype i = 0; i < c.series.size(); ++i)
            lines.append(
                {c.labels.value(i), c.units.value(i),
                 chartSegments(c.points.value(i).points, c.bucketSeconds, MetricAggregate::Average),
                 false, -1});
        // With a comparison, each series as it was before, dashed in its colour.
        for (qsizetype i = 0; i < c.shiftedPoints.size(); ++i)
            lines.append(
                {u"%1, %2"_s.arg(c.labels.value(i), offsetText(data.request.compareSeconds)),
                 c.units.value(i),
                 chartSegments(c.shiftedPoints.at(i).points, c.bucketSeconds,
                               MetricAggregate::Average),
                 true, i});
        bool empty = true;
        for (const SeriesPoints &p : c.points)
            empty = empty && p.points.isEmpty();
        const QString caption =
            (empty ? c.caption + u" No values in this range."_s : c.caption) + markersNote;
        images.append({c.title, caption,
                       drawReportChart(lines, data.request.from, data.request.to,
                                       resolutionText(c.bucketSeconds), size, markers),
                       reportChartWidth, mapOfParts && &c == &data.charts.constFirst()});
    }
    return images;
}

QString reportHtml(const ReportData &data, const QList<ReportChartImage> &charts, bool inlineImages)
{
    QString html =
        u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/>\n<title>Porthole report, "
        u"%1</title>\n"
        "<style>\n"
        "body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #222; "
        "max-width: 60em; margin: 1.5em auto; }\n"
        "h1 { font-size: 17pt; margin-bottom: 2pt; } h2 { font-size: 13pt; margin-top: 16pt; "
        "border-bottom: 1px solid #888; } h3 { font-size: 11pt; margin-top: 10pt; }\n"
        "table { border-collapse: collapse; } th { background-color: #e8e8e8; }\n"
        "td, th { border: 1px solid #bbb; } .note { color: #555; } .id { font-size: 8pt; }\n"
        ".empty { background-color: #fff3cd; padding: 6pt; }\n"
        "</style></head><body>\n"_s.arg(esc(rangeText(data)));
    html +=
        u"<h1>Porthole pipeline report</h1>\n<p><b>%1</b><br/>Generated %2 from %3.</p>\n"_s.arg(
            esc(rangeText(data)), time(data.generatedAt),
            esc(data.request.database.toDisplayString()));
    html += summary(data);
    html += changes(data);
    html += errorGroups(data);
    html += deadLetterComparison(data);
    html += chartsHtml(charts, inlineImages);
    html += integrity(data);
    html += ledger(data);
    html += alerts(data);
    html += actions(data);
    html += sources(data);
    html += u"</body></html>\n"_s;
    return html;
}

Status writeReport(const ReportData &data, ReportFormat format, const QString &path)
{
    const QList<ReportChartImage> charts = drawReportCharts(data, QSize(900, 320));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return StorageError::io(u"Cannot write %1: %2."_s.arg(path, file.errorString()));

    if (format == ReportFormat::Html) {
        if (file.write(reportHtml(data, charts, true).toUtf8()) < 0 || !file.commit())
            return StorageError::io(u"Cannot write %1: %2."_s.arg(path, file.errorString()));
        return success();
    }

    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(16, 12, 16, 12), QPageLayout::Millimeter);
        writer.setResolution(144);
        writer.setTitle(u"Porthole report, %1"_s.arg(rangeText(data)));
        writer.setCreator(u"Porthole"_s);

        QTextDocument document;
        document.documentLayout()->setPaintDevice(&writer);
        QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
        font.setPointSizeF(reportBodyText);
        document.setDefaultFont(font);
        for (qsizetype i = 0; i < charts.size(); ++i)
            document.addResource(QTextDocument::ImageResource, QUrl(u"chart-%1.png"_s.arg(i)),
                                 charts.at(i).image);
        document.setHtml(reportHtml(data, charts, false));

        const QRectF area = writer.pageLayout().paintRectPixels(writer.resolution());
        QFont small = font;
        small.setPointSizeF(8);
        const qreal line = QFontMetricsF(small, &writer).height();
        const qreal header = line * 2;
        const qreal footer = line * 2;
        const QSizeF body(area.width(), area.height() - header - footer);
        document.setPageSize(body);
        const int pages = document.pageCount();

        QPainter painter(&writer);
        for (int page = 0; page < pages; ++page) {
            if (page > 0)
                writer.newPage();
            painter.setFont(small);
            painter.setPen(QColor(0x55, 0x55, 0x55));
            painter.drawText(QRectF(0, 0, area.width(), line), Qt::AlignLeft,
                             u"Porthole pipeline report"_s);
            painter.drawText(QRectF(0, 0, area.width(), line), Qt::AlignRight, rangeText(data));
            painter.drawLine(QPointF(0, line * 1.3), QPointF(area.width(), line * 1.3));
            painter.drawText(QRectF(0, area.height() - line, area.width(), line), Qt::AlignHCenter,
                             u"Page %1 of %2"_s.arg(page + 1).arg(pages));
            painter.save();
            painter.translate(0, header - page * body.height());
            document.drawContents(&painter,
                                  QRectF(0, page * body.height(), body.width(), body.height()));
            painter.restore();
        }
    }
    if (!file.commit())
        return StorageError::io(u"Cannot write %1: %2."_s.arg(path, file.errorString()));
    return success();
}

} // namespace porthole
