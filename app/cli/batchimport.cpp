#include "batchimport.h"

#include "batchfileindex.h"
#include "batchfilereader.h"
#include "batchline.h"
#include "messagerepository.h"

using namespace Qt::StringLiterals;

namespace porthole {

Result<BatchImportOutcome> importBatchStore(const QString &directory, QSqlDatabase db)
{
    BatchFileIndex index(directory);
    index.setCacheFile({}); // an import leaves nothing behind in the store
    if (Status listed = index.refresh(); !listed)
        return listed.error();

    MessageRepository repository(db);
    BatchImportOutcome outcome;
    for (const BatchFileInfo &file : index.files()) {
        auto content = readBatchFile(directory, file.id);
        if (!content)
            return content.error();
        QList<ReceivedMessage> messages;
        for (const BatchFileLine &line : content->lines) {
            if (!line.ok) {
                ++outcome.damagedLines;
                continue;
            }
            ReceivedMessage m;
            m.batchId = file.id;
            m.messageNumber = line.message.number;
            m.content = line.message.content;
            m.timestamp = line.message.timestamp;
            m.deliveryKey = importedLineKey(file.id, line.lineNumber);
            m.source = file.fileName;
            messages.append(std::move(m));
        }
        const BatchRecord record{file.id, file.fileName, static_cast<int>(messages.size()),
                                 file.dateCreated, file.dateModified};
        if (Status stored = repository.upsertBatches({record}); !stored)
            return stored.error();
        auto inserted = repository.insert(messages);
        if (!inserted)
            return inserted.error();
        ++outcome.files;
        outcome.messages += messages.size();
        outcome.inserted += inserted->inserted;
        outcome.duplicates += inserted->duplicates;
    }
    return outcome;
}

} // namespace porthole
