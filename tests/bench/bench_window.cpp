// How quickly the window lets an experiment's sockets react while it draws: the server's read()
// after the client's data arrived, and its answer, run after run of the seed experiment in a
// real window. Linux's delayed ACK waits 40 ms; lessons on it need the window to answer well
// within that. Prints figures; not a test (timings depend on the machine).
//
//   QT_QPA_PLATFORM=offscreen build/tests/bench_window [runs] [width] [height]

#include "lab/scenariorunner.h"
#include "mainwindow.h"
#include "session/session.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace tcplab;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::atoi(argv[1]) : 10;
    const int width = argc > 2 ? std::atoi(argv[2]) : 1600;
    const int height = argc > 3 ? std::atoi(argv[3]) : 1000;
    MainWindow window;
    window.resize(width, height);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        std::fprintf(stderr, "bench_window: the window was never shown\n");
        return 1;
    }
    QList<double> reactions;
    QList<double> totals;
    for (int i = 0; i < runs; ++i) {
        window.selectScenario(QStringLiteral("seed"));
        QElapsedTimer timer;
        timer.start();
        window.runScenario();
        while (!(window.runner() && window.runner()->isDone()))
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        totals << timer.nsecsElapsed() / 1e6;
        // From the client's data segment to the server's read() of it.
        const Session &s = *window.session();
        qint64 data = -1;
        for (const Event &e : s.events()) {
            if (e.kind == Event::Kind::Segment && e.side == Side::Client && e.len > 0 && data < 0)
                data = e.tUs;
            if (data >= 0 && e.is(Verb::Read) && e.side == Side::Server) {
                reactions << (e.tUs - data) / 1000.0;
                break;
            }
        }
    }
    std::sort(reactions.begin(), reactions.end());
    std::sort(totals.begin(), totals.end());
    auto at = [](const QList<double> &v, double q) {
        return v.isEmpty() ? 0 : v.at(int(q * (v.size() - 1)));
    };
    std::printf("window %dx%d, %d runs of seed\n", width, height, runs);
    std::printf("server read() after the data arrived: median %.2f ms, p90 %.2f ms, max %.2f ms\n",
                at(reactions, 0.5), at(reactions, 0.9), at(reactions, 1.0));
    std::printf("whole run (to the verdict):          median %.1f ms, max %.1f ms\n",
                at(totals, 0.5), at(totals, 1.0));
    return 0;
}
