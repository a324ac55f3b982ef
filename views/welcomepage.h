#pragma once

#include <QWidget>

class QCommandLinkButton;
class QLabel;

namespace porthole {

// What a first start shows in place of the panes: the four ways in, each a button that says
// what it does. The page only asks; the window's owner opens the data.
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    QCommandLinkButton *databaseButton() const { return m_database; }
    QCommandLinkButton *batchFolderButton() const { return m_batchFolder; }
    QCommandLinkButton *redisButton() const { return m_redis; }
    QCommandLinkButton *demoButton() const { return m_demo; }

    // While the demo is being prepared: its progress, and the buttons disabled; an empty
    // text ends it.
    void setDemoProgress(const QString &text);

Q_SIGNALS:
    void openDatabaseRequested();
    void openBatchFolderRequested();
    void connectRedisRequested();
    void demoRequested();

private:
    QCommandLinkButton *m_database = nullptr;
    QCommandLinkButton *m_batchFolder = nullptr;
    QCommandLinkButton *m_redis = nullptr;
    QCommandLinkButton *m_demo = nullptr;
    QLabel *m_progress = nullptr;
};

} // namespace porthole
