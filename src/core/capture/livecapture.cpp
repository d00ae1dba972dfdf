#include "capture/livecapture.h"

#include "capture/captureparameters.h"
#include "capture/helpercapture.h"
#include "socket/sockaddr.h"

#include <QCoreApplication>
#include <QNetworkInterface>
#include <QSocketNotifier>

#include <pcap/pcap.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tcplab {

namespace {
class CaptureText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::LiveCapture)
};
} // namespace

LiveCapture::LiveCapture(QObject *parent)
    : QObject(parent)
{
}

LiveCapture::~LiveCapture()
{
    // No frames announced from a half-destroyed object.
    blockSignals(true);
    stop();
}

bool LiveCapture::start(const QString &interfaceName, const QString &filter)
{
    stop();
    m_interface = interfaceName;
    m_filter = filter;
    m_errorText.clear();
    m_permissionDenied = false;
    char errorBuffer[PCAP_ERRBUF_SIZE] = {};
    pcap *handle = pcap_create(interfaceName.toLocal8Bit().constData(), errorBuffer);
    if (!handle) {
        m_errorText = QString::fromLocal8Bit(errorBuffer);
        return false;
    }
    pcap_set_snaplen(handle, capture::SnapLength);
    pcap_set_promisc(handle, 0);
    // Without immediate mode frames wait in the kernel's buffer for 6-100 ms.
    pcap_set_immediate_mode(handle, 1);
    pcap_set_buffer_size(handle, capture::BufferBytes);
    const int activated = pcap_activate(handle);
    if (activated < 0) {
        const QString detail = QString::fromLocal8Bit(pcap_geterr(handle));
        m_permissionDenied = activated == PCAP_ERROR_PERM_DENIED
            || detail.contains(QLatin1String("not permitted"));
        m_errorText = m_permissionDenied
            ? CaptureText::tr("Live capture is not permitted for this user (%1). %2")
                  .arg(detail, howToEnable())
            : CaptureText::tr("Cannot capture on %1: %2").arg(interfaceName, detail);
        pcap_close(handle);
        return false;
    }
    bpf_program program {};
    if (!filter.isEmpty()
        && (pcap_compile(handle, &program, filter.toLatin1().constData(), 1, PCAP_NETMASK_UNKNOWN)
                != 0
            || pcap_setfilter(handle, &program) != 0)) {
        m_errorText = CaptureText::tr("Capture filter \"%1\" rejected: %2")
                          .arg(filter, QString::fromLocal8Bit(pcap_geterr(handle)));
        pcap_freecode(&program);
        pcap_close(handle);
        return false;
    }
    pcap_freecode(&program);
    pcap_setnonblock(handle, 1, errorBuffer);
    const int fd = pcap_get_selectable_fd(handle);
    if (fd < 0) {
        m_errorText
            = CaptureText::tr("Capture on %1 cannot be watched for frames.").arg(interfaceName);
        pcap_close(handle);
        return false;
    }
    m_handle = handle;
    m_linkType = pcap_datalink(handle);
    m_notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &LiveCapture::drain);
    return true;
}

void LiveCapture::stop()
{
    m_notifier.reset();
    if (m_handle) {
        if (!m_filter.isEmpty())
            drain();
        pcap_close(m_handle);
        m_handle = nullptr;
    }
}

quint32 LiveCapture::droppedFrames() const
{
    pcap_stat stats {};
    if (!m_handle || pcap_stats(m_handle, &stats) != 0)
        return 0;
    return stats.ps_drop;
}

void LiveCapture::drain()
{
    if (!m_handle)
        return;
    // Each dispatch hands over what is buffered; loop until the buffer is empty.
    while (
        pcap_dispatch(m_handle, -1, &LiveCapture::onPacket, reinterpret_cast<unsigned char *>(this))
        > 0) { }
}

void LiveCapture::onPacket(unsigned char *user, const pcap_pkthdr *header,
                           const unsigned char *bytes)
{
    auto *self = reinterpret_cast<LiveCapture *>(user);
    CapturedFrame frame;
    frame.realtimeUs = qint64(header->ts.tv_sec) * 1000000 + header->ts.tv_usec;
    frame.linkType = self->m_linkType;
    frame.data = QByteArray(reinterpret_cast<const char *>(bytes), int(header->caplen));
    frame.originalLength = header->len;
    self->m_frames.append(frame);
    Q_EMIT self->frameCaptured(frame);
}

QString LiveCapture::interfaceFor(const QHostAddress &localAddress)
{
    if (localAddress.isLoopback())
        return QStringLiteral("lo");
    if (localAddress == QHostAddress::AnyIPv4 || localAddress == QHostAddress::AnyIPv6
        || localAddress == QHostAddress::Any)
        return QStringLiteral("any");
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const auto entries = interface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            if (entry.ip().isEqual(localAddress))
                return interface.name();
        }
    }
    return {};
}

QHostAddress LiveCapture::localAddressTowards(const QHostAddress &remote)
{
    // connect() on a UDP socket sends nothing; it only asks the routing table.
    const int family = remote.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    const int fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return {};
    sockaddr_storage address {};
    const socklen_t length = toSockaddr(remote, 9, &address);
    QHostAddress local;
    quint16 port = 0;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), length) == 0)
        localEndpoint(fd, &local, &port);
    ::close(fd);
    return local;
}

bool LiveCapture::permitted(QString *why)
{
    // A process's right to capture does not change while it runs; opening a capture to find
    // out allocates its ring (tens of milliseconds): once is enough when it is allowed.
    static bool allowed = false;
    if (allowed)
        return true;
    LiveCapture probe;
    // The probe only checks that the interface opens; it is closed before reading anything.
    const bool ok = probe.start(QStringLiteral("lo"), QString());
    if (!ok && why)
        *why = probe.errorText();
    allowed = ok;
    return ok;
}

QString LiveCapture::howToEnable()
{
    const QString helper = HelperCapture::location();
    const QString libexec = QStringLiteral("/libexec/tcplab/tcplab-capture");
    if (helper.endsWith(libexec)) {
        // Installed: the package's own command, which adds the user to tcplab-capture.
        const passwd *entry = ::getpwuid(::getuid());
        const QString user
            = entry ? QString::fromLocal8Bit(entry->pw_name) : QStringLiteral("$USER");
        return CaptureText::tr("To see the real segments, an administrator can allow this user "
                               "once: sudo tcplab-allow-capture %1 (then log in again).")
            .arg(user);
    }
    if (!helper.isEmpty())
        return CaptureText::tr("To see the real segments, an administrator can give the capture "
                               "helper its capability once: sudo setcap cap_net_raw=ep %1")
            .arg(helper);
    return CaptureText::tr("To see the real segments, run TCP Lab as root or let an administrator "
                           "grant the capture capability once: sudo setcap "
                           "cap_net_raw,cap_net_admin=eip %1")
        .arg(QCoreApplication::applicationFilePath());
}

} // namespace tcplab
