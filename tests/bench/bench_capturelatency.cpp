// How long after a write() the captured segment is in the session (the window redraws on
// the next turn of the event loop). Prints figures; asserts nothing. Needs capture rights.
//   build/tests/bench_capturelatency [writes]

#include "capture/livecapture.h"
#include "capture/wire.h"
#include "session/session.h"
#include "socket/labsocket.h"
#include "socket/listener.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace tcplab;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int writes = argc > 1 ? std::max(1, atoi(argv[1])) : 200;
    QString why;
    if (!LiveCapture::permitted(&why)) {
        std::printf("capture not permitted here, nothing measured: %s\n", qPrintable(why));
        return 0;
    }
    Session session;
    Wire wire(&session, Wire::Mode::Live);
    Listener listener(&session);
    LabSocket *server = nullptr;
    QObject::connect(&listener, &Listener::accepted, &listener,
                     [&server](LabSocket *s) { server = s; });
    listener.start({});
    wire.watch(listener.serverAddress(), listener.serverPort());
    LabSocket client(&session, Side::Client, 0);
    client.connectToHost(QStringLiteral("127.0.0.1"), listener.serverPort());
    QEventLoop loop;
    while (!server || !client.isConnected())
        loop.processEvents(QEventLoop::WaitForMoreEvents);

    QList<qint64> latencies;
    qint64 sentAt = -1;
    QObject::connect(&session, &Session::eventInserted, &session, [&](int index) {
        const Event &e = session.at(index);
        if (sentAt >= 0 && e.kind == Event::Kind::Segment && e.side == Side::Client && e.len > 0) {
            latencies.append(session.now() - sentAt);
            sentAt = -1;
        }
    });
    for (int i = 0; i < writes; ++i) {
        sentAt = session.now();
        client.write("x");
        QElapsedTimer guard;
        guard.start();
        while (sentAt >= 0 && guard.elapsed() < 1000)
            loop.processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    std::sort(latencies.begin(), latencies.end());
    if (latencies.isEmpty()) {
        std::printf("no segment seen\n");
        return 1;
    }
    auto at = [&](double q) {
        return latencies.at(
            std::min<qsizetype>(latencies.size() - 1, qsizetype(q * latencies.size())));
    };
    std::printf("write() to segment in the session, %lld writes on loopback:\n",
                qint64(latencies.size()));
    std::printf("  median %lld us, 95th percentile %lld us, max %lld us (target: under 50000 us)\n",
                at(0.5), at(0.95), latencies.constLast());
    return 0;
}
