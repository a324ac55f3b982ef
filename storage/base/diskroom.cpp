#include "diskroom.h"

#include <QLocale>
#include <QStorageInfo>

using namespace Qt::StringLiterals;

namespace porthole {

Status checkRoomFor(qint64 bytes, const QString &folder)
{
    const QStorageInfo disk(folder);
    const qint64 kept = std::min<qint64>(qint64(1) << 30, disk.bytesTotal() / 20);
    const qint64 available = disk.bytesAvailable();
    if (!disk.isValid() || bytes <= available - kept)
        return success();
    const QLocale c = QLocale::c();
    return StorageError::io(
        u"it needs %1 in %2, and %3 is free there (%4 of it kept free for the pipeline's writes)"_s
            .arg(c.formattedDataSize(bytes), folder, c.formattedDataSize(available),
                 c.formattedDataSize(kept)));
}

} // namespace porthole
