#pragma once

#include <QVariant>

namespace porthole {

// How a value read by SQL shows in a table's cell, for `role`: NULL as an empty cell whose
// tooltip says NULL (and true for `isNullRole`), bytes by their size, text on one line and
// shortened past 300 characters, with the whole text in the tooltip. Other roles: nothing.
QVariant sqlCellData(const QVariant &value, int role, int isNullRole);

} // namespace porthole
