#include "batchexport.h"

#include "batchfilereader.h"
#include "batchjson.h"
#include "batchline.h"
#include "batchstorescan.h"
#include "filedescriptor.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// The export is written out whenever this much JSON has been made.
constexpr qsizetype flushBytes = 1024 * 1024;

} // namespace

BatchExportOutcome writeBatchJson(const QString &directory, std::optional<qint64> id,
                                  QIODevice *device,
                                  const std::function<bool(qint64 messages)> &keepGoing)
{
    BatchExportOutcome outcome;
    QList<qint64> ids;
    if (id) {
        ids.append(*id);
    } else {
        auto scan = scanBatchStore(directory);
        if (!scan) {
            outcome.error = scan.errorMessage();
            return outcome;
        }
        for (const BatchStoreEntry &entry : std::as_const(scan->batches))
            ids.append(entry.id);
    }

    const auto flush = [&outcome, device](QByteArray &json) {
        if (device->write(json) != json.size()) {
            outcome.error =
                QCoreApplication::translate("porthole::BatchExport", "Cannot write the export: %1.")
                    .arg(device->errorString());
            return false;
        }
        json.resize(0);
        return true;
    };
    const auto skip = [&outcome](const QString &where, const QString &why) {
        if (outcome.skipped++ == 0)
            outcome.firstSkipped = u"%1 (%2)"_s.arg(where, why);
    };
    QByteArray json;
    BatchJson::beginMessages(json);
    for (const qint64 batch : std::as_const(ids)) {
        FileDescriptor fd;
        struct stat status = {};
        if (Status opened = openBatchFile(directory, batch, &fd, &status); !opened) {
            if (status.st_size <= batchFileSizeLimit) {
                outcome.error = opened.errorMessage();
                return outcome;
            }
            // Damaged, and never read: left out like a damaged line.
            skip(batchFileName(batch), oversizedBatchFileProblem(status.st_size));
            continue;
        }
        // Line by line, written out as it grows: memory holds about one line.
        BatchLineReader reader(fd.get(), status.st_size);
        while (reader.next()) {
            const BatchFileLine line = parseBatchFileLine(reader.text(), reader.length(),
                                                          reader.lineNumber(), reader.terminated());
            if (!line.ok) {
                skip(u"%1:%2"_s.arg(batchFileName(batch)).arg(line.lineNumber), line.problem);
                continue;
            }
            BatchJson::addMessage(json, line.message, outcome.messages++ == 0);
            if (json.size() >= flushBytes && !flush(json))
                return outcome;
        }
        if (reader.error() != 0) {
            outcome.error = u"Cannot read %1 in %2: %3. %4"_s.arg(
                batchFileName(batch), directory, systemErrorText(reader.error()),
                systemErrorAdvice(reader.error()));
            return outcome;
        }
        ++outcome.files;
        if (!flush(json))
            return outcome;
        if (keepGoing && !keepGoing(outcome.messages)) {
            outcome.cancelled = true;
            return outcome;
        }
    }
    BatchJson::endMessages(json, outcome.messages == 0);
    json.append('\n');
    if (device->write(json) != json.size())
        outcome.error =
            QCoreApplication::translate("porthole::BatchExport", "Cannot write the export: %1.")
                .arg(device->errorString());
    return outcome;
}

BatchExportOutcome writeBatchJson(const QString &directory, std::optional<qint64> id,
                                  const QString &path,
                                  const std::function<bool(qint64 messages)> &keepGoing)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        BatchExportOutcome outcome;
        outcome.error = QCoreApplication::translate("porthole::BatchExport", "Cannot write %1: %2.")
                            .arg(path, file.errorString());
        return outcome;
    }
    BatchExportOutcome outcome = writeBatchJson(directory, id, &file, keepGoing);
    if (!outcome.error.isEmpty() || outcome.cancelled) {
        file.cancelWriting();
        return outcome;
    }
    if (!file.commit())
        outcome.error = QCoreApplication::translate("porthole::BatchExport", "Cannot write %1: %2.")
                            .arg(path, file.errorString());
    return outcome;
}

} // namespace porthole
