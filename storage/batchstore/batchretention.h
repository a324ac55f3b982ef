#pragma once

#include "storageerror.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace porthole {

// Seed 000's retention for the batch-file store: files older than `days` go (0 keeps them
// all).
struct BatchRetentionRules
{
    int days = 30;
    // A file modified this recently stays, however old the others are: a writer may have only
    // just moved on from it, or the clock was set back.
    std::chrono::minutes quiet{10};
};

// One batch file to go, as the preview found it. Removal rechecks all of it first.
struct BatchRetentionFile
{
    qint64 id = 0;
    QString fileName;
    qint64 sizeBytes = 0;
    qint64 mtimeNs = 0; // since the epoch
    quint64 device = 0;
    quint64 inode = 0;

    friend bool operator==(const BatchRetentionFile &, const BatchRetentionFile &) = default;
};

// What retention removes from a store, fixed when it was previewed.
//
// The files to go are a run from the lowest batch upward: each older than the cut-off, none
// modified within the quiet time, and never the highest batch (the one being written, or the
// next writer's starting point). The run stops at the first file that is too young, so that
// the store stays one unbroken range of batches and message numbers: the integrity report
// (`missing-batch`, `number-gap`) looks between the lowest and the highest batch only, and
// removing a prefix makes no gap. Old files behind a younger one stay, counted in heldBack.
struct BatchRetentionPlan
{
    QString directory;
    BatchRetentionRules rules;
    QDateTime now;
    QList<BatchRetentionFile> files;    // by id
    qint64 storeFiles = 0;              // batch files in the store, those to go included
    std::optional<qint64> keptFrom;     // the lowest batch that stays, if any stays
    qint64 heldBack = 0;                // files past the cut-off that stay behind a younger one
    qint64 messages = 0;                // well-formed lines in the files to go
    std::optional<qint64> lowestNumber; // the message numbers in them
    std::optional<qint64> highestNumber;

    qint64 bytes() const;
};

// Finds what the rules would remove, without removing anything. Fails when the store cannot
// be listed (NotFound when there is no such folder).
Result<BatchRetentionPlan>
previewBatchRetention(const QString &directory, const BatchRetentionRules &rules,
                      const QDateTime &now = QDateTime::currentDateTimeUtc());

struct BatchRetentionOptions
{
    // Empty: the files are deleted. Otherwise they are first archived here, in one .tar.gz.
    QString archiveDirectory;
    // GNU tar, found on PATH unless a path is given; the tests name a missing or failing one.
    QString tarProgram;
};

// A previewed file that was not removed, and why.
struct BatchRetentionKept
{
    BatchRetentionFile file;
    QString reason;
};

struct BatchRetentionResult
{
    QString archive; // the archive written, empty without one
    QList<BatchRetentionFile> removed;
    QList<BatchRetentionKept> kept; // changed or gone since the preview, or after such a file

    qint64 removedBytes() const;
};

// Whether `folder` can take the archives of the store: an existing folder outside it. Empty
// folder: nothing to check. applyBatchRetention() checks this too, and that it can write there.
Status checkBatchArchiveFolder(const QString &folder, const QString &store);

// Removes what the plan previewed and nothing else. With an archive folder the files are
// first written into one new .tar.gz there by GNU tar; its listing must show exactly those
// files with their sizes, and it is fsynced (the folder too) before any file is deleted.
// Just before each deletion the file's name, inode, size and mtime are checked against the
// preview: a file that changed is kept and reported, and so is every file after it, so that
// no hole opens in the run of batches. (What a writer does between that check and the unlink
// goes unseen: Porthole's writer never writes to a file but the highest.) The store's folder
// is fsynced at the end.
//
// Deletes nothing, and leaves no archive behind, when the store is gone, the archive folder
// is missing, not writable or inside the store, or tar is missing or fails: the error says so.
Result<BatchRetentionResult> applyBatchRetention(const BatchRetentionPlan &plan,
                                                 const BatchRetentionOptions &options = {});

} // namespace porthole
