#include "portmessagemodel.h"

#include "errorsignature.h"
#include "repositoryquery.h"

#include <QColor>
#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// One listing of port_messages; runs on the loader's thread with its connection.
class PortMessageQuery final : public PagedQuery
{
public:
    PortMessageQuery(PortMessageFilter filter, QString signature, QString sortColumn,
                     bool descending)
        : m_filter(std::move(filter))
        , m_signature(std::move(signature))
        , m_sortColumn(std::move(sortColumn))
        , m_descending(descending)
    {
        if (!m_signature.isNull())
            m_filter.errorLike = errorLikePattern(m_signature);
    }

    Result<PagedRows> page(const QSqlDatabase &db, PageRequest::From from, const PageKey &key,
                           int limit) const override
    {
        const PortMessageRepository repository(db);
        const PageRequest request{from, key, limit, repository.servedSort(m_sortColumn),
                                  m_descending};
        if (m_signature.isNull())
            return rows(repository, repository.page(m_filter, request), request);
        return signaturePage(repository, request);
    }

    Result<PagedRows> range(const QSqlDatabase &db, const PageKey &first, bool firstIncluded,
                            const PageKey &last, int limit) const override
    {
        const PortMessageRepository repository(db);
        const PageRequest request{
            PageRequest::From::Start, {}, limit, repository.servedSort(m_sortColumn), m_descending};
        const KeyRange range{first, firstIncluded, last};
        if (m_signature.isNull())
            return rows(repository, repository.pageBetween(m_filter, range, request), request);
        return signatureRange(repository, range, request);
    }

    Result<RowCount> count(const QSqlDatabase &db, qint64 exactUpTo) const override
    {
        const PortMessageRepository repository(db);
        if (m_signature.isNull())
            return repository.count(m_filter, exactUpTo);
        // The rows SQL lets through, up to the limit, checked one by one.
        const int limit = static_cast<int>(std::clamp<qint64>(exactUpTo + 1, 1, 1000000));
        auto errors = repository.errors(m_filter, limit);
        if (!errors)
            return errors.error();
        qint64 matching = 0;
        QHash<QString, bool> known; // messages repeat: each distinct one is normalised once
        for (const PortMessageError &error : std::as_const(*errors)) {
            auto it = known.constFind(error.message);
            if (it == known.cend())
                it = known.insert(error.message, errorSignature(error.message) == m_signature);
            matching += it.value() ? 1 : 0;
        }
        if (errors->size() < limit)
            return RowCount{matching, RowCount::Precision::Exact};
        return RowCount{matching, RowCount::Precision::AtLeast};
    }

    // A signature is checked row by row as rows are read, which SQL cannot count.
    bool countsExactly() const override { return m_signature.isNull(); }

    Result<std::optional<qint64>> exactCount(const QSqlDatabase &db,
                                             CountInterrupt &interrupt) const override
    {
        return PortMessageRepository(db).exactCount(m_filter, interrupt);
    }

private:
    bool matches(const PortMessage &message) const
    {
        return errorSignature(message.errorMessage) == m_signature;
    }

    // Keyset pages until `limit` rows of the signature are found or the listing ends.
    Result<PagedRows> signaturePage(const PortMessageRepository &repository,
                                    PageRequest request) const
    {
        using From = PageRequest::From;
        const bool backwards = request.from == From::Before || request.from == From::End;
        const From first = request.from;
        QList<PortMessage> kept;
        bool exhausted = false;
        for (;;) {
            auto page = repository.page(m_filter, request);
            if (!page)
                return page.error();
            QList<PortMessage> found;
            for (const PortMessage &m : std::as_const(page->rows)) {
                if (matches(m))
                    found.append(m);
            }
            kept = backwards ? found + kept : kept + found;
            exhausted = backwards ? page->atStart : page->atEnd;
            if (exhausted || kept.size() >= request.limit || page->rows.isEmpty())
                break;
            request.from = backwards ? From::Before : From::After;
            request.key = PortMessageRepository::keyOf(
                backwards ? page->rows.constFirst() : page->rows.constLast(), request.sortColumn);
        }
        if (kept.size() > request.limit) {
            kept = backwards ? kept.mid(kept.size() - request.limit) : kept.mid(0, request.limit);
            exhausted = false;
        }
        Page<PortMessage> page;
        page.rows = std::move(kept);
        page.atStart = backwards ? exhausted || page.rows.isEmpty() : first == From::Start;
        page.atEnd = backwards ? first == From::End : exhausted || page.rows.isEmpty();
        return rows(repository, page, request);
    }

