#pragma once

#include "commandline.h"
#include "storageerror.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace porthole {

class MainWindow;
class OverviewPane;
class SourceProbeService;
class SourceStatusModel;

// The GUI put together: the data sources the options name, the models over them,
// the panes and the window.
class Console : public QObject
{
    Q_OBJECT

public:
    explicit Console(GuiOptions options, QObject *parent = nullptr);
    ~Console() override;

    // The panes there are, in order; --pane takes one of these.
    static QStringList paneIds();

    // Creates the data directory if needed and builds the window (not shown yet).
    Status setUp();
    MainWindow *window() const { return m_window.get(); }
    SourceProbeService *probes() const { return m_probes; }

    QString dataDirectory() const { return m_dataDirectory; }

private:
    GuiOptions m_options;
    QString m_dataDirectory;
    SourceStatusModel *m_sources = nullptr;
    SourceProbeService *m_probes = nullptr;
    std::unique_ptr<MainWindow> m_window;
};

// Runs the window until it is closed; returns the exit code. Needs a QApplication.
int runGui(const GuiOptions &options);

} // namespace porthole
