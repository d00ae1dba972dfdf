#pragma once

#include "capture/helpercapture.h"
#include "capture/livecapture.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>
#include <vector>

namespace tcplab {

class LabNetwork;
class Network;
class SegmentModel;
class Session;
struct CapturedFrame;
struct WireFrame;

// Puts what went over the wire into the session. Live: libpcap captures the lab's
// connections (one LiveCapture per interface and server port, or, when this process may not
// capture, one capture helper per port: HelperCapture) and every frame becomes a Segment event
// at its capture time. Modelled (capture off, or not permitted under "auto"):
// a SegmentModel predicts the segments from the calls instead, and says so. On the lab network
// the network's own wire reports every frame and what it did with it: always live, for every
// user.
class Wire : public QObject
{
    Q_OBJECT

public:
    enum class Mode { Auto, Live, Off };

    // network: where the lab's sockets are (nullptr: this computer's own stack).
    Wire(Session *session, Mode mode, Network *network = nullptr, QObject *parent = nullptr);
    ~Wire() override;

    // False only for Mode::Live when capture is not permitted (errorText() says why).
    bool isUsable() const { return m_usable; }
    bool isLive() const { return m_live; }
    QString errorText() const { return m_errorText; }
    // Why the segments are modelled (empty when live).
    QString modelledReason() const { return m_modelledReason; }

    // Makes sure the traffic of the server at address:port is captured (live mode; a no-op
    // when modelled). Call before the first SYN can go out. False when capture failed. Through
    // the capture helper, which is another process, it returns at once and the capture is
    // ready a moment later (isReady(), readyChanged()): until then no SYN may go out. When the
    // helper then fails, under Mode::Auto with no other helper the wire turns to modelling
    // (isLive() false, problemsChanged(): a port of someone else's, say); otherwise
    // watchFailed() says why.
    bool watch(const QHostAddress &address, quint16 serverPort);
    // Every capture asked for by watch() captures, or has failed: a SYN may go out.
    bool isReady() const;
    // Collects frames still buffered in the kernel; call before reading the session. Never
    // waits: where frames come from another process (the capture helper), isQuiet() says when
    // they have all come.
    void drain();
    bool isQuiet() const;
    // Whether this connection's frames reach the lab: always, except through the capture
    // helper, which hands them out once the kernel has proven the connection the user's.
    // Before a call that can end a connection (close() leaves TIME_WAIT, which has no owner),
    // the lab waits for this, briefly.
    bool isProven(const QHostAddress &a, quint16 aPort, const QHostAddress &b, quint16 bPort) const;
    // Every frame captured so far, in time order (for saving as pcap).
    QList<CapturedFrame> frames() const;
    // The textbook picture's slow teardown: modelled FINs take this long to arrive.
    void setTeardownDelayUs(qint64 us);

    // Frames that were not TCP of the lab, or could not be decoded.
    int truncatedFrames() const { return m_truncated; }
    int malformedFrames() const { return m_malformed; }
    QString lastProblem() const { return m_lastProblem; }
    // What the capture helper said about the capture (frames the kernel dropped, say).
    QString captureNote() const { return m_captureNote; }
    // Frames captured but lost before the lab could read them (the kernel's ring, the lab
    // network's record queue): the session is incomplete by this many.
    int lostFrames() const { return int(m_dropped); }

Q_SIGNALS:
    void problemsChanged();
    // isReady() turned true.
    void readyChanged();
    // A capture the wire had asked for failed after watch() returned (the capture helper
    // could not start, under Mode::Live); the text says why.
    void watchFailed(const QString &text);

private:
    void onFrame(const CapturedFrame &frame, quint16 serverPort);
    void onWireFrame(const WireFrame &frame);
    void readKernel(int conn);
    void readKernelLater(int conn);
    void checkDrops();
    void countLost();
    bool watchThroughHelper(quint16 serverPort);
    void helperFailed(HelperCapture *helper);
    static QString modelledBecause(const QString &why);
    QSet<quint16> m_labPorts; // on the lab network: the server ports this wire watches

    QPointer<Session> m_session;
    Network *m_network;
    QPointer<LabNetwork> m_lab; // when the sockets are on the lab network
    QList<CapturedFrame> m_labFrames;
    Mode m_mode;
    bool m_usable = true;
    bool m_live = false;
    QString m_errorText;
    QString m_modelledReason;
    std::vector<std::unique_ptr<LiveCapture>> m_captures;
    std::vector<std::unique_ptr<HelperCapture>> m_helpers;
    QString m_helper; // when capturing through tcplab-capture
    std::unique_ptr<SegmentModel> m_model;
    int m_truncated = 0;
    int m_malformed = 0;
    QString m_lastProblem;
    QString m_captureNote;
    quint32 m_dropped = 0; // all lost frames
    quint32 m_captureDropped = 0;
    quint32 m_labMissed = 0;
    QTimer m_dropCheck;
    QList<int> m_toRead; // connections whose ends the kernel is asked about soon
};

} // namespace tcplab