    Result<PagedRows> signatureRange(const PortMessageRepository &repository, KeyRange range,
                                     const PageRequest &request) const
    {
        QList<PortMessage> kept;
        bool exhausted = false;
        for (;;) {
            auto page = repository.pageBetween(m_filter, range, request);
            if (!page)
                return page.error();
            for (const PortMessage &m : std::as_const(page->rows)) {
                if (matches(m))
                    kept.append(m);
            }
            exhausted = page->atEnd;
            if (exhausted || kept.size() >= request.limit || page->rows.isEmpty())
                break;
            range.first = PortMessageRepository::keyOf(page->rows.constLast(), request.sortColumn);
            range.firstIncluded = false;
        }
        if (kept.size() > request.limit) {
            kept.resize(request.limit);
            exhausted = false;
        }
        Page<PortMessage> page;
        page.rows = std::move(kept);
        page.atStart = true;
        page.atEnd = exhausted || page.rows.isEmpty();
        return rows(repository, page, request);
    }

    // What the operator is told when the rows come in another order than asked (`served`, see
    // PortMessageRepository::servedSort()), or the time range is checked row by row.
    QString note(const PortMessageRepository &repository, const QString &served) const
    {
        const QString asked = m_sortColumn.isEmpty() ? u"created_at"_s : m_sortColumn;
        QStringList said;
        if (served != asked) {
            const QString order =
                served == u"created_at"_s
                    ? QCoreApplication::translate("porthole::PortMessageModel", "Listed by time")
                : served != u"rowid"_s
                    ? QCoreApplication::translate("porthole::PortMessageModel", "Listed by id")
                : m_descending
                    ? QCoreApplication::translate(
                          "porthole::PortMessageModel",
                          "Listed in the order the rows are stored, the last stored "
                          "first")
                    : QCoreApplication::translate("porthole::PortMessageModel",
                                                  "Listed in the order the rows are stored");
            said << QCoreApplication::translate(
                        "porthole::PortMessageModel",
                        "%1: this database has no index on %3, so a sort by %2 would sort the "
                        "whole table for every page. Adopting the database adds it.")
                        .arg(order, asked, PortMessageRepository::browseIndex(asked));
        }
        if ((m_filter.from.isValid() || m_filter.to.isValid()) && !repository.timeRangeIndexed())
            said << QCoreApplication::translate(
                        "porthole::PortMessageModel",
                        "The time range is checked row by row: there is no index on "
                        "port_messages.created_at (adopting the database adds one on %1).")
                        .arg(PortMessageRepository::browseIndex(u"created_at"_s));
        return said.join(u' ');
    }

    // The page's rows, keyed in the order they were read in, and what to say of that order.
    Result<PagedRows> rows(const PortMessageRepository &repository,
                           const Result<Page<PortMessage>> &page, const PageRequest &request) const
    {
        auto out = pagedRows(page, [&request](const PortMessage &message) {
            return PortMessageRepository::keyOf(message, request.sortColumn);
        });
        if (out)
            out->note = note(repository, request.sortColumn);
        return out;
    }

    PortMessageFilter m_filter;
    const QString m_signature; // null: no signature filter
    const QString m_sortColumn;
    const bool m_descending;
};

QString firstLine(const QString &text)
{
    const qsizetype end = text.indexOf(u'\n');
    return end < 0 ? text : text.left(end) + u" …"_s;
}

} // namespace

PortMessageModel::PortMessageModel(ConnectionFactory factory, QObject *parent)
    : PortMessageModel(std::move(factory), Options{}, parent)
{}

PortMessageModel::PortMessageModel(ConnectionFactory factory, Options options, QObject *parent)
    : PagedTableModel(std::move(factory), options, parent)
{
    setInitialSort(CreatedAtColumn, Qt::DescendingOrder); // newest first
    restart();
}

int PortMessageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PortMessageModel::sqlSortColumn(int column)
{
    switch (column) {
    case CreatedAtColumn:
        return u"created_at"_s;
    case PortColumn:
        return u"port_name"_s;
    case StatusColumn:
        return u"status"_s;
    default:
        return {};
    }
}

