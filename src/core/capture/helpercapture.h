#pragma once

#include "capture/livecapture.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QSet>
#include <QTimer>

namespace tcplab {

// Live capture through the capture helper tcplab-capture, the one program that holds
// CAP_NET_RAW (after Wireshark's dumpcap): the window stays unprivileged, the helper captures
// only the calling user's own endpoints on a port and streams them as pcap on its standard
// output. Frames arrive as they do from LiveCapture.
class HelperCapture : public QObject
{
    Q_OBJECT

public:
    explicit HelperCapture(const QString &helper, QObject *parent = nullptr);
    ~HelperCapture() override;

    enum class State { Idle, Starting, Capturing, Failed };
    // Starts the helper on the port and returns at once: capturing() follows once it captures,
    // or failed() once it has refused or could not start (errorText() says why; refused() when
    // the port is not the user's own). Nothing waits: the helper is driven by its signals.
    void start(quint16 port);
    State state() const { return m_state; }
    bool isRunning() const { return m_process && m_process->state() != QProcess::NotRunning; }
    bool refused() const { return m_refused; }
    // Reads what the helper has sent so far; never waits (the helper is another process: what
    // the kernel captured reaches the lab a moment later, see isQuiet()).
    void drain();
    // Nothing has come from the helper for `ms` milliseconds (or it is not running): what it
    // captured has arrived.
    bool isQuiet(int ms = 100) const;
    quint16 port() const { return m_port; }
    QString errorText() const { return m_errorText; }
    const QList<CapturedFrame> &frames() const { return m_frames; }

    // Where the helper is (installed beside the program or in ../libexec/tcplab; the
    // environment variable TCPLAB_CAPTURE_HELPER overrides), empty when there is none.
    static QString location();
    // The helper, when this user may run it and it holds CAP_NET_RAW (its file capabilities,
    // read without running it: the GUI thread does not wait for a process); else empty, and
    // why says why not. Whether it really captures is known once it has started.
    static QString usableHelper(QString *why = nullptr);

    // What a status line of the helper's ("STATUS REFUSED 45001") says, in the user's
    // language; empty for a line that is not one, or one that is only for the lab (PROVEN).
    // *count gets DROPPED's or WITHHELD's total.
    static QString statusText(const QString &line, quint32 *count = nullptr);

    // The kernel proved this connection the user's, so the helper hands out its frames (it
    // said "STATUS PROVEN a port b port"); either order of the ends.
    bool hasProven(const QHostAddress &a, quint16 aPort, const QHostAddress &b,
                   quint16 bPort) const;
    // Totals so far: frames the kernel dropped from the helper's ring, and frames the helper
    // did not hand out (not proven the user's, or over its limits).
    quint32 droppedFrames() const { return m_dropped; }
    quint32 withheldFrames() const { return m_withheld; }

    // How long the helper may take to begin capturing before the lab gives up on it.
    static constexpr int kStartTimeoutMs = 3000;

Q_SIGNALS:
    // The helper captures (its pcap stream has begun).
    void capturing();
    // The helper did not begin capturing: errorText() says why.
    void failed();
    void frameCaptured(const tcplab::CapturedFrame &frame);
    // droppedFrames() or withheldFrames() grew.
    void lostFramesChanged();
    // What the helper said about the capture (it stopped), in the user's language.
    void message(const QString &text);

private:
    void readFrames();
    void readMessages();
    void corrupt();
    void fail(const QString &why);
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QString m_helper;
    // Owned; on destruction it is left to end by itself (the helper stops when its input
    // closes, after reading its ring) and deleted then, so that nothing waits for it.
    QProcess *m_process = nullptr;
    State m_state = State::Idle;
    QTimer m_startTimeout;
    quint16 m_port = 0;
    QByteArray m_buffer;
    bool m_headerSeen = false;
    bool m_swapped = false;
    int m_linkType = 0;
    quint32 m_snapLength = 0;
    bool m_refused = false;
    QString m_errorText;
    QList<CapturedFrame> m_frames;
    QSet<QString> m_proven; // "address port address port", the ends in a fixed order
    quint32 m_dropped = 0;
    quint32 m_withheld = 0;
    QElapsedTimer m_lastOutput; // since the helper last sent something
};

} // namespace tcplab
