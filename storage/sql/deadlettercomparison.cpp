#include "deadlettercomparison.h"

#include "portmessagerepository.h"

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

struct RangeGroups
{
    QList<ErrorGroup> groups;
    qsizetype count = 0;
    bool complete = true;
};

Result<RangeGroups> groupsOf(const PortMessageRepository &repository, const QDateTime &from,
                             const QDateTime &to, int limit)
{
    PortMessageFilter deadLetters;
    deadLetters.deadLettersOnly = true;
    deadLetters.from = from;
    deadLetters.to = to;
    // One more than wanted, to learn whether older ones were left out.
    auto errors = repository.errors(deadLetters, limit + 1);
    if (!errors)
        return errors.error();
    RangeGroups range;
    range.complete = errors->size() <= limit;
    QList<ErrorOccurrence> occurrences;
    for (const PortMessageError &error : std::as_const(*errors)) {
        if (occurrences.size() == limit)
            break;
        occurrences.append({error.message, error.createdAt});
    }
    range.count = occurrences.size();
    range.groups = groupErrors(occurrences);
    return range;
}

} // namespace

Result<DeadLetterComparison> compareDeadLetters(const QSqlDatabase &db,
                                                const DeadLetterComparisonRequest &request)
{
    if (!request.from.isValid() || !request.to.isValid() || request.from >= request.to)
        return StorageError::invalidArgument(
            u"Comparing dead letters needs a range with a start before its end."_s);
    if (request.offsetSeconds <= 0)
        return StorageError::invalidArgument(
            u"Dead letters are compared with an earlier range: the offset must be positive, "
            "not %1 s."_s.arg(request.offsetSeconds));
    if (request.limit < 1)
        return StorageError::invalidArgument(
            u"Comparing dead letters needs a limit of one or more."_s);
    const PortMessageRepository repository(db);
    auto now = groupsOf(repository, request.from, request.to, request.limit);
    if (!now)
        return now.error();
    auto earlier = groupsOf(repository, request.earlierFrom(), request.earlierTo(), request.limit);
    if (!earlier)
        return earlier.error();
    DeadLetterComparison comparison;
    comparison.request = request;
    comparison.changes = compareErrorGroups(now->groups, earlier->groups);
    comparison.count = now->count;
    comparison.earlierCount = earlier->count;
    comparison.complete = now->complete && earlier->complete;
    return comparison;
}

} // namespace porthole
