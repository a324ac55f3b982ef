// The floor under the window's memory: an empty Qt Widgets main window (a menu bar, a status
// bar, an empty table view) in a process that has loaded every shared library named on its
// command line, the ones the Porthole window links (run-memoryatrest passes `ldd`'s list), and
// nothing else of Porthole's. Says "shown" on standard output once the window has been painted,
// then stays until it is killed.
//   bench_floorwindow LIBRARY...
#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <dlfcn.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL) == nullptr) {
            std::fprintf(stderr, "bench_floorwindow: %s\n", dlerror());
            return 1;
        }
    }
    QApplication app(argc, argv);
    QMainWindow window;
    window.menuBar()->addMenu(QStringLiteral("&File"));
    window.setCentralWidget(new QTableView);
    window.statusBar()->showMessage(QStringLiteral("Ready"));
    window.resize(1600, 1000);
    window.show();
    // After the first paint: the event loop has run once with the window on screen.
    QTimer::singleShot(0, &window, [] {
        std::printf("shown\n");
        std::fflush(stdout);
    });
    return app.exec();
}
