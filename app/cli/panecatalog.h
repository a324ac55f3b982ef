#pragma once

#include <QString>
#include <QStringList>

namespace porthole {

// The window's panes by the ids that `--pane`, the settings and the tests name them with, in
// the order of the window's list.
QStringList paneIds();

// Why the pane `paneId` cannot work on a database that has only `tables` (a pipeline's own
// database attached read-only, which Porthole never migrates), in one line for the pane to
// show in place; empty when it can. Panes that read no table of the database (Overview, Batch
// files, Ingest, Tables) always can.
QString missingTablesReason(const QString &paneId, const QStringList &tables);

} // namespace porthole
