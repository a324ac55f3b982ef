#include "redislistview.h"

#include "pane.h"
#include "redislistings.h"
#include "redisparts.h"
#include "redissource.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

RedisListView::RedisListView(RedisBrowser *browser, QWidget *parent)
    : QWidget(parent)
    , m_elements(new ListElementModel(browser, this))
    , m_processing(new RedisKeyModel(browser, this))
{
    m_length = new QLabel(this);
    m_length->setObjectName(u"listLength"_s);
    m_length->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_end = new QComboBox(this);
    m_end->setObjectName(u"endBox"_s);
    m_end->addItems({tr("From the head (index 0)"), tr("From the tail")});
    m_end->setToolTip(tr("Which end of the list to read first, a page at a time"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_length, 1);
    bar->addWidget(m_end);

    m_elementView = listingTable(this);
    m_elementView->setObjectName(u"elementView"_s);
    m_elementView->setModel(m_elements);
    fitColumn(m_elementView, ListElementModel::IndexColumn, u"000,000,000"_s);
    copyRowsOnCtrlC(m_elementView,
                    [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_payload = new PayloadView(this);

    QWidget *processing = setUpProcessing();

    auto *side = new QSplitter(Qt::Vertical, this);
    side->setChildrenCollapsible(false);
    side->addWidget(m_payload);
    side->addWidget(processing);
    shareSplitter(side, {3, 2});
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"listSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_elementView);
    splitter->addWidget(side);
    shareSplitter(splitter, {3, 2});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    openOnEnter(m_elementView, m_payload);

    connect(m_end, &QComboBox::activated, this, &RedisListView::reload);
    connect(m_elements, &RedisPagedModel::stateChanged, this, &RedisListView::updateLength);
    connect(m_elementView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RedisListView::showElement);
    connect(m_elements, &QAbstractItemModel::modelReset, this, &RedisListView::showElement);
    connect(m_elements, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first) {
                if (first == 0 && !m_elementView->currentIndex().isValid())
                    m_elementView->setCurrentIndex(m_elements->index(0, 0));
            });
}

QWidget *RedisListView::setUpProcessing()
{
    m_processingHeading = new QLabel(this);
    m_processingHeading->setWordWrap(true);
    m_processingView = listingTable(this);
    m_processingView->setObjectName(u"processingView"_s);
    m_processingView->setModel(m_processing);
    m_processingView->hideColumn(RedisKeyModel::TypeColumn);
    m_processingView->hideColumn(RedisKeyModel::TtlColumn);
    m_processingView->setToolTip(tr("Double-click a processing list to see its elements"));
    auto *processing = new QWidget(this);
    auto *processingLayout = new QVBoxLayout(processing);
    processingLayout->setContentsMargins(0, 0, 0, 0);
    processingLayout->addWidget(m_processingHeading);
    processingLayout->addWidget(m_processingView, 1);

    connect(m_processingView, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT openKeyRequested(index.data(RedisKeyModel::KeyRole).toByteArray());
    });
    connect(m_processing, &RedisPagedModel::stateChanged, this, [this] {
        if (!m_processing->error().isEmpty())
            m_processingHeading->setText(m_processing->error());
        else if (m_processing->pattern().isEmpty())
            m_processingHeading->setText(
                tr("This is a worker's processing list: what it took from its queue and has "
                   "not acknowledged yet."));
        else if (m_processing->atEnd() && m_processing->rowCount() == 0)
            m_processingHeading->setText(
                tr("No processing list: no worker reads this list with --mode list, or none "
                   "holds an element now."));
        else
            m_processingHeading->setText(tr("Processing lists (taken by a worker, not yet "
                                            "acknowledged):"));
    });
    return processing;
}

void RedisListView::open(const QByteArray &key)
{
    m_key = key;
    m_end->setCurrentIndex(0);
    reload();
}

void RedisListView::reload()
{
    m_elements->open(m_key, m_end->currentIndex() == 0 ? ListElementModel::End::Head
                                                       : ListElementModel::End::Tail);
    // Only a queue has processing lists, not a processing list itself.
    if (!queueOfProcessingList(m_key).isEmpty())
        m_processing->clear();
    else
        m_processing->scan(processingListPattern(m_key), "list");
}

QString RedisListView::lengthText() const
{
    return m_length->text();
}

void RedisListView::updateLength()
{
    const QString name = QString::fromUtf8(m_key).toHtmlEscaped();
    if (!m_elements->error().isEmpty())
        m_length->setText(m_elements->error());
    else if (m_elements->length() < 0)
        m_length->setText(tr("Reading the list %1…").arg(name));
    else
        m_length->setText(tr("<b>%1</b>: a list of %2 elements; %3 read")
                              .arg(name, QLocale().toString(m_elements->length()),
                                   QLocale().toString(m_elements->rowCount())));
}

void RedisListView::showElement()
{
    const QModelIndex current = m_elementView->currentIndex();
    if (!current.isValid()) {
        m_payload->clear(m_elements->rowCount() == 0 ? QString()
                                                     : tr("Select an element to see it here."));
        return;
    }
    m_payload->setPayload(current.data(ListElementModel::ElementRole).toByteArray());
}

} // namespace porthole
