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
#include <charconv>
#include <iterator>
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
    if (cell.type == Cell::Type::Real) {
        out.append(QByteArray::number(cell.real, 'g', QLocale::FloatingPointShortest));
        return;
    }
    char digits[24]; // an integer as QByteArray::number() writes it, without allocating
    const auto written = std::to_chars(std::begin(digits), std::end(digits), cell.integer);
    out.append(digits, written.ptr - digits);
}

// A string as a JSON value, escaped as Qt writes JSON.
QByteArray jsonString(const QString &text)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

// What became of a value of a JSON column that the database could not read as JSON (it comes
// as its bytes) or whose JSON is not UTF-8: it is written as the text it is when that is exact
// UTF-8 (valid, and without a leading byte order mark, which a reader drops), else as
// {"base64": "..."}. Either way nothing is lost, and the row is named (writeExport()).
enum class Undecoded
{
    No,
    AsText,
    AsBase64
};

Undecoded undecodedOf(const Cell &cell, ExportKind kind)
{
    if (kind != ExportKind::Json ||
        (cell.type != Cell::Type::Text && cell.type != Cell::Type::Bytes))
        return Undecoded::No;
    const bool utf8 = cell.text.isValidUtf8();
    if (cell.type == Cell::Type::Text && utf8)
        return Undecoded::No;
    return utf8 && !cell.text.startsWith("\xEF\xBB\xBF") ? Undecoded::AsText : Undecoded::AsBase64;
}

QByteArray base64Object(QByteArrayView bytes)
{
    return R"({"base64":")" + bytes.toByteArray().toBase64() + R"("})";
}

// The columns of the row being written whose values were undecoded, and how each was written.
using UndecodedColumns = QList<std::pair<qsizetype, Undecoded>>;

void appendCsvRow(QByteArray &out, RowReader &row, const QList<ExportColumn> &columns,
                  UndecodedColumns &undecoded)
{
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i > 0)
            out.append(',');
        const Cell cell = row.cell(int(i));
        const Undecoded kept = undecodedOf(cell, columns.at(i).kind);
        if (kept != Undecoded::No)
            undecoded.append({i, kept});
        if (kept == Undecoded::AsBase64) {
            CsvWriter::appendField(out, base64Object(cell.text));
            continue;
        }
        switch (cell.type) {
        case Cell::Type::Null:
            break;
        case Cell::Type::Integer:
        case Cell::Type::Real:
            appendNumber(out, cell);
            break;
        case Cell::Type::Text:
        case Cell::Type::Bytes:
            if (cell.text.isEmpty())
                out.append("\"\""); // an empty text, told apart from NULL as PostgreSQL's COPY does
            else
                CsvWriter::appendField(out, cell.text);
            break;
        }
    }
    out.append("\r\n");
}

