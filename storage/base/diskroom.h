#pragma once

#include "storageerror.h"

#include <QString>

namespace porthole {

// Whether `bytes` more fit in `folder` and leave its disk a twentieth of its size (at most
// 1 GiB) free: the pipeline may write to the same disk, and a copy Porthole takes must never
// fill it. The error says how much is needed, where, and how much is free; a disk whose space
// cannot be read is taken to have room.
Status checkRoomFor(qint64 bytes, const QString &folder);

} // namespace porthole
