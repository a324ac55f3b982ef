#include "batchexport.h"

#include "batchfilereader.h"
#include "batchjson.h"
#include "batchline.h"
#include "batchstorescan.h"

#include <QCoreApplication>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace porthole {

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

    QByteArray json;
    BatchJson::beginMessages(json);
    for (const qint64 batch : std::as_const(ids)) {
        auto content = readBatchFile(directory, batch);
        if (!content) {
            outcome.error = content.errorMessage();
            return outcome;
        }
        for (const BatchFileLine &line : std::as_const(content->lines)) {
            if (!line.ok) {
                if (outcome.skipped++ == 0)
                    outcome.firstSkipped = u"%1:%2 (%3)"_s.arg(batchFileName(batch))
                                               .arg(line.lineNumber)
                                               .arg(line.problem);
                continue;
            }
            BatchJson::addMessage(json, line.message, outcome.messages++ == 0);
        }
        ++outcome.files;
        if (device->write(json) != json.size()) {
            outcome.error =
                QCoreApplication::translate("porthole::BatchExport", "Cannot write the export: %1.")
                    .arg(device->errorString());
            return outcome;
        }
        json.resize(0);
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
