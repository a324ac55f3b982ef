#include "tableexport.h"

#include "csvwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"table-export"_s;
constexpr qsizetype flushAt = 256 * 1024; // bytes held before they go to the file
constexpr qint64 askEvery = 4096;         // rows read between two questions to keepGoing
constexpr qint64 countExactlyUpTo = 1000000;

bool isInteger(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return true;
    default:
        return false;
    }
}

bool isNumber(const QVariant &value)
{
    return isInteger(value) || value.typeId() == QMetaType::Double;
}

QByteArray numberText(const QVariant &value)
{
    if (value.typeId() == QMetaType::Double)
        return QByteArray::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return QByteArray::number(value.toLongLong());
}

// A string as a JSON value, escaped as Qt writes JSON.
QByteArray jsonString(const QString &text)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void appendCsvRow(QByteArray &out, const QSqlQuery &query, qsizetype columns)
{
    for (qsizetype i = 0; i < columns; ++i) {
        if (i > 0)
            out.append(',');
        const QVariant value = query.value(int(i));
        if (value.isNull())
            continue;
        if (isNumber(value))
            out.append(numberText(value));
        else if (const QString text = value.toString(); text.isEmpty())
            out.append("\"\""); // an empty text, told apart from NULL as PostgreSQL's COPY does
        else
            CsvWriter::appendField(out, text.toUtf8());
    }
    out.append("\r\n");
}

// One object, members in column order. JSON columns hold compact JSON text already (the
// database made it); numbers go as numbers where the column is numeric.
void appendJsonObject(QByteArray &out, const QSqlQuery &query, const QList<ExportColumn> &columns,
                      const QList<QByteArray> &names)
{
    out.append('{');
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(names.at(i));
        const QVariant value = query.value(int(i));
        const ExportKind kind = columns.at(i).kind;
        if (value.isNull())
            out.append("null");
        else if (kind == ExportKind::Json)
            out.append(value.toString().toUtf8());
        else if ((kind == ExportKind::Integer || kind == ExportKind::Real) && isNumber(value))
            out.append(numberText(value));
        else
            out.append(jsonString(value.toString()));
    }
    out.append('}');
}

} // namespace

ExportOutcome writeExport(const QSqlDatabase &db, const ExportSource &source,
                          const ExportSettings &settings, const QString &path,
                          const std::function<bool(qint64 rows)> &keepGoing)
{
    ExportOutcome outcome;
    const auto statement = source.query(db, settings.columns);
    if (!statement) {
        outcome.error = statement.errorMessage();
        return outcome;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        outcome.error = u"Cannot write %1: %2."_s.arg(path, file.errorString());
        return outcome;
    }
    auto query = execQuery(db, statement->sql, statement->params,
                           u"Reading %1 for the export"_s.arg(source.table()));
    if (!query) {
        outcome.error = query.errorMessage();
        return outcome;
    }

    const QList<ExportColumn> &columns = statement->columns;
    QList<QByteArray> jsonNames; // "\"name\":"
    for (const ExportColumn &column : columns)
        jsonNames.append(jsonString(column.name) + ':');

    QByteArray out;
    out.reserve(flushAt + 64 * 1024);
    const auto flush = [&] {
        if (file.write(out) != out.size())
            return false;
        out.resize(0);
        return true;
    };

    switch (settings.format) {
    case ExportFormat::Csv: {
        if (settings.byteOrderMark)
            out.append("\xEF\xBB\xBF");
        QStringList header;
        for (const ExportColumn &column : columns)
            header.append(column.name);
        out.append(CsvWriter::line(header));
        break;
    }
    case ExportFormat::Json:
        out.append('[');
        break;
    case ExportFormat::JsonLines:
        break;
    }

    bool failed = false;
    qint64 read = 0;
    while (query->next()) {
        if (++read % askEvery == 0 && keepGoing && !keepGoing(outcome.rows)) {
            outcome.cancelled = true;
            break;
        }
        if (statement->keep && !statement->keep(*query))
            continue;
        switch (settings.format) {
        case ExportFormat::Csv:
            appendCsvRow(out, *query, columns.size());
            break;
        case ExportFormat::Json:
            out.append(outcome.rows == 0 ? "\n" : ",\n");
            appendJsonObject(out, *query, columns, jsonNames);
            break;
        case ExportFormat::JsonLines:
            appendJsonObject(out, *query, columns, jsonNames);
            out.append('\n');
            break;
        }
        ++outcome.rows;
        if (out.size() >= flushAt && !flush()) {
            failed = true;
            break;
        }
    }
    if (!failed && !outcome.cancelled && query->lastError().isValid()) {
        outcome.error = u"Reading %1 for the export failed after %2 rows: %3"_s.arg(
            source.table(), QString::number(outcome.rows), query->lastError().text());
        file.cancelWriting();
        return outcome;
    }
    if (outcome.cancelled) {
        file.cancelWriting();
        return outcome;
    }
    if (settings.format == ExportFormat::Json)
        out.append(outcome.rows == 0 ? "]\n" : "\n]\n");
    if (failed || !flush() || !file.commit()) {
        outcome.error = u"Cannot write %1: %2."_s.arg(path, file.errorString());
        file.cancelWriting();
        return outcome;
    }
    if (keepGoing)
        keepGoing(outcome.rows);
    return outcome;
}

TableExport::TableExport(ConnectionFactory factory, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &TableExport::onFinished);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, &TableExport::tell);
}

TableExport::~TableExport()
{
    cancel();
    m_watcher.waitForFinished();
}

bool TableExport::start(std::shared_ptr<const ExportSource> source, const ExportSettings &settings,
                        const QString &path)
{
    if (isRunning() || !source)
        return false;
    m_path = path;
    m_shared = std::make_shared<Shared>();
    m_watcher.setFuture(QtConcurrent::run(
        [factory = m_factory, source = std::move(source), settings, path, shared = m_shared] {
            ExportOutcome outcome;
            {
                auto db = factory.open(connectionPurpose);
                if (!db) {
                    outcome.error = db.errorMessage();
                    return outcome;
                }
                // Only for progress: a failed count leaves the total unknown.
                if (const auto count = source->count(*db, countExactlyUpTo)) {
                    shared->exact = count->precision == RowCount::Precision::Exact;
                    shared->total = count->value;
                }
                outcome = writeExport(*db, *source, settings, path, [&shared](qint64 rows) {
                    shared->rows = rows;
                    return !shared->cancel.load();
                });
            }
            // A pool thread may never come back to this connection: it goes with the export.
            factory.close(connectionPurpose);
            return outcome;
        }));
    m_progressTimer.start();
    return true;
}

void TableExport::cancel()
{
    if (m_shared)
        m_shared->cancel = true;
}

void TableExport::tell()
{
    if (m_shared)
        Q_EMIT progress(m_shared->rows.load(), m_shared->total.load(), m_shared->exact.load());
}

void TableExport::onFinished()
{
    m_progressTimer.stop();
    const ExportOutcome outcome = m_watcher.result();
    if (outcome.cancelled)
        Q_EMIT failed(m_path,
                      tr("The export to %1 was cancelled; nothing was written.").arg(m_path));
    else if (!outcome.error.isEmpty())
        Q_EMIT failed(m_path, outcome.error);
    else {
        tell();
        Q_EMIT finished(m_path, outcome.rows);
    }
}

} // namespace porthole
