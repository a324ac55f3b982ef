#pragma once

#include "exportsource.h"
#include "schemabrowser.h"

#include <memory>

namespace porthole {

// File > Export of a browsed table: every row the view's filters match, each column as text,
// in the view's order (a view in the engine's order).
std::shared_ptr<const ExportSource> browsedTableExport(const CatalogTable &table,
                                                       const TableKey &key,
                                                       const QList<CatalogColumn> &columns,
                                                       const BrowseView &view = {},
                                                       const QList<CatalogIndex> &indexes = {});

} // namespace porthole
