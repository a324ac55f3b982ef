#include "tableexport.h"

#include "batchexport.h"
#include "csvwriter.h"
#include "exportrows.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString connectionPurpose = u"table-export"_s;
constexpr qsizetype flushAt = 256 * 1024; // bytes held before they go to the file
constexpr qint64 askEvery = 4096;         // rows read between two questions to keepGoing
constexpr qint64 countExactlyUpTo = 1000000;

void appendNumber(QByteArray &out, const Cell &cell)
{
    if (cell.type == Cell::Type::Real)
        out.append(QByteArray::number(cell.real, 'g', QLocale::FloatingPointShortest));
    else
        out.append(QByteArray::number(cell.integer));
}

// A string as a JSON value, escaped as Qt writes JSON.
QByteArray jsonString(const QString &text)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void appendCsvRow(QByteArray &out, RowReader &row, int columns)
{
    for (int i = 0; i < columns; ++i) {
        if (i > 0)
            out.append(',');
        const Cell cell = row.cell(i);
        switch (cell.type) {
        case Cell::Type::Null:
            break;
        case Cell::Type::Integer:
        case Cell::Type::Real:
            appendNumber(out, cell);
            break;
        case Cell::Type::Text:
            if (cell.text.isEmpty())
                out.append("\"\""); // an empty text, told apart from NULL as PostgreSQL's COPY does
            else
                CsvWriter::appendField(out, cell.text);
            break;
        }
    }
    out.append("\r\n");
}

// One object, members in column order. JSON columns hold compact JSON text already (the
// database made it); numbers go as numbers where the column is numeric.
void appendJsonObject(QByteArray &out, RowReader &row, const QList<ExportColumn> &columns,
                      const QList<QByteArray> &names)
{
    out.append('{');
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(names.at(i));
        const Cell cell = row.cell(int(i));
        const ExportKind kind = columns.at(i).kind;
        if (cell.type == Cell::Type::Null)
            out.append("null");
        else if (kind == ExportKind::Json && cell.type == Cell::Type::Text)
            out.append(cell.text);
        else if ((kind == ExportKind::Integer || kind == ExportKind::Real) &&
                 cell.type != Cell::Type::Text)
            appendNumber(out, cell);
        else if (cell.type == Cell::Type::Text)
            out.append(jsonString(QString::fromUtf8(cell.text)));
        else
            out.append(jsonString(QString::fromUtf8(
                cell.type == Cell::Type::Real
                    ? QByteArray::number(cell.real, 'g', QLocale::FloatingPointShortest)
                    : QByteArray::number(cell.integer))));
    }
    out.append('}');
}

// What a file begins with: the CSV header line (after a byte order mark, when asked for),
// or the JSON array's opening bracket.
void appendHead(QByteArray &out, const ExportSettings &settings, const QList<ExportColumn> &columns)
{
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
}

// One row in the file's format; `first` is the first row of the file.
void appendRow(QByteArray &out, RowReader &row, ExportFormat format,
               const QList<ExportColumn> &columns, const QList<QByteArray> &jsonNames, bool first)
{
    switch (format) {
    case ExportFormat::Csv:
        appendCsvRow(out, row, int(columns.size()));
        break;
    case ExportFormat::Json:
        out.append(first ? "\n" : ",\n");
        appendJsonObject(out, row, columns, jsonNames);
        break;
    case ExportFormat::JsonLines:
        appendJsonObject(out, row, columns, jsonNames);
        out.append('\n');
        break;
    }
}

// Whether the statement's keep, if it has one, lets the current row through. `checked` holds
// the values keep is asked about, reused from row to row.
bool keepsRow(const ExportQuery &statement, RowReader &row, int width, QVariantList &checked)
{
    if (!statement.keep)
        return true;
    checked.clear();
    for (int i = 0; i < statement.checkedColumns; ++i)
        checked.append(row.value(width + i));
    return statement.keep(checked);
}

QString readFailure(const QString &table, qint64 rows, const QString &error)
{
    return TableExport::tr("Reading %1 for the export failed after %n rows: %2", nullptr,
                           int(std::min<qint64>(rows, std::numeric_limits<int>::max())))
        .arg(table, error);
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
        outcome.error = TableExport::tr("Cannot write %1: %2.").arg(path, file.errorString());
        return outcome;
    }
    // The context of a database error, as the storage layer words it.
    const QString what = u"Reading %1 for the export"_s.arg(source.table());
    auto rows = openRows(db, *statement, what);
    if (!rows) {
        outcome.error = rows.errorMessage();
        return outcome;
    }
    RowReader &row = **rows;

    const QList<ExportColumn> &columns = statement->columns;
    const int width = int(columns.size());
    QList<QByteArray> jsonNames; // "\"name\":"
    for (const ExportColumn &column : columns)
        jsonNames.append(jsonString(column.name) + ':');
    QVariantList checked; // the values keep is asked about

    QByteArray out;
    out.reserve(flushAt + 64 * 1024);
    const auto flush = [&] {
        if (file.write(out) != out.size())
            return false;
        out.resize(0);
        return true;
    };
    appendHead(out, settings, columns);

    bool failed = false;
    qint64 read = 0;
    for (;;) {
        const Result<bool> more = row.next();
        if (!more) {
            outcome.error = readFailure(source.table(), outcome.rows, more.errorMessage());
            file.cancelWriting();
            return outcome;
        }
        if (!*more)
            break;
        if (++read % askEvery == 0 && keepGoing && !keepGoing(outcome.rows)) {
            outcome.cancelled = true;
            break;
        }
        if (!keepsRow(*statement, row, width, checked))
            continue;
        appendRow(out, row, settings.format, columns, jsonNames, outcome.rows == 0);
        ++outcome.rows;
        if (out.size() >= flushAt && !flush()) {
            failed = true;
            break;
        }
    }
    if (outcome.cancelled) {
        file.cancelWriting();
        return outcome;
    }
    if (settings.format == ExportFormat::Json)
        out.append(outcome.rows == 0 ? "]\n" : "\n]\n");
    if (failed || !flush() || !file.commit()) {
        outcome.error = TableExport::tr("Cannot write %1: %2.").arg(path, file.errorString());
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

bool TableExport::startBatches(const QString &directory, std::optional<qint64> id,
                               const QString &path)
{
    if (isRunning())
        return false;
    m_path = path;
    m_shared = std::make_shared<Shared>();
    m_watcher.setFuture(QtConcurrent::run([directory, id, path, shared = m_shared] {
        const BatchExportOutcome written =
            writeBatchJson(directory, id, path, [&shared](qint64 messages) {
                shared->rows = messages;
                return !shared->cancel.load();
            });
        ExportOutcome outcome;
        outcome.rows = written.messages;
        outcome.cancelled = written.cancelled;
        outcome.error = written.error;
        if (written.error.isEmpty() && written.skipped > 0)
            outcome.note =
                (written.skipped == 1
                     //: %1: where, as "messages_batch_0007.txt:3 (why)"
                     ? tr("1 damaged line left out: %1. The Batch files pane flags them.")
                     : tr("%Ln damaged lines left out, the first at %1. The Batch files pane "
                          "flags them.",
                          nullptr, int(written.skipped)))
                    .arg(written.firstSkipped);
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
        Q_EMIT finished(m_path, outcome.rows, outcome.note);
    }
}

} // namespace porthole
