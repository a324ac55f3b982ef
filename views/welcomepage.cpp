#include "welcomepage.h"

#include <QCommandLinkButton>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_database(new QCommandLinkButton(
          tr("Open a database"),
          tr("A SQLite file or a PostgreSQL server that the pipeline stores its messages, "
             "checkpoints, queues and metrics in.")))
    , m_batchFolder(new QCommandLinkButton(
          tr("Open a batch-file folder"),
          tr("The folder the Redis receiver writes messages_batch_0001.txt and its "
             "neighbours to.")))
    , m_redis(new QCommandLinkButton(
          tr("Connect to Redis"),
          tr("A Redis server to receive messages from, into Porthole's own store or yours.")))
    , m_demo(new QCommandLinkButton(
          tr("Start the demo"),
          tr("Fills a demo store with a week of generated pipeline data and, where "
             "redis-server is installed, receives live demo traffic from a private Redis "
             "server on this machine.")))
    , m_progress(new QLabel)
{
    setObjectName(u"WelcomePage"_s);
    auto *title = new QLabel(tr("Welcome to Porthole"));
    title->setObjectName(u"welcomeTitle"_s);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    auto *intro = new QLabel(
        tr("Porthole shows what a message pipeline stores and receives, and repairs what "
           "failed. Choose what to look at first; File > Open Connection (Ctrl+O) changes it "
           "later, and Help > User Guide (F1) walks through every pane."));
    intro->setWordWrap(true);
    m_progress->setObjectName(u"demoProgress"_s);
    m_progress->setWordWrap(true);
    m_progress->hide();

    m_database->setObjectName(u"openDatabase"_s);
    m_batchFolder->setObjectName(u"openBatchFolder"_s);
    m_redis->setObjectName(u"connectRedis"_s);
    m_demo->setObjectName(u"startDemo"_s);
    setFocusProxy(m_database);
    connect(m_database, &QCommandLinkButton::clicked, this, &WelcomePage::openDatabaseRequested);
    connect(m_batchFolder, &QCommandLinkButton::clicked, this,
            &WelcomePage::openBatchFolderRequested);
    connect(m_redis, &QCommandLinkButton::clicked, this, &WelcomePage::connectRedisRequested);
    connect(m_demo, &QCommandLinkButton::clicked, this, &WelcomePage::demoRequested);

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(intro);
    column->addSpacing(12);
    for (QCommandLinkButton *button : {m_database, m_batchFolder, m_redis, m_demo})
        column->addWidget(button);
    column->addWidget(m_progress);
    column->addStretch();

    auto *layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(column, 6);
    layout->addStretch(1);
    layout->setContentsMargins(24, 32, 24, 24);
}

void WelcomePage::setDemoProgress(const QString &text)
{
    m_progress->setText(text);
    m_progress->setVisible(!text.isEmpty());
    for (QCommandLinkButton *button : {m_database, m_batchFolder, m_redis, m_demo})
        button->setEnabled(text.isEmpty());
}

} // namespace porthole
