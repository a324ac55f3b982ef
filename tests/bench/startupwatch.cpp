// Start-up to visually complete, watched from outside the program: an X client on the same
// display (tests/bench/run-startup runs it on Xvfb) grabs the whole screen every few
// milliseconds from just before it executes the program until the screen has stopped changing,
// then tells when the first frame that differs from the empty screen came (first paint) and
// when the first frame came from which on every frame is within 2% of the last (visually
// complete: the window with its rows drawn). Nothing of the program's own is read: any program
// can be watched, Porthole and DB Browser for SQLite alike.
//
//   bench_startupwatch [--interval-ms 30] [--stable-ms 1500] [--timeout-ms 15000] -- PROGRAM ARGS
//
// Prints one line of JSON: {"first_paint_ms": N, "complete_ms": N, "frames": N} (-1 where it
// never came), then stops the program.

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QPixmap>
#include <QProcess>
#include <QScreen>
#include <QTextStream>
#include <QTimer>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

struct Frame
{
    qint64 ms = 0; // since the program was executed
    QImage image;  // the screen, scaled down
};

// The share of pixels that differ by more than a little in any channel.
double difference(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return 1;
    qint64 differing = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto *lineA = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const auto *lineB = reinterpret_cast<const QRgb *>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = lineA[x];
            const QRgb q = lineB[x];
            if (std::abs(qRed(p) - qRed(q)) > 16 || std::abs(qGreen(p) - qGreen(q)) > 16 ||
                std::abs(qBlue(p) - qBlue(q)) > 16)
                ++differing;
        }
    }
    return double(differing) / double(a.width() * a.height());
}

QImage grab(QScreen *screen)
{
    return screen->grabWindow(0)
        .toImage()
        .scaled(400, 250, Qt::IgnoreAspectRatio, Qt::FastTransformation)
        .convertToFormat(QImage::Format_RGB32);
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Start-up to visually complete, watched from outside."_s);
    parser.addHelpOption();
    const QCommandLineOption interval(u"interval-ms"_s, u"Between two grabs."_s, u"ms"_s, u"30"_s);
    const QCommandLineOption stable(u"stable-ms"_s, u"How long the screen stays the same."_s,
                                    u"ms"_s, u"1500"_s);
    const QCommandLineOption timeout(u"timeout-ms"_s, u"The longest watch."_s, u"ms"_s, u"15000"_s);
    parser.addOptions({interval, stable, timeout});
    parser.addPositionalArgument(u"program"_s, u"The program and its arguments, after --."_s);
    parser.process(app);
    const QStringList command = parser.positionalArguments();
    if (command.isEmpty())
        parser.showHelp(2);
    const qint64 stableMs = parser.value(stable).toLongLong();
    const qint64 timeoutMs = parser.value(timeout).toLongLong();

    QScreen *screen = QGuiApplication::primaryScreen();
    const QImage empty = grab(screen);
    QList<Frame> frames;
    QProcess program;
    program.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    program.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer clock;
    clock.start();
    program.start(command.first(), command.mid(1));

    qint64 lastChange = -1; // when a frame last differed from the one before by more than 2%
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(parser.value(interval).toInt());
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        QImage image = grab(screen);
        const QImage &before = frames.isEmpty() ? empty : frames.constLast().image;
        if (difference(image, before) > 0.02)
            lastChange = now;
        frames.append({now, std::move(image)});
        const bool settled = lastChange >= 0 && now - lastChange >= stableMs;
        if (settled || now >= timeoutMs || program.state() == QProcess::NotRunning)
            app.quit();
    });
    tick.start();
    app.exec();
    program.terminate();
    if (!program.waitForFinished(3000))
        program.kill();
    program.waitForFinished(3000);

    qint64 firstPaint = -1;
    qint64 complete = -1;
    if (!frames.isEmpty()) {
        for (const Frame &frame : frames) {
            if (difference(frame.image, empty) > 0.01) {
                firstPaint = frame.ms;
                break;
            }
        }
        const QImage &last = frames.constLast().image;
        for (qsizetype i = frames.size() - 1; i >= 0; --i) {
            if (difference(frames.at(i).image, last) > 0.02)
                break;
            complete = frames.at(i).ms;
        }
        if (difference(last, empty) <= 0.01)
            complete = -1; // nothing was ever drawn
    }
    QTextStream(stdout) << u"{\"first_paint_ms\": %1, \"complete_ms\": %2, \"frames\": %3}"_s
                               .arg(firstPaint)
                               .arg(complete)
                               .arg(frames.size())
                        << Qt::endl;
    return complete >= 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
