#pragma once

#include "filedescriptor.h"
#include "storageerror.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace porthole {

// One entry of a batch store's folder, classified by its name and type (a link is never
// followed to find its type).
struct BatchStoreEntry
{
    enum class Kind
    {
        Batch,         // a regular file named exactly as batchFileName(id) writes it
        PortholeFile,  // Porthole's own hidden file: `.porthole-*` (lock, index cache)
        SavedFragment, // a torn last line the writer cut off: `messages_batch_N.txt.torn-*`
        Link,          // a symbolic link, whatever its name
        Folder,        // a folder
        Stray,         // anything else
    };

    Kind kind = Kind::Stray;
    QByteArray name; // as the file system has it
    qint64 id = 0;   // Batch, and any entry whose name is a batch name
};

struct BatchStoreScan
{
    QList<BatchStoreEntry> batches; // by id
    QList<BatchStoreEntry> others;  // by name
};

// Lists the folder dirFd (readdir, no stat unless the file system leaves the type open).
// Returns 0 or the errno.
int scanBatchStoreAt(int dirFd, BatchStoreScan *scan);
// The same by path, with a message for a person on failure. With `folder`, the folder stays
// open there, for reading the files the scan found.
Result<BatchStoreScan> scanBatchStore(const QString &directory, FileDescriptor *folder = nullptr);

// Calls visit(id, name, typeUnknown) for each entry of the folder dirFd named as a batch file
// and, as readdir says, a regular file or of a type the file system left open (then only a
// stat, never following a link, can tell). Returns 0 or the errno.
int forEachBatchNameAt(
    int dirFd, const std::function<void(qint64 id, const char *name, bool typeUnknown)> &visit);

// Prefix of Porthole's own files in a store; the listing and the integrity report skip them.
inline constexpr char portholeFilePrefix[] = ".porthole-";
inline constexpr char savedFragmentInfix[] = ".txt.torn-";

} // namespace porthole
