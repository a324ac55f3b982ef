#include "ledgerpane.h"

#include "icons.h"
#include "ledgermodel.h"
#include "ledgertext.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

LedgerPane::LedgerPane(LedgerModel *model, QWidget *parent)
    : Pane(u"ledger"_s, paneTitle(), parent)
    , m_model(model)
    , m_range(new QComboBox(this))
    , m_state(new QLabel(this))
    , m_view(new QTableView(this))
{
    m_range->addItem(tr("Last 24 hours, by hour"), int(Range::Last24Hours));
    m_range->addItem(tr("Today (UTC), by hour"), int(Range::Today));
    m_range->addItem(tr("Last 7 days, by day"), int(Range::Last7Days));
    auto *reload = new QPushButton(tr("Refresh"), this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Range:"), this));
    bar->addWidget(m_range);
    bar->addWidget(reload);
    bar->addStretch(1);

    m_state->setWordWrap(true);
    m_state->setObjectName(u"state"_s);
    setUpListingTable(m_view);
    m_view->setModel(m_model);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_state);
    layout->addWidget(m_view, 1);

    connect(m_range, &QComboBox::activated, this, &LedgerPane::refresh);
    connect(reload, &QPushButton::clicked, this, &LedgerPane::refresh);
    connect(m_model, &LedgerModel::loaded, this, &LedgerPane::showLoaded);
    connect(m_model, &LedgerModel::empty, this, [this] {
        m_view->hide();
        m_state->setText(
            tr("No backlog sample in this range, so there is no ledger yet. The backlog history "
               "is sampled every 15 seconds while the window has this database open or a "
               "worker runs with it (porthole ingest, its history: section): keep one running "
               "and look again, or choose a range it ran in."));
    });
    connect(m_model, &LedgerModel::failed, this, [this](const QString &message) {
        m_view->hide();
        m_state->setText(tr("The ledger could not be read: %1").arg(message));
    });
}

QIcon LedgerPane::paneIcon()
{
    return themedIcon(IconId::Ledger);
}

void LedgerPane::setRange(Range range)
{
    m_range->setCurrentIndex(m_range->findData(int(range)));
    refresh();
}

QString LedgerPane::stateText() const
{
    return m_state->text();
}

void LedgerPane::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (Range(m_range->currentData().toInt())) {
    case Range::Last24Hours:
        m_model->load(now.addDays(-1), now, LedgerGrain::Hour);
        break;
    case Range::Today:
        m_model->load(QDateTime(now.date(), QTime(0, 0), Qt::UTC), now, LedgerGrain::Hour);
        break;
    case Range::Last7Days:
        m_model->load(now.addDays(-7), now, LedgerGrain::Day);
        break;
    }
    m_state->setText(tr("Reading the ledger…"));
}

void LedgerPane::showEvent(QShowEvent *event)
{
    Pane::showEvent(event);
    refresh(); // a range back from now is read again up to now each time it is shown
}

void LedgerPane::showLoaded()
{
    const Ledger &ledger = m_model->ledger();
    m_view->show();
    const qsizetype off = ledger.unbalancedCount();
    const QString subject = ledger.list
                                ? tr("The list %1").arg(ledger.key)
                                : tr("The stream %1, group %2").arg(ledger.key, ledger.group);
    if (off > 0)
        m_state->setText(tr("%1. Periods that do not balance: %n, in red; the tooltip names "
                            "the figures that disagree.",
                            "", int(off))
                             .arg(subject));
    else if (ledger.total.unbalanced())
        m_state->setText(tr("%1. The range as a whole does not balance: %2")
                             .arg(subject, ledgerDisagreement(ledger.total)));
    else
        m_state->setText(tr("%1. Every period sampled balances: each entry added is stored, a "
                            "dead letter, still in the backlog or lost at the source.")
                             .arg(subject));
}

} // namespace porthole
