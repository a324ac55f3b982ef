#include "csvwriter.h"

#include <QIODevice>

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

QByteArray CsvWriter::line(const QStringList &fields)
{
    QStringList written;
    written.reserve(fields.size());
    for (const QString &value : fields)
        written << field(value);
    return written.join(u',').toUtf8() + "\r\n";
}

bool CsvWriter::writeRow(const QStringList &fields)
{
    if (!ok())
        return false;
    const QByteArray bytes = line(fields);
    if (m_device->write(bytes) != bytes.size()) {
        m_error = m_device->errorString();
        if (m_error.isEmpty())
            m_error = u"The file took only part of a line."_s;
        return false;
    }
    ++m_rows;
    return true;
}

} // namespace porthole
