#include "csvwriter.h"

#include <QCoreApplication>
#include <QIODevice>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

CsvWriter::CsvWriter(QIODevice *device)
    : m_device(device)
{
    Q_ASSERT(device);
}

QString CsvWriter::field(const QString &value)
{
    const bool quoted = value.contains(u',') || value.contains(u'"') || value.contains(u'\r') ||
                        value.contains(u'\n');
    if (!quoted)
        return value;
    QString out = value;
    out.replace(u"\""_s, u"\"\""_s);
    return u'"' + out + u'"';
}

void CsvWriter::appendField(QByteArray &line, QByteArrayView utf8)
{
    const bool quoted = std::any_of(utf8.begin(), utf8.end(), [](char c) {
        return c == ',' || c == '"' || c == '\r' || c == '\n';
    });
    if (!quoted) {
        line.append(utf8);
        return;
    }
    // The runs between quotes go in whole (a JSON value is mostly such runs), each quote twice.
    line.append('"');
    for (qsizetype from = 0;;) {
        const qsizetype quote = utf8.indexOf('"', from);
        if (quote < 0) {
            line.append(utf8.sliced(from));
            break;
        }
        line.append(utf8.sliced(from, quote + 1 - from)).append('"');
        from = quote + 1;
    }
    line.append('"');
}

QByteArray CsvWriter::line(const QStringList &fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendField(out, fields.at(i).toUtf8());
    }
    return out + "\r\n";
}

bool CsvWriter::writeRow(const QStringList &fields)
{
    if (!ok())
        return false;
    const QByteArray bytes = line(fields);
    if (m_device->write(bytes) != bytes.size()) {
        m_error = m_device->errorString();
        if (m_error.isEmpty())
            m_error = QCoreApplication::translate("porthole::CsvWriter",
                                                  "The file took only part of a line.");
        return false;
    }
    ++m_rows;
    return true;
}

} // namespace porthole
