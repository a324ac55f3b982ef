#include "ingestmessagewriter.h"

using namespace Qt::StringLiterals;

namespace porthole {

bool isStoredAsText(QByteArrayView payload)
{
    static constexpr char byteOrderMark[] = "\xEF\xBB\xBF";
    return !payload.contains('\0') && !payload.startsWith(byteOrderMark) && payload.isValidUtf8();
}

QString replacedContent(const QByteArray &payload)
{
    QString content = withoutNul(QString::fromUtf8(payload));
    if (content.isNull())
        content = u""_s; // empty content, not SQL NULL
    return content;
}

QString withoutNul(const QString &text)
{
    if (!text.contains(QChar(u'\0')))
        return text;
    QString copy = text;
    copy.replace(QChar(u'\0'), QChar::ReplacementCharacter);
    return copy;
}

IngestMessageWriter::~IngestMessageWriter() = default;
} // namespace porthole
