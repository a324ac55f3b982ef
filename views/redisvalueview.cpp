#include "redisvalueview.h"

#include "pane.h"
#include "redisparts.h"
#include "redisvaluemodels.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

enum Order
{
    LowestFirst,
    HighestFirst,
    ByScore,
};

} // namespace

RedisValueView::RedisValueView(RedisBrowser *browser, QWidget *parent)
    : QWidget(parent)
    , m_hash(new ScannedValueModel(browser, ScannedValueModel::Of::Hash, this))
    , m_set(new ScannedValueModel(browser, ScannedValueModel::Of::Set, this))
    , m_zset(new SortedSetModel(browser, this))
    , m_string(new StringRangeModel(browser, this))
{
    m_size = new QLabel(this);
    m_size->setObjectName(u"valueSize"_s);
    m_size->setWordWrap(true);
    m_size->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tables = new QStackedWidget(this);
    m_payload = new PayloadView(this);
    // The samples: a usual field's name, a score, a range of a large string.
    addTable(m_hash, u"customer:shipping-address"_s);
    addTable(m_set, {});
    addTable(m_zset, u"-1234567.125"_s);
    addTable(m_string, tr("bytes %1 to %2").arg(u"00,000,000"_s, u"00,000,000"_s));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"valueSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tables);
    splitter->addWidget(m_payload);
    shareSplitter(splitter, {3, 2});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_size);
    layout->addWidget(setUpScoreBar());
    layout->addWidget(splitter, 1);
    connect(m_tables, &QStackedWidget::currentChanged, this, &RedisValueView::showValue);
}

QWidget *RedisValueView::setUpScoreBar()
{
    m_scoreBar = new QWidget(this);
    m_order = new QComboBox(m_scoreBar);
    m_order->setObjectName(u"orderBox"_s);
    m_order->addItems({tr("Lowest score first"), tr("Highest score first"), tr("Scores from")});
    m_order->setToolTip(tr("Which members to read first, a page at a time: by rank, or those "
                           "whose score is within the range beside"));
    m_min = new QLineEdit(u"-inf"_s, m_scoreBar);
    m_min->setObjectName(u"minField"_s);
    m_max = new QLineEdit(u"+inf"_s, m_scoreBar);
    m_max->setObjectName(u"maxField"_s);
    for (QLineEdit *bound : {m_min, m_max}) {
        bound->setToolTip(tr("A score: a number, ( before it to leave it out (such as (5), -inf "
                             "or +inf"));
        bound->setMaximumWidth(fontMetrics().averageCharWidth() * 16);
        connect(bound, &QLineEdit::returnPressed, this, &RedisValueView::readScores);
    }
    auto *go = new QPushButton(tr("&Go"), m_scoreBar);
    go->setToolTip(tr("Reads the members whose score is within this range"));
    auto *bar = new QHBoxLayout(m_scoreBar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_order);
    bar->addWidget(m_min);
    bar->addWidget(new QLabel(tr("to"), m_scoreBar));
    bar->addWidget(m_max);
    bar->addWidget(go);
    bar->addStretch(1);
    connect(m_order, &QComboBox::activated, this, &RedisValueView::readSortedSet);
    connect(go, &QPushButton::clicked, this, &RedisValueView::readScores);
    m_scoreBar->hide();
    return m_scoreBar;
}

QTableView *RedisValueView::addTable(RedisValueModel *model, const QString &labelSample)
{
    QTableView *view = listingTable(m_tables);
    view->setModel(model);
    if (!labelSample.isEmpty())
        fitColumn(view, RedisValueModel::LabelColumn, labelSample);
    copyRowsOnCtrlC(view, [this](const QString &message) { Q_EMIT statusMessage(message); });
    openOnEnter(view, m_payload);
    m_tables->addWidget(view);

    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RedisValueView::showValue);
    connect(model, &QAbstractItemModel::modelReset, this, &RedisValueView::showValue);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [view, model](const QModelIndex &, int first) {
                if (first == 0 && !view->currentIndex().isValid())
                    view->setCurrentIndex(model->index(0, 0));
            });
    connect(model, &RedisPagedModel::stateChanged, this, &RedisValueView::updateSize);
    connect(model, &QAbstractItemModel::rowsInserted, this, &RedisValueView::updateSize);
    return view;
}

bool RedisValueView::shows(const QByteArray &type)
{
    return type == "hash" || type == "set" || type == "zset" || type == "string";
}

RedisValueModel *RedisValueView::model() const
{
    if (m_type == "hash")
        return m_hash;
    if (m_type == "set")
        return m_set;
    if (m_type == "zset")
        return m_zset;
    return m_string;
}

QTableView *RedisValueView::elementView() const
{
    return static_cast<QTableView *>(m_tables->currentWidget());
}

void RedisValueView::open(const QByteArray &key, const QByteArray &type)
{
    Q_ASSERT(shows(type));
    m_key = key;
    m_type = type;
    m_order->setCurrentIndex(LowestFirst);
    m_min->setText(u"-inf"_s);
    m_max->setText(u"+inf"_s);
    reload();
}

