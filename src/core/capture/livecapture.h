#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>

class QSocketNotifier;
struct pcap;
struct pcap_pkthdr;

namespace tcplab {

// One frame as libpcap delivered it.
struct CapturedFrame
{
    qint64 realtimeUs = 0; // capture time, CLOCK_REALTIME in microseconds
    int linkType = 0;
    QByteArray data; // the captured bytes
    qint64 originalLength = 0; // the frame's length on the wire
};

// A libpcap capture in immediate mode on one interface with a BPF filter, driven by a
// QSocketNotifier in the Qt event loop (frames arrive well under a millisecond after
// they were sent). Needs CAP_NET_RAW; without it start() fails and says how to get it.
class LiveCapture : public QObject
{
    Q_OBJECT

public:
    explicit LiveCapture(QObject *parent = nullptr);
    ~LiveCapture() override;

    bool start(const QString &interfaceName, const QString &filter);
    void stop();
    // Reads whatever the kernel has buffered for us right now.
    void drain();

    bool isRunning() const { return m_handle != nullptr; }
    bool permissionDenied() const { return m_permissionDenied; }
    QString errorText() const { return m_errorText; }
    QString interfaceName() const { return m_interface; }
    QString filter() const { return m_filter; }
    int linkType() const { return m_linkType; }
    const QList<CapturedFrame> &frames() const { return m_frames; }
    // Frames the kernel dropped because its ring was full before they were read (pcap_stats).
    quint32 droppedFrames() const;

    // The interface that carries traffic of a local address: "lo" for loopback, "any" for
    // the wildcard address, else the interface that owns it ("" when none does).
    static QString interfaceFor(const QHostAddress &localAddress);
    // The local address this machine would use to reach a remote one (route lookup).
    static QHostAddress localAddressTowards(const QHostAddress &remote);
    // Whether this process may capture at all (tries to open the loopback interface).
    static bool permitted(QString *why = nullptr);
    // What to do to allow live capture, in plain words.
    static QString howToEnable();

Q_SIGNALS:
    void frameCaptured(const tcplab::CapturedFrame &frame);

private:
    static void onPacket(unsigned char *user, const ::pcap_pkthdr *header,
                         const unsigned char *bytes);

    ::pcap *m_handle = nullptr;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QString m_interface;
    QString m_filter;
    QString m_errorText;
    bool m_permissionDenied = false;
    int m_linkType = 0;
    QList<CapturedFrame> m_frames;
};

} // namespace tcplab
