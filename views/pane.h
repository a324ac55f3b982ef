#pragma once

#include <QIcon>
#include <QString>
#include <QWidget>

namespace porthole {

// One page of the console (Overview, Batch files, ...). The main window lists panes by
// id and title and switches between them; each pane owns its widgets and models.
class Pane : public QWidget
{
    Q_OBJECT

public:
    Pane(QString id, QString title, QWidget *parent = nullptr);

    // A stable name used on the command line (--pane) and in settings.
    QString paneId() const { return m_id; }
    QString title() const { return m_title; }
    virtual QIcon icon() const { return {}; }

public Q_SLOTS:
    // Reloads what the pane shows (F5).
    virtual void refresh() {}

Q_SIGNALS:
    // A short message for the status bar.
    void statusMessage(const QString &message);

private:
    QString m_id;
    QString m_title;
};

} // namespace porthole
