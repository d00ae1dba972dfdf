#include "capture/wire.h"

#include "capture/capturedsegment.h"
#include "capture/framedecoder.h"
#include "kernel/sockdiag.h"
#include "net/labnetwork.h"
#include "session/segmentmodel.h"
#include "session/session.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace tcplab {

namespace {
class WireText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Wire)
};
} // namespace

Wire::Wire(Session *session, Mode mode, Network *network, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_network(network ? network : HostNetwork::instance())
    , m_mode(mode)
{
    QString why;
    if (m_network->kind() == Network::Kind::Lab) {
        // The lab network's wire sees every frame itself: no capture permission involved.
        m_lab = static_cast<LabNetwork *>(m_network);
        m_live = mode != Mode::Off && m_lab->isRunning();
        if (m_live)
            connect(m_lab.data(), &LabNetwork::frameCaptured, this, &Wire::onWireFrame);
        connect(m_lab.data(), &LabNetwork::framesMissed, this, [this](int count) {
            m_labMissed += quint32(count);
            countLost();
        });
        why = WireText::tr("the lab network is not running");
    } else {
        m_live = mode != Mode::Off && LiveCapture::permitted(&why);
    }
    if (mode != Mode::Off && !m_live && !m_lab) {
        // Not allowed to capture in this process: the capture helper may be, for this user's
        // own connections (tcplab-capture, granted by an administrator).
        m_helper = HelperCapture::usableHelper();
        m_live = !m_helper.isEmpty();
    }
    if (mode == Mode::Live && !m_live) {
        m_usable = false;
        m_errorText = why;
    }
    if (!m_live) {
        m_modelledReason = mode == Mode::Off
            ? WireText::tr("Capture is off: the segments are modelled from the calls and the "
                           "kernel's states, not captured.")
            : modelledBecause(why);
        m_model = std::make_unique<SegmentModel>(session);
    }
    session->setCapture(m_live ? CaptureKind::Live : CaptureKind::Modelled);
    // Modelled segments stand for what the real sockets did: the kernel is asked about those
    // sockets too, after the event loop turns (never from inside the session's own signal).
    connect(session, &Session::eventInserted, this, [this](int index) {
        const Event &e = m_session->at(index);
        if (e.kind == Event::Kind::Segment && e.source == Source::Modelled)
            readKernelLater(e.conn);
    });
}

Wire::~Wire()
{
    // Captures drain as they stop; what they still hold is not ours to record any more.
    for (const auto &capture : m_captures)
        capture->disconnect(this);
    m_captures.clear();
    for (const auto &helper : m_helpers)
        helper->disconnect(this);
    m_helpers.clear();
}

QString Wire::modelledBecause(const QString &why)
{
    return WireText::tr("The segments are modelled from the calls and the kernel's states, "
                        "not captured: %1")
        .arg(why);
}

bool Wire::watch(const QHostAddress &address, quint16 serverPort)
{
    if (m_lab) {
        // The lab network reports all its frames: this wire takes those of its own servers
        // (an earlier run's connections may still be closing on the same network).
        m_labPorts.insert(serverPort);
        return true;
    }
    if (!m_live)
        return true;
    if (!m_helper.isEmpty())
        return watchThroughHelper(serverPort);
    QString interfaceName = LiveCapture::interfaceFor(address);
    if (interfaceName.isEmpty())
        interfaceName = LiveCapture::interfaceFor(LiveCapture::localAddressTowards(address));
    if (interfaceName.isEmpty())
        interfaceName = QStringLiteral("any");
    // Only the lab's connections: this port, and this host unless it is a wildcard.
    QString filter = QStringLiteral("tcp port %1").arg(serverPort);
    if (interfaceName != QLatin1String("any") && !address.isLoopback())
        filter
            = QStringLiteral("tcp and host %1 and port %2").arg(address.toString()).arg(serverPort);
    for (const auto &capture : m_captures) {
        if (capture->interfaceName() == interfaceName && capture->filter() == filter)
            return true;
    }
    auto capture = std::make_unique<LiveCapture>();
    if (!capture->start(interfaceName, filter)) {
        m_errorText = capture->errorText();
        return false;
    }
    connect(capture.get(), &LiveCapture::frameCaptured, this,
            [this, serverPort](const CapturedFrame &frame) { onFrame(frame, serverPort); });
    m_captures.push_back(std::move(capture));
    if (!m_dropCheck.isActive()) {
        connect(&m_dropCheck, &QTimer::timeout, this, &Wire::checkDrops, Qt::UniqueConnection);
        m_dropCheck.start(1000);
    }
    return true;
}

bool Wire::watchThroughHelper(quint16 serverPort)
{
    for (const auto &helper : m_helpers) {
        if (helper->port() == serverPort && helper->state() != HelperCapture::State::Failed)
            return true;
    }
    auto helper = std::make_unique<HelperCapture>(m_helper);
    HelperCapture *const started = helper.get();
    connect(started, &HelperCapture::frameCaptured, this,
            [this, serverPort](const CapturedFrame &frame) { onFrame(frame, serverPort); });
    connect(started, &HelperCapture::lostFramesChanged, this, &Wire::countLost);
    connect(started, &HelperCapture::message, this, [this](const QString &text) {
        m_captureNote = text; // the capture stopped
        Q_EMIT problemsChanged();
    });
    connect(started, &HelperCapture::capturing, this, [this] {
        if (isReady())
            Q_EMIT readyChanged();
    });
    // Queued: the helper's own signal handling is over before it is deleted.
    connect(
        started, &HelperCapture::failed, this, [this, started] { helperFailed(started); },
        Qt::QueuedConnection);
    m_helpers.push_back(std::move(helper));
    started->start(serverPort);
    return true;
}

void Wire::helperFailed(HelperCapture *failed)
{
    auto it = std::find_if(m_helpers.begin(), m_helpers.end(),
                           [failed](const auto &helper) { return helper.get() == failed; });
    if (it == m_helpers.end())
        return;
    const QString why = failed->errorText();
    m_helpers.erase(it);
    if (m_mode == Mode::Live || !m_helpers.empty()) {
        m_errorText = why;
        Q_EMIT watchFailed(why);
    } else if (m_live) {
        // The helper captures only the user's own connections (a server of someone else's,
        // say): model this one instead, and say why. No SYN has gone out: it waited for this.
        m_live = false;
        m_modelledReason = modelledBecause(why);
        m_model = std::make_unique<SegmentModel>(m_session);
        m_session->setCapture(CaptureKind::Modelled);
        Q_EMIT problemsChanged();
    }
    if (isReady())
        Q_EMIT readyChanged();
}

bool Wire::isReady() const
{
    return std::none_of(m_helpers.begin(), m_helpers.end(), [](const auto &helper) {
        // A failed one is still here until the wire has dealt with it (it may turn to
        // modelling).
        return helper->state() == HelperCapture::State::Starting
            || helper->state() == HelperCapture::State::Failed;
    });
}

QList<CapturedFrame> Wire::frames() const
{
    QList<CapturedFrame> out;
    for (const auto &capture : m_captures)
        out += capture->frames();
    for (const auto &helper : m_helpers)
        out += helper->frames();
    out += m_labFrames;
    std::stable_sort(out.begin(), out.end(), [](const CapturedFrame &a, const CapturedFrame &b) {
        return a.realtimeUs < b.realtimeUs;
    });
    return out;
}

void Wire::setTeardownDelayUs(qint64 us)
{
    if (m_model)
        m_model->setTeardownDelayUs(us);
    if (m_session && us > 0)
        m_session->setTextbook(true);
    if (m_model && us > 0)
        m_modelledReason
            = WireText::tr("A textbook picture: on loopback a segment arrives within microseconds, "
                           "so this never happens here. The segments are modelled, each FIN "
                           "taking %1 ms to arrive, and the states are RFC 9293's, not readings "
                           "of the kernel.")
                  .arg(us / 1000);
}

void Wire::checkDrops()
{
    quint32 dropped = 0;
    for (const auto &capture : m_captures)
        dropped += capture->droppedFrames();
    m_captureDropped = dropped;
    countLost();
}

void Wire::countLost()
{
    // The kernel's rings (counted by libpcap, as a total), the capture helper's (its total) and
    // the lab network's record queue (counted as they happen) lose frames apart: the sum is what
    // the session misses.
    // The capture helper also withholds frames it could not prove the user's: they may be the
    // user's, so the session misses them too.
    quint32 helperDropped = 0;
    quint32 withheld = 0;
    for (const auto &helper : m_helpers) {
        helperDropped += helper->droppedFrames();
        withheld += helper->withheldFrames();
    }
    const quint32 dropped = m_captureDropped + helperDropped + m_labMissed;
    if (dropped + withheld == m_dropped)
        return;
    m_dropped = dropped + withheld;
    if (dropped > 0)
        m_captureNote = WireText::tr("The kernel dropped %n captured frame(s) before the lab "
                                     "could read them: the diagram misses those segments.",
                                     nullptr, int(dropped));
    if (withheld > 0) {
        const QString note = WireText::tr("The capture helper withheld %n frame(s) that the "
                                          "kernel could not prove yours: if they were, the "
                                          "diagram misses those segments.",
                                          nullptr, int(withheld));
        m_captureNote = dropped > 0 ? m_captureNote + QLatin1Char(' ') + note : note;
    }
    Q_EMIT problemsChanged();
}

bool Wire::isProven(const QHostAddress &a, quint16 aPort, const QHostAddress &b,
                    quint16 bPort) const
{
    if (m_helpers.empty())
        return true; // the kernel's own capture (or the lab network's) needs no proof
    return std::any_of(m_helpers.begin(), m_helpers.end(),
                       [&](const auto &helper) { return helper->hasProven(a, aPort, b, bPort); });
}

bool Wire::isQuiet() const
{
    return std::all_of(m_helpers.begin(), m_helpers.end(),
                       [](const auto &helper) { return helper->isQuiet(); });
}

void Wire::drain()
{
    if (m_lab)
        m_lab->drain();
    for (const auto &capture : m_captures)
        capture->drain();
    checkDrops();
    for (const auto &helper : m_helpers)
        helper->drain();
    if (m_model)
        m_model->flush();
}

void Wire::onFrame(const CapturedFrame &frame, quint16 serverPort)
{
    if (!m_session)
        return;
    const DecodeResult decoded = decodeFrame(frame.linkType, frame.data);
    if (decoded.status != DecodeResult::Status::Tcp) {
        if (decoded.status == DecodeResult::Status::Truncated)
            ++m_truncated;
        else if (decoded.status != DecodeResult::Status::NotTcp)
            ++m_malformed;
        if (decoded.status != DecodeResult::Status::NotTcp) {
            m_lastProblem = decoded.problem;
            Q_EMIT problemsChanged();
        }
        return;
    }
    const int index = m_session->addSegment(
        segmentEvent(decoded.segment, m_session->fromRealtimeUs(frame.realtimeUs), Source::Live),
        serverPort);
    readKernel(m_session->at(index).conn);
}

void Wire::onWireFrame(const WireFrame &f)
{
    if (!m_session)
        return;
    const DecodeResult decoded = decodeFrame(f.frame.linkType, f.frame.data);
    if (decoded.status != DecodeResult::Status::Tcp)
        return; // the lab network carries only the lab's TCP: nothing else to account for
    const quint16 port
        = f.from == Side::Client ? decoded.segment.destinationPort : decoded.segment.sourcePort;
    if (!m_labPorts.contains(port))
        return; // not a connection of this wire's run
    m_labFrames.append(f.frame);
    Event segment = segmentEvent(decoded.segment, m_session->fromRealtimeUs(f.frame.realtimeUs),
                                 Source::Live);
    segment.fate = f.fate;
    segment.wireRule = f.rule;
    if (f.arrivedRealtimeUs >= 0)
        segment.arriveUs = m_session->fromRealtimeUs(f.arrivedRealtimeUs);
    // Made by the wire as it delivered it (a middlebox's RST, a duplicate's second copy): it
    // starts on the wire at that moment, not at either end.
    if (f.fate == WireFate::Injected || f.fate == WireFate::Duplicate)
        segment.tUs = segment.arrival();
    const quint16 serverPort = f.from == Side::Client ? segment.to.port : segment.from.port;
    const int index = m_session->addSegment(segment, serverPort);
    readKernel(m_session->at(index).conn);
}

void Wire::readKernelLater(int conn)
{
    if (m_toRead.contains(conn))
        return;
    m_toRead.append(conn);
    if (m_toRead.size() == 1)
        QTimer::singleShot(0, this, [this] {
            const QList<int> conns = std::exchange(m_toRead, {});
            for (const int c : conns)
                readKernel(c);
        });
}

void Wire::readKernel(int conn)
{
    // Right after a connection's segment, the kernel is asked about each of its ends on this
    // computer, by their exact addresses. A reading is stamped when it was made, so it can only
    // follow the segments it reflects.
    const Connection *c = m_session->connections().find(conn);
    if (!c || !c->endsKnown())
        return;
    const Endpoint client = c->client;
    const Endpoint server = c->server;
    const bool self = c->selfConnected();
    for (const Side side : {Side::Client, Side::Server}) {
        if (self && side == Side::Server)
            break;
        const Endpoint &local = side == Side::Client ? client : server;
        const Endpoint &remote = side == Side::Client ? server : client;
        const qint64 t0 = m_session->now();
        QString error;
        const auto entry = m_network->sockDiag(side, local, remote, &error);
        if (entry)
            m_session->addReading(side, conn, false, entry->state, StateVia::SockDiag, t0,
                                  entry->state == TcpState::TimeWait
                                          || entry->state == TcpState::FinWait2
                                      ? entry->timerMs
                                      : -1);
        else if (error.isEmpty()) // the kernel's answer: no such socket
            m_session->addReading(side, conn, false, TcpState::Closed, StateVia::SockDiagGone, t0);
        // A query that failed says nothing about the connection: no reading.
    }
}

} // namespace tcplab