// A JSON text as it is, on one line: in JSON that the database has read as JSON a line break is
// white space between tokens (one in a string is escaped), so it may be a space instead.
void appendJsonText(QByteArray &out, QByteArrayView json)
{
    const qsizetype from = out.size();
    out.append(json);
    std::replace_if(
        out.begin() + from, out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
}

// One value of a JSON object: JSON columns hold JSON text already (the database has read it);
// numbers go as numbers where the column is numeric, everything else as a string.
void appendJsonValue(QByteArray &out, const Cell &cell, ExportKind kind, Undecoded kept)
{
    const bool text = cell.type == Cell::Type::Text || cell.type == Cell::Type::Bytes;
    if (cell.type == Cell::Type::Null)
        out.append("null");
    else if (kept == Undecoded::AsBase64)
        out.append(base64Object(cell.text));
    else if (kind == ExportKind::Json && kept == Undecoded::No && text)
        appendJsonText(out, cell.text);
    else if ((kind == ExportKind::Integer || kind == ExportKind::Real) && !text)
        appendNumber(out, cell);
    else if (text)
        out.append(jsonString(QString::fromUtf8(cell.text)));
    else
        out.append(jsonString(QString::fromUtf8(
            cell.type == Cell::Type::Real
                ? QByteArray::number(cell.real, 'g', QLocale::FloatingPointShortest)
                : QByteArray::number(cell.integer))));
}

// One object, members in column order.
void appendJsonObject(QByteArray &out, RowReader &row, const QList<ExportColumn> &columns,
                      const QList<QByteArray> &names, UndecodedColumns &undecoded)
{
    out.append('{');
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i > 0)
            out.append(',');
        out.append(names.at(i));
        const Cell cell = row.cell(int(i));
        const ExportKind kind = columns.at(i).kind;
        const Undecoded kept = undecodedOf(cell, kind);
        if (kept != Undecoded::No)
            undecoded.append({i, kept});
        appendJsonValue(out, cell, kind, kept);
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

// One row in the file's format; `first` is the first row of the file. The values written
// undecoded are added to `undecoded`.
void appendRow(QByteArray &out, RowReader &row, ExportFormat format,
               const QList<ExportColumn> &columns, const QList<QByteArray> &jsonNames, bool first,
               UndecodedColumns &undecoded)
{
    switch (format) {
    case ExportFormat::Csv:
        appendCsvRow(out, row, columns, undecoded);
        break;
    case ExportFormat::Json:
        out.append(first ? "\n" : ",\n");
        appendJsonObject(out, row, columns, jsonNames, undecoded);
        break;
    case ExportFormat::JsonLines:
        appendJsonObject(out, row, columns, jsonNames, undecoded);
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

// What writeExport() asks and tells while it runs.
struct ExportCallbacks
{
    const std::function<bool(qint64 rows)> &keepGoing;
    const std::function<void(const QString &row)> &undecoded;
};

// A row written with undecoded values, for a person: "port_messages id 7: message_data is not
// JSON (written as text)". By its key where the statement reads one, else by its place in the
// file (from 1).
QString undecodedRowText(const ExportSource &source, const ExportQuery &statement, RowReader &row,
                         qint64 place, const UndecodedColumns &undecoded)
{
    QStringList values;
    for (const auto &[column, kept] : undecoded) {
        const QString &name = statement.columns.at(column).name;
        if (kept == Undecoded::AsText)
            //: %1: a column's name, as "message_data"
            values << TableExport::tr("%1 is not JSON (written as text)").arg(name);
        else
            //: %1: a column's name, as "message_data"
            values << TableExport::tr("%1 is not UTF-8 (written as base64)").arg(name);
    }
    QString key;
    if (statement.keyColumn >= 0)
        key = u"%1 %2"_s.arg(statement.keyName, row.value(statement.keyColumn).toString());
    else
        //: %1: the row's place in the file, from 1
        key = TableExport::tr("row %1").arg(place);
    return u"%1 %2: %3"_s.arg(source.table(), key, values.join(u", "_s));
}

// What the window's status bar and the command line's last line say of undecoded rows.
QString undecodedNote(qint64 rows, const QString &first)
{
    if (rows == 1)
        //: %1: the row, as "port_messages id 7: message_data is not JSON (written as text)"
        return TableExport::tr("1 row holds a value that could not be read as JSON; it is written "
                               "as text or {\"base64\": ...}: %1.")
            .arg(first);
    //: %1: the first row, as "port_messages id 7: message_data is not JSON (written as text)"
    return TableExport::tr("%Ln rows hold values that could not be read as JSON; they are written "
                           "as text or {\"base64\": ...}, the first: %1.",
                           nullptr, int(std::min<qint64>(rows, std::numeric_limits<int>::max())))
        .arg(first);
}

// The rows of one export on their way from the statement to the file, a buffer at a time.
class RowCopy
{
public:
    RowCopy(const ExportSource &source, const ExportQuery &statement,
            const ExportSettings &settings, QSaveFile &file)
        : m_source(source)
        , m_statement(statement)
        , m_settings(settings)
        , m_file(file)
    {
        for (const ExportColumn &column : statement.columns)
            m_jsonNames.append(jsonString(column.name) + ':');
        m_out.reserve(flushAt + 64 * 1024);
        appendHead(m_out, settings, statement.columns);
    }

    // Reads every row and writes those the statement keeps, until the end, a cancel or a
    // failure, which `outcome` tells.
    void run(RowReader &row, const ExportCallbacks &callbacks, ExportOutcome &outcome)
    {
        const int width = int(m_statement.columns.size());
        QVariantList checked; // the values keep is asked about
        UndecodedColumns undecoded;
        qint64 read = 0;
        for (;;) {
            const Result<bool> more = row.next();
            if (!more) {
                outcome.error = readFailure(m_source.table(), outcome.rows, more.errorMessage());
                return;
            }
            if (!*more)
                break;
            if (++read % askEvery == 0 && callbacks.keepGoing &&
                !callbacks.keepGoing(outcome.rows)) {
                outcome.cancelled = true;
                return;
            }
            if (!keepsRow(m_statement, row, width, checked))
                continue;
            appendRow(m_out, row, m_settings.format, m_statement.columns, m_jsonNames,
                      outcome.rows == 0, undecoded);
            ++outcome.rows;
            if (!undecoded.isEmpty()) {
                tellUndecoded(undecodedRowText(m_source, m_statement, row, outcome.rows, undecoded),
                              callbacks, outcome);
                undecoded.clear();
            }
            if (m_out.size() >= flushAt && !flush()) {
                m_writeFailed = true;
                return;
            }
        }
        if (m_settings.format == ExportFormat::Json)
            m_out.append(outcome.rows == 0 ? "]\n" : "\n]\n");
        m_writeFailed = !flush();
    }

    bool writeFailed() const { return m_writeFailed; }

private:
    bool flush()
    {
        if (m_file.write(m_out) != m_out.size())
            return false;
        m_out.resize(0);
        return true;
    }

    static void tellUndecoded(const QString &text, const ExportCallbacks &callbacks,
                              ExportOutcome &outcome)
    {
        if (outcome.undecodedRows++ == 0)
            outcome.firstUndecoded = text;
        if (callbacks.undecoded)
            callbacks.undecoded(text);
    }

    const ExportSource &m_source;
    const ExportQuery &m_statement;
    const ExportSettings &m_settings;
    QSaveFile &m_file;
    QList<QByteArray> m_jsonNames; // "\"name\":"
    QByteArray m_out;
    bool m_writeFailed = false;
};

} // namespace

ExportOutcome writeExport(const QSqlDatabase &db, const ExportSource &source,
                          const ExportSettings &settings, const QString &path,
                          const std::function<bool(qint64 rows)> &keepGoing,
                          const std::function<void(const QString &row)> &undecoded)
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
    RowCopy copy(source, *statement, settings, file);
    copy.run(**rows, ExportCallbacks{keepGoing, undecoded}, outcome);
    if (outcome.cancelled || !outcome.error.isEmpty()) {
        file.cancelWriting();
        return outcome;
    }
    if (copy.writeFailed() || !file.commit()) {
        outcome.error = TableExport::tr("Cannot write %1: %2.").arg(path, file.errorString());
        file.cancelWriting();
        return outcome;
    }
    if (outcome.undecodedRows > 0)
        outcome.note = undecodedNote(outcome.undecodedRows, outcome.firstUndecoded);
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
