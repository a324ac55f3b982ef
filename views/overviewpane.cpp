#include "overviewpane.h"

#include "sourcestatusmodel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

OverviewPane::OverviewPane(SourceStatusModel *sources, QWidget *parent)
    : Pane(u"overview"_s, tr("Overview"), parent)
    , m_dataDirectory(new QLabel(this))
    , m_lastChecked(new QLabel(tr("Checking…"), this))
    , m_sourcesView(new QTableView(this))
{
    auto *heading = new QLabel(tr("Data sources"), this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    headingFont.setBold(true);
    heading->setFont(headingFont);

    m_dataDirectory->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataDirectory->setWordWrap(true);

    m_sourcesView->setModel(sources);
    m_sourcesView->setObjectName(u"sourcesView"_s);
    m_sourcesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sourcesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sourcesView->setAlternatingRowColors(true);
    m_sourcesView->setWordWrap(false);
    m_sourcesView->setTextElideMode(Qt::ElideMiddle);
    m_sourcesView->verticalHeader()->hide();
    m_sourcesView->horizontalHeader()->setStretchLastSection(true);
    m_sourcesView->horizontalHeader()->setSectionResizeMode(SourceStatusModel::SourceColumn,
                                                            QHeaderView::ResizeToContents);
    m_sourcesView->horizontalHeader()->setSectionResizeMode(SourceStatusModel::StateColumn,
                                                            QHeaderView::ResizeToContents);
    m_sourcesView->setColumnWidth(SourceStatusModel::LocationColumn, 360);

    auto *refreshButton =
        new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Check every source again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &OverviewPane::refresh);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_lastChecked, 1);
    footer->addWidget(refreshButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_dataDirectory);
    layout->addWidget(m_sourcesView, 1);
    layout->addLayout(footer);
}

QIcon OverviewPane::icon() const
{
    return style()->standardIcon(QStyle::SP_ComputerIcon);
}

void OverviewPane::setDataDirectory(const QString &path)
{
    m_dataDirectory->setText(tr("Data directory: %1").arg(path));
}

void OverviewPane::refresh()
{
    m_lastChecked->setText(tr("Checking…"));
    Q_EMIT refreshRequested();
}

void OverviewPane::setLastChecked(const QDateTime &when)
{
    m_lastChecked->setText(
        tr("Last checked %1")
            .arg(QLocale().toString(when.toLocalTime().time(), QLocale::LongFormat)));
    Q_EMIT statusMessage(tr("Sources checked"));
}

} // namespace porthole
