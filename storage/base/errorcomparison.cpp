#include "errorcomparison.h"

#include <QHash>

#include <algorithm>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace porthole {

ErrorSignatureChange::Kind ErrorSignatureChange::kind() const
{
    if (earlierCount == 0)
        return Kind::New;
    if (count == 0)
        return Kind::Gone;
    if (count > earlierCount)
        return Kind::Grown;
    return count < earlierCount ? Kind::Shrunk : Kind::Same;
}

QString errorChangeName(ErrorSignatureChange::Kind kind)
{
    switch (kind) {
    case ErrorSignatureChange::Kind::New:
        return u"new"_s;
    case ErrorSignatureChange::Kind::Grown:
        return u"grown"_s;
    case ErrorSignatureChange::Kind::Same:
        return u"same"_s;
    case ErrorSignatureChange::Kind::Shrunk:
        return u"shrunk"_s;
    case ErrorSignatureChange::Kind::Gone:
        break;
    }
    return u"gone"_s;
}

QList<ErrorSignatureChange> compareErrorGroups(const QList<ErrorGroup> &groups,
                                               const QList<ErrorGroup> &earlierGroups)
{
    QList<ErrorSignatureChange> changes;
    QHash<QString, qsizetype> at; // signature -> its row in `changes`
    for (const ErrorGroup &group : groups) {
        at.insert(group.signature, changes.size());
        changes.append({group.signature, group.count, 0, group.exampleMessage});
    }
    for (const ErrorGroup &group : earlierGroups) {
        const auto found = at.constFind(group.signature);
        if (found == at.constEnd()) {
            at.insert(group.signature, changes.size());
            changes.append({group.signature, 0, group.count, group.exampleMessage});
        } else {
            changes[*found].earlierCount = group.count;
        }
    }
    std::sort(changes.begin(), changes.end(),
              [](const ErrorSignatureChange &a, const ErrorSignatureChange &b) {
                  const qsizetype sizeA = std::abs(a.change());
                  const qsizetype sizeB = std::abs(b.change());
                  if (sizeA != sizeB)
                      return sizeA > sizeB;
                  if (a.kind() != b.kind())
                      return a.kind() < b.kind();
                  return a.signature < b.signature;
              });
    return changes;
}

} // namespace porthole
