// BatchesPane: finding a text across the batch files, from the line shown onwards, with the
// files searched on a thread of their own (BatchSearch).
#include "batchespane.h"
#include "batchfilelistmodel.h"
#include "batchline.h"
#include "batchmessagemodel.h"
#include "batchsearch.h"
#include "icons.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

// --- Finding ----------------------------------------------------------------------------

BatchesPane::Position BatchesPane::position() const
{
    Position at;
    at.batchId = selectedBatchId();
    if (at.batchId != 0 && at.batchId == m_messageModel->batchId())
        at.lineNumber = selectedLineNumber();
    return at;
}

void BatchesPane::find(const QString &text)
{
    m_searchField->setText(text);
    find(text, true);
}

void BatchesPane::findNext()
{
    find(m_searchField->text(), true);
}

void BatchesPane::findPrevious()
{
    find(m_searchField->text(), false);
}

void BatchesPane::find(const QString &text, bool forward)
{
    if (text.trimmed().isEmpty() || m_fileModel->rowCount() == 0)
        return;
    const Position from = position();
    if (text != m_search->query()) {
        startSearch(text, PendingJump{from, forward, true});
        return;
    }
    const std::optional<BatchSearchHit> hit =
        forward ? m_search->nextHit(from.batchId, from.lineNumber)
                : m_search->previousHit(from.batchId, from.lineNumber);
    if (hit) {
        jumpTo(*hit);
        return;
    }
    if (!m_search->isRunning() && m_searchedListing != m_listings) {
        // The store changed since the search ran: what is new may hold the next match.
        startSearch(text, PendingJump{from, forward, false});
        return;
    }
    m_jump = PendingJump{from, forward, false};
    if (!m_search->isRunning())
        onSearchFinished();
}

QList<qint64> BatchesPane::searchOrder(const QString &text) const
{
    // From the operator's file on, wrapping around, so that the next match comes first; for a
    // number, the files whose number range holds it before all others.
    const QList<BatchFileInfo> &files = m_fileModel->files();
    const int current = std::max(0, m_fileModel->rowForBatch(selectedBatchId()));
    const std::optional<BatchSearchQuery> query = BatchSearchQuery::parse(text);
    QList<qint64> likely;
    QList<qint64> rest;
    rest.reserve(files.size());
    for (qsizetype i = 0; i < files.size(); ++i) {
        const BatchFileInfo &file = files.at((current + i) % files.size());
        const bool holds = query && query->kind == BatchSearchQuery::Kind::Number &&
                           file.firstMessageNumber && file.lastMessageNumber &&
                           *file.firstMessageNumber <= query->number &&
                           query->number <= *file.lastMessageNumber;
        (holds ? likely : rest).append(file.id);
    }
    return likely + rest;
}

void BatchesPane::startSearch(const QString &text, const PendingJump &jump)
{
    m_wrapped = false;
    m_shownHit.reset();
    m_searchedListing = m_listings;
    if (!m_search->start(m_folder, text, searchOrder(text))) {
        m_jump.reset();
        updateSearchStatus();
        return;
    }
    m_jump = jump;
    updateSearchStatus();
}

void BatchesPane::onHits()
{
    // Files after the operator's come in store order, so the first match found after the
    // position is the next one. The previous one is known only when the search is done.
    if (m_jump && m_jump->forward) {
        const std::optional<BatchSearchHit> hit =
            m_search->nextHit(m_jump->from.batchId, m_jump->from.lineNumber, m_jump->included);
        if (hit) {
            m_jump.reset();
            jumpTo(*hit);
        }
    }
    updateSearchStatus();
}

void BatchesPane::onSearchFinished()
{
    if (m_jump) {
        const PendingJump jump = *m_jump;
        m_jump.reset();
        const QList<BatchSearchHit> &hits = m_search->hits();
        std::optional<BatchSearchHit> hit =
            jump.forward ? m_search->nextHit(jump.from.batchId, jump.from.lineNumber, jump.included)
                         : m_search->previousHit(jump.from.batchId, jump.from.lineNumber);
        if (hit)
            jumpTo(*hit);
        else if (!hits.isEmpty())
            jumpTo(jump.forward ? hits.first() : hits.last(), true);
    }
    updateSearchStatus();
}

void BatchesPane::jumpTo(const BatchSearchHit &hit, bool wrapped)
{
    m_wrapped = wrapped;
    m_shownHit = hit;
    const int row = m_fileModel->rowForBatch(hit.batchId);
    if (row < 0) {
        Q_EMIT statusMessage(tr("%1 is gone.").arg(batchFileName(hit.batchId)));
        return;
    }
    // Following would carry the selection away from the match at the next write.
    setFollowing(false);
    m_pendingLine = Position{hit.batchId, hit.lineNumber};
    selectFileRow(row);
    selectPendingLine(); // at once when the file is shown already; else once it is read
    updateSearchStatus();
}

void BatchesPane::updateSearchStatus()
{
    const QString text = m_search->query();
    const std::optional<BatchSearchQuery> query = BatchSearchQuery::parse(text);
    if (!query || m_searchField->text() != text) {
        m_searchStatus->clear();
        return;
    }
    const QList<BatchSearchHit> &hits = m_search->hits();
    const QLocale locale;
    QString status;
    if (m_search->isRunning()) {
        status = tr("Searching… %1 found in %Ln files", nullptr, int(m_search->filesSearched()))
                     .arg(locale.toString(hits.size()));
    } else if (hits.isEmpty()) {
        status = tr("No message matches %1.").arg(query->describe());
    } else {
        const int index = m_shownHit ? m_search->indexOf(*m_shownHit) : -1;
        const QString total =
            locale.toString(hits.size()) + (m_search->limitReached() ? u"+"_s : QString());
        const int count = int(hits.size());
        if (index >= 0 && m_wrapped)
            status = tr("Match %1 of %2 (wrapped around)").arg(locale.toString(index + 1), total);
        else if (index >= 0)
            status = tr("Match %1 of %2").arg(locale.toString(index + 1), total);
        else if (count == 1) // English has no translation to pick "1 match" or "2 matches" from
            status = tr("%Ln match", nullptr, count);
        else if (m_search->limitReached())
            //: More matches than the search collects: "500+ matches"
            status = tr("%Ln+ matches", nullptr, count);
        else
            status = tr("%Ln matches", nullptr, count);
    }
    m_searchStatus->setText(status);
}

} // namespace porthole
