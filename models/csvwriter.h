#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

namespace porthole {

// Comma-separated values as RFC 4180 has them: a field that holds a comma, a double quote, a
// CR or an LF is put in double quotes, a double quote in it doubled; every line (the header
// too) ends in CR LF. UTF-8, without a byte order mark.
class CsvWriter
{
public:
    // Writes to `device`, which stays the caller's and must be open for writing.
    explicit CsvWriter(QIODevice *device);

    // Writes one line; false (and errorString()) once the device refused a write, after which
    // nothing more is written.
    bool writeRow(const QStringList &fields);
    bool ok() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qint64 rowsWritten() const { return m_rows; }

    // One field as it is written: quoted when it needs to be.
    static QString field(const QString &value);
    // Appends a field given as UTF-8 to a line being built, quoted when it needs to be.
    static void appendField(QByteArray &line, QByteArrayView utf8);
    // One line as it is written, CR LF included.
    static QByteArray line(const QStringList &fields);

private:
    QIODevice *m_device = nullptr;
    QString m_error;
    qint64 m_rows = 0;
};

} // namespace porthole
