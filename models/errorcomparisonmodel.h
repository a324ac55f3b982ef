#pragma once

#include "connectionfactory.h"
#include "deadlettercomparison.h"
#include "latestread.h"

#include <QAbstractTableModel>

namespace porthole {

// The dead letters' error signatures of two ranges side by side (compareDeadLetters()): a row a
// signature with its count in the earlier range and in the range looked at, the change and what
// it is (new, grown, same, shrunk, gone), what changed most first. Read on a thread and a
// connection of its own; only the latest request's answer is shown.
class ErrorComparisonModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SignatureColumn,
        EarlierColumn,
        CountColumn,
        ChangeColumn,
        KindColumn,
        ColumnCount
    };
    enum Role
    {
        SignatureRole = Qt::UserRole + 1, // the signature, in every column
        KindRole,                         // the change's kind as an int, in every column
    };

    explicit ErrorComparisonModel(ConnectionFactory factory, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Reads the comparison; compared() or failed() answers, the rows replaced on compared().
    void compare(const DeadLetterComparisonRequest &request);
    // The rows of `comparison` (a model reset), as compared() sets them.
    void setComparison(const DeadLetterComparison &comparison);
    const DeadLetterComparison &comparison() const { return m_comparison; }

    // "new", "grown", ... in the operator's language.
    static QString kindText(ErrorSignatureChange::Kind kind);

Q_SIGNALS:
    void compared();
    void failed(const QString &message);

private:
    LatestRead m_read;
    DeadLetterComparison m_comparison;
};

} // namespace porthole
