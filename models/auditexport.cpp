#include "auditexport.h"

#include "auditlogmodel.h"
#include "csvwriter.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr int exportPage = 500;
const QString connectionPurpose = u"audit-export"_s;

QJsonValue orNull(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// Compact JSON text of any value; empty for null.
QString compact(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return {};
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace

std::optional<AuditExportFormat> auditExportFormatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"csv"_s)
        return AuditExportFormat::Csv;
    if (suffix == u"json"_s)
        return AuditExportFormat::Json;
    return std::nullopt;
}

QStringList auditCsvHeader()
{
    return {u"id"_s,           u"occurred_at"_s,    u"actor"_s,  u"action"_s,
            u"target_table"_s, u"affected_count"_s, u"filter"_s, u"affected_ids"_s,
            u"before"_s,       u"after"_s,          u"details"_s};
}

QJsonObject auditEntryJson(const AuditEntry &entry)
{
    QJsonObject object = AuditLogModel::detailJson(entry);
    object.insert(u"id"_s, entry.id);
    object.insert(u"occurred_at"_s, entry.occurredAt.toUTC().toString(Qt::ISODateWithMs));
    object.insert(u"actor"_s, entry.actor);
    object.insert(u"action"_s, entry.action);
    object.insert(u"target_table"_s, textOrNull(entry.targetTable));
    object.insert(u"affected_count"_s, entry.affectedCount);
    return object;
}

QStringList auditCsvFields(const AuditEntry &entry)
{
    const QJsonObject json = auditEntryJson(entry);
    return {QString::number(entry.id),
            json.value(u"occurred_at"_s).toString(),
            entry.actor,
            entry.action,
            entry.targetTable,
            QString::number(entry.affectedCount),
            compact(json.value(u"filter"_s)),
            compact(json.value(u"affected_ids"_s)),
            compact(orNull(entry.before)),
            compact(orNull(entry.after)),
            entry.details};
}

AuditExportResult exportAuditLog(const QSqlDatabase &db, const AuditFilter &filter,
                                 const QString &path, AuditExportFormat format,
                                 const std::function<bool()> &cancelled)
{
    AuditExportResult result;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = u"Cannot write %1: %2"_s.arg(path, file.errorString());
        return result;
    }
    CsvWriter csv(&file);
    bool written = true;
    if (format == AuditExportFormat::Csv)
        written = csv.writeRow(auditCsvHeader());
    else
        written = file.write("[") == 1;

    const AuditLog log(db);
    PageRequest request{PageRequest::From::Start, {}, exportPage, u"occurred_at"_s, true};
    while (written) {
        if (cancelled && cancelled()) {
            result.cancelled = true;
            file.cancelWriting();
            return result;
        }
        auto page = log.page(filter, request);
        if (!page) {
            result.error = page.errorMessage();
            file.cancelWriting();
            return result;
        }
        for (const AuditEntry &entry : std::as_const(page->rows)) {
            if (format == AuditExportFormat::Csv) {
                written = csv.writeRow(auditCsvFields(entry));
            } else {
                const QByteArray line =
                    (result.entries == 0 ? "\n" : ",\n") +
                    QJsonDocument(auditEntryJson(entry)).toJson(QJsonDocument::Compact);
                written = file.write(line) == line.size();
            }
            if (!written)
                break;
            ++result.entries;
        }
        if (!written || page->atEnd || page->rows.isEmpty())
            break;
        request.from = PageRequest::From::After;
        request.key = AuditLogModel::keyOf(page->rows.constLast());
    }
    if (written && format == AuditExportFormat::Json)
        written = file.write("\n]\n") == 3;
    if (!written || !file.commit()) {
        result.error =
            u"Cannot write %1: %2"_s.arg(path, csv.ok() ? file.errorString() : csv.errorString());
        file.cancelWriting();
        return result;
    }
    return result;
}

AuditExport::AuditExport(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &AuditExport::onFinished);
}

AuditExport::~AuditExport()
{
    cancel();
    m_watcher.waitForFinished();
}

bool AuditExport::start(const AuditFilter &filter, const QString &path)
{
    if (isRunning())
        return false;
    const auto format = auditExportFormatFor(path);
    if (!format) {
        Q_EMIT failed(path, tr("Cannot export to %1: name the file .csv or .json to say which "
                               "format to write.")
                                .arg(path));
        return true;
    }
    m_path = path;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    m_watcher.setFuture(
        QtConcurrent::run([factory = m_factory, filter, path, format = *format, cancel = m_cancel] {
            AuditExportResult result;
            {
                auto db = factory.open(connectionPurpose);
                if (!db) {
                    result.error = db.errorMessage();
                    return result;
                }
                result =
                    exportAuditLog(*db, filter, path, format, [&cancel] { return cancel->load(); });
            }
            // A pool thread may never come back to this connection: it goes with the export.
            factory.close(connectionPurpose);
            return result;
        }));
    return true;
}

void AuditExport::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void AuditExport::onFinished()
{
    const AuditExportResult result = m_watcher.result();
    if (result.cancelled)
        Q_EMIT failed(m_path,
                      tr("The export to %1 was cancelled; nothing was written.").arg(m_path));
    else if (!result.error.isEmpty())
        Q_EMIT failed(m_path, result.error);
    else
        Q_EMIT finished(m_path, result.entries);
}

} // namespace porthole