void RedisValueView::reload()
{
    m_scoreBar->setVisible(m_type == "zset");
    const int shown = m_type == "hash" ? 0 : m_type == "set" ? 1 : m_type == "zset" ? 2 : 3;
    m_tables->setCurrentIndex(shown);
    // What was read of another type is let go.
    const QList<RedisValueModel *> models{m_hash, m_set, m_zset, m_string};
    for (RedisValueModel *other : models) {
        if (other != model() && !other->key().isEmpty())
            other->clear();
    }
    if (m_type == "hash")
        m_hash->open(m_key);
    else if (m_type == "set")
        m_set->open(m_key);
    else if (m_type == "zset")
        readSortedSet();
    else
        m_string->open(m_key);
    updateSize();
}

void RedisValueView::readScores()
{
    m_order->setCurrentIndex(ByScore);
    readSortedSet();
}

void RedisValueView::readSortedSet()
{
    if (m_order->currentIndex() != ByScore) {
        m_zset->openByRank(m_key, m_order->currentIndex() == HighestFirst);
        return;
    }
    const QByteArray min = m_min->text().trimmed().toUtf8();
    const QByteArray max = m_max->text().trimmed().toUtf8();
    for (const QByteArray &bound : {min, max}) {
        if (!isScoreBound(bound)) {
            Q_EMIT statusMessage(tr("“%1” is not a score: give a number, ( before it to leave "
                                    "it out, -inf or +inf.")
                                     .arg(QString::fromUtf8(bound)));
            return;
        }
    }
    m_zset->openByScore(m_key, min, max, false);
}

void RedisValueView::showValue()
{
    const QTableView *view = elementView();
    const QModelIndex current = view->currentIndex();
    if (!current.isValid()) {
        m_payload->clear(view->model()->rowCount() == 0
                             ? QString()
                             : tr("Select an element to see its value here."));
        return;
    }
    m_payload->setPayload(current.data(RedisValueModel::ValueRole).toByteArray());
}

QString RedisValueView::sizeText() const
{
    return m_size->text();
}

void RedisValueView::updateSize()
{
    const RedisValueModel *shown = model();
    if (!shown->error().isEmpty())
        m_size->setText(shown->error());
    else if (shown->size() < 0)
        m_size->setText(tr("Reading %1…").arg(QString::fromUtf8(m_key).toHtmlEscaped()));
    else
        m_size->setText(sizeOfType() + u"; "_s + readSoFar());
}

// "<b>orders:totals</b>: a sorted set of 2,500 members"
QString RedisValueView::sizeOfType() const
{
    const QLocale locale;
    const QString name = QString::fromUtf8(m_key).toHtmlEscaped();
    const QString size = locale.toString(model()->size());
    if (m_type == "hash")
        return tr("<b>%1</b>: a hash of %2 fields").arg(name, size);
    if (m_type == "set")
        return tr("<b>%1</b>: a set of %2 members").arg(name, size);
    if (m_type == "zset" && m_zset->byScore())
        return tr("<b>%1</b>: a sorted set of %2 members, %3 of them with scores from %4 to %5")
            .arg(name, size, locale.toString(m_zset->inRange()),
                 QString::fromUtf8(m_zset->min()).toHtmlEscaped(),
                 QString::fromUtf8(m_zset->max()).toHtmlEscaped());
    if (m_type == "zset")
        return m_zset->highestFirst()
                   ? tr("<b>%1</b>: a sorted set of %2 members, highest score first")
                         .arg(name, size)
                   : tr("<b>%1</b>: a sorted set of %2 members, lowest score first")
                         .arg(name, size);
    if (m_string->size() < 1024)
        return tr("<b>%1</b>: a string of %2 bytes").arg(name, size);
    return tr("<b>%1</b>: a string of %2 (%3 bytes)")
        .arg(name, locale.formattedDataSize(m_string->size()), size);
}

// "200 read; scroll down for more"
QString RedisValueView::readSoFar() const
{
    const QLocale locale;
    const RedisValueModel *shown = model();
    if (m_type == "string") {
        const qint64 read = m_string->rowCount() == 0
                                ? 0
                                : m_string->offsetAt(m_string->rowCount() - 1) +
                                      m_string->valueAt(m_string->rowCount() - 1).size();
        if (m_string->isWhole() || m_string->size() == 0)
            return tr("read whole");
        if (m_string->isCapped())
            return tr("the first %1 read, in ranges: the rest is not shown")
                .arg(locale.formattedDataSize(read));
        if (m_string->atEnd())
            return tr("read in ranges of %1")
                .arg(locale.formattedDataSize(StringRangeModel::rangeBytes));
        return tr("%1 read in ranges; scroll down for more").arg(locale.formattedDataSize(read));
    }
    const QString read = locale.toString(shown->rowCount());
    if (shown->isLoading())
        return tr("%1 read; reading…").arg(read);
    if (shown->isCapped())
        return tr("%1 read: the rest is not shown").arg(read);
    if (shown->atEnd())
        return tr("all %1 read").arg(read);
    return tr("%1 read; scroll down for more").arg(read);
}

} // namespace porthole
