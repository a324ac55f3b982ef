// CSV export (models/csvwriter.*): rows made from the input go through the writer and are read
// back by a small, strict RFC 4180 reader. The input is split into rows at 0x1E (record
// separator) and each row into fields at 0x1F (unit separator), so that a field may hold any
// other byte: commas, quotes, CR and LF; each field is read as UTF-8 into a QString.
//
// What CsvWriter promises (csvwriter.h), and so what is checked:
// - a field is put in double quotes exactly when it holds a comma, a double quote, a CR or an
//   LF, and a double quote in it is doubled; every line, the last too, ends in CR LF; the text
//   is UTF-8, with no byte order mark of its own;
// - so the strict reader reads back every field, byte for byte, as the field's UTF-8;
// - writeRow() writes line(), and line() joins field() with commas and ends in CR LF.
// CsvWriter has no NULL: a null QString and an empty one are both an empty field (the table
// export writes an empty text as "" itself, app/tableexport.cpp). A row of no fields is written
// as an empty line, which CSV cannot tell from a row of one empty field; splitting the input
// never makes a row without fields.

#include "csvwriter.h"
#include "fuzzcheck.h"

#include <QBuffer>
#include <QStringList>

#include <cstdint>

using namespace Qt::StringLiterals;
using namespace porthole;

namespace {

struct ReadField
{
    QByteArray bytes;
    bool quoted = false;
};

// RFC 4180, strictly: records end in CR LF (the last too); a field is either quoted, with ""
// for a quote, or holds no comma, quote, CR or LF. Aborts on anything else.
QList<QList<ReadField>> readCsv(QByteArrayView text)
{
    QList<QList<ReadField>> records;
    qsizetype at = 0;
    while (at < text.size()) {
        QList<ReadField> record;
        for (;;) {
            ReadField field;
            if (at < text.size() && text[at] == '"') {
                field.quoted = true;
                ++at;
                for (;;) {
                    PORTHOLE_FUZZ_CHECK(at < text.size()); // an unterminated quoted field
                    if (text[at] != '"') {
                        field.bytes.append(text[at++]);
                    } else if (at + 1 < text.size() && text[at + 1] == '"') {
                        field.bytes.append('"');
                        at += 2;
                    } else {
                        ++at;
                        break;
                    }
                }
            } else {
                while (at < text.size() && text[at] != ',' && text[at] != '\r') {
                    PORTHOLE_FUZZ_CHECK(text[at] != '"' && text[at] != '\n');
                    field.bytes.append(text[at++]);
                }
            }
            record.append(field);
            PORTHOLE_FUZZ_CHECK(at < text.size()); // every record ends in CR LF
            if (text[at] == ',') {
                ++at;
                continue;
            }
            PORTHOLE_FUZZ_CHECK(text.sliced(at).startsWith("\r\n"));
            at += 2;
            break;
        }
        records.append(record);
    }
    return records;
}

bool needsQuotes(QByteArrayView utf8)
{
    return utf8.contains(',') || utf8.contains('"') || utf8.contains('\r') || utf8.contains('\n');
}

QList<QStringList> rowsOf(QByteArrayView input)
{
    QList<QStringList> rows;
    for (const QByteArray &row : input.toByteArray().split('\x1e')) {
        QStringList fields;
        for (const QByteArray &field : row.split('\x1f'))
            fields.append(QString::fromUtf8(field));
        rows.append(fields);
    }
    return rows;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QStringList> rows =
        rowsOf(QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter writer(&buffer);
    QByteArray lines;
    for (const QStringList &row : rows) {
        PORTHOLE_FUZZ_CHECK(writer.writeRow(row));
        const QByteArray line = CsvWriter::line(row);
        QByteArrayList fields;
        for (const QString &field : row)
            fields.append(CsvWriter::field(field).toUtf8());
        PORTHOLE_FUZZ_CHECK(line == fields.join(',') + "\r\n");
        lines += line;
    }
    PORTHOLE_FUZZ_CHECK(writer.ok() && writer.errorString().isEmpty());
    PORTHOLE_FUZZ_CHECK(writer.rowsWritten() == rows.size());
    const QByteArray written = buffer.data();
    PORTHOLE_FUZZ_CHECK(written == lines);
    PORTHOLE_FUZZ_CHECK(!written.startsWith("\xEF\xBB\xBF") ||
                        rows.constFirst().constFirst().startsWith(QChar(0xFEFF)));

    const QList<QList<ReadField>> records = readCsv(written);
    PORTHOLE_FUZZ_CHECK(records.size() == rows.size());
    for (qsizetype r = 0; r < rows.size(); ++r) {
        const QStringList &row = rows.at(r);
        const QList<ReadField> &record = records.at(r);
        PORTHOLE_FUZZ_CHECK(record.size() == row.size());
        for (qsizetype f = 0; f < row.size(); ++f) {
            const QByteArray utf8 = row.at(f).toUtf8();
            PORTHOLE_FUZZ_CHECK(record.at(f).bytes == utf8);
            PORTHOLE_FUZZ_CHECK(record.at(f).quoted == needsQuotes(utf8));
        }
    }
    return 0;
}