QString PortMessageModel::sortColumnSql(int column) const
{
    const QString sql = sqlSortColumn(column);
    return PortMessageRepository::sortColumns().contains(sql) ? sql : QString();
}

void PortMessageModel::setFilter(const PortMessageFilter &filter)
{
    m_filter = filter;
    restart();
}

void PortMessageModel::setDeadLettersOnly(bool on)
{
    if (m_filter.deadLettersOnly == on)
        return;
    m_filter.deadLettersOnly = on;
    restart();
}

void PortMessageModel::setErrorSignature(const QString &signature)
{
    // A null string is "no filter"; an empty one is the signature of an empty message.
    if (signature == m_errorSignature && signature.isNull() == m_errorSignature.isNull())
        return;
    m_errorSignature = signature;
    restart();
}

void PortMessageModel::restart()
{
    setQuery(std::make_shared<PortMessageQuery>(m_filter, m_errorSignature,
                                                sqlSortColumn(sortColumn()),
                                                sortOrder() == Qt::DescendingOrder));
}

std::shared_ptr<const ExportSource> PortMessageModel::exportSource() const
{
    PortMessageFilter filter = m_filter;
    std::function<bool(const QString &)> errorMatches;
    if (!m_errorSignature.isNull()) {
        filter.errorLike = errorLikePattern(m_errorSignature);
        errorMatches = [signature = m_errorSignature](const QString &message) {
            return porthole::errorSignature(message) == signature;
        };
    }
    return portMessagesExport(filter, sqlSortColumn(sortColumn()),
                              sortOrder() == Qt::DescendingOrder, std::move(errorMatches),
                              true); // in the order shown
}

QVariant PortMessageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return PagedTableModel::headerData(section, orientation, role);
    switch (section) {
    case CreatedAtColumn:
        //: A column: when the port message was created
        return tr("Created");
    case PortColumn:
        return tr("Port");
    case StatusColumn:
        //: A column: the port message's status (pending, dead_letter, ...)
        return tr("Status");
    case SourceColumn:
        //: A column: the component that sent the message
        return tr("Source");
    case TargetColumn:
        //: A column: the component the message is for
        return tr("Target");
    case RetriesColumn:
        //: A column: retries used of those allowed, as "2 / 5"
        return tr("Retries");
    case ErrorColumn:
        //: A column: the error message of the last attempt
        return tr("Error");
    case IdColumn:
        return tr("Id");
    default:
        return {};
    }
}

QVariant PortMessageModel::rowData(const QVariant &row, int column, int role) const
{
    if (row.metaType() != QMetaType::fromType<PortMessage>())
        return {};
    // Read in place: data() runs for every painted cell.
    const PortMessage &m = *static_cast<const PortMessage *>(row.constData());
    switch (role) {
    case MessageRole:
        return row;
    case DeadLetterRole:
        return m.isDeadLetter();
    case Qt::DisplayRole:
        switch (column) {
        case CreatedAtColumn:
            return m.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        case PortColumn:
            return m.portName;
        case StatusColumn:
            return m.status;
        case SourceColumn:
            return m.sourceComponent;
        case TargetColumn:
            return m.targetComponent;
        case RetriesColumn:
            return u"%1 / %2"_s.arg(m.retryCount).arg(m.maxRetries);
        case ErrorColumn:
            return firstLine(m.errorMessage);
        case IdColumn:
            return m.id;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        // The whole value of a column a view may elide.
        switch (column) {
        case PortColumn:
            return m.portName;
        case SourceColumn:
            return m.sourceComponent;
        case TargetColumn:
            return m.targetComponent;
        case IdColumn:
            return m.id;
        case CreatedAtColumn:
            return m.createdAt.toUTC().toString(Qt::ISODateWithMs);
        case RetriesColumn:
            return tr("%1 of %2 retries used").arg(m.retryCount).arg(m.maxRetries);
        case ErrorColumn:
            return m.errorMessage.isEmpty() ? QVariant() : QVariant(m.errorMessage);
        case StatusColumn:
            return m.isDeadLetter() ? tr("Dead letter: no retries left") : QVariant();
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (column == StatusColumn && m.isDeadLetter())
            return QColor(0xc6, 0x28, 0x28);
        return {};
    case Qt::TextAlignmentRole:
        if (column == RetriesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

} // namespace porthole
