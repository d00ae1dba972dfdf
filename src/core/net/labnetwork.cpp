#include "net/labnetwork.h"

#include "capture/labprogram.h"
#include "labnet/protocol.h"
#include "labnet/wirerules.h"
#include "socket/errortext.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char **environ;

namespace tcplab {

namespace {
class LabNetworkText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::LabNetwork)
};

constexpr int kStartTimeoutMs = 5000;

std::optional<QString> readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return QString::fromLatin1(file.read(64)).trimmed();
}

QByteArray clipped(const QByteArray &bytes, int size)
{
    return bytes.left(size - 1);
}
} // namespace

QString Network::kindName(Kind kind)
{
    return kind == Kind::Lab ? QStringLiteral("lab") : QStringLiteral("loopback");
}

std::optional<Network::Kind> Network::kindFromName(const QString &name)
{
    for (const Kind k : {Kind::Lab, Kind::Loopback}) {
        if (name == kindName(k))
            return k;
    }
    return std::nullopt;
}

HostNetwork *HostNetwork::instance()
{
    static HostNetwork network;
    return &network;
}

int HostNetwork::openSocket(Side, int family, int type)
{
    return ::socket(family, type | SOCK_CLOEXEC, 0);
}

std::optional<SockDiagEntry> HostNetwork::sockDiag(Side, const Endpoint &local,
                                                   const Endpoint &remote, QString *error)
{
    return querySockDiag(local.address, local.port, remote.address, remote.port, error);
}

QHostAddress HostNetwork::address(Side) const
{
    return QHostAddress(QHostAddress::LocalHost);
}

std::optional<QString> HostNetwork::tcpSysctl(Side, const QString &name) const
{
    return readProcFile(QStringLiteral("/proc/sys/net/ipv4/") + name);
}

LabNetwork::LabNetwork(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<tcplab::WireFrame>();
}

LabNetwork::~LabNetwork()
{
    stop();
}

QString LabNetwork::keeperLocation()
{
    return labProgram(QStringLiteral("tcplab-net"), "TCPLAB_NET_KEEPER");
}

LabNetwork::Refusal LabNetwork::systemRefusal()
{
    if (readProcFile(QStringLiteral("/proc/sys/user/max_user_namespaces")) == QStringLiteral("0"))
        return Refusal::MaxUserNamespaces;
    if (readProcFile(QStringLiteral("/proc/sys/kernel/unprivileged_userns_clone"))
        == QStringLiteral("0"))
        return Refusal::UnprivilegedClone;
    if (readProcFile(QStringLiteral("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"))
        == QStringLiteral("1"))
        return Refusal::AppArmor;
    return Refusal::Other;
}

QString LabNetwork::refusalText(Refusal refusal, int err)
{
    switch (refusal) {
    case Refusal::None:
        return {};
    case Refusal::NotInstalled:
        return LabNetworkText::tr("The lab network's keeper, tcplab-net, is not installed beside "
                                  "tcplab. Reinstall the package, or use --network loopback.");
    case Refusal::AppArmor:
        return LabNetworkText::tr(
            "AppArmor refuses user namespaces to programs without a profile "
            "(kernel.apparmor_restrict_unprivileged_userns = 1). The package installs one in "
            "/etc/apparmor.d/tcplab-net; load it with: sudo apparmor_parser -r "
            "/etc/apparmor.d/tcplab-net");
    case Refusal::MaxUserNamespaces:
        return LabNetworkText::tr("This system allows no user namespaces "
                                  "(user.max_user_namespaces = 0). An administrator can allow "
                                  "them with: sudo sysctl user.max_user_namespaces=10000");
    case Refusal::UnprivilegedClone:
        return LabNetworkText::tr(
            "This system allows user namespaces only to root "
            "(kernel.unprivileged_userns_clone = 0). An administrator can "
            "allow them with: sudo sysctl kernel.unprivileged_userns_clone=1");
    case Refusal::Other:
        break;
    }
    return LabNetworkText::tr("The system refused to build the lab network: %1.")
        .arg(errnoName(err));
}

bool LabNetwork::start()
{
    if (isRunning())
        return true;
    const QString keeper = keeperLocation();
    if (keeper.isEmpty()) {
        m_refusal = Refusal::NotInstalled;
        m_error = refusalText(m_refusal, 0);
        return false;
    }
    int control[2] = {-1, -1};
    int capture[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, control) != 0
        || ::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, capture) != 0) {
        const int err = errno;
        for (const int fd : {control[0], control[1], capture[0], capture[1]}) {
            if (fd >= 0)
                ::close(fd);
        }
        m_refusal = Refusal::Other;
        m_error = refusalText(m_refusal, err);
        return false;
    }
    // The keeper's ends go to descriptors 3 and 4; first out of their way, so that dup2()
    // never meets its own descriptor (which would keep close-on-exec).
    const int keeperControl = ::fcntl(control[1], F_DUPFD_CLOEXEC, 10);
    const int keeperCapture = ::fcntl(capture[1], F_DUPFD_CLOEXEC, 10);
    ::close(control[1]);
    ::close(capture[1]);
    // Room for bursts of frames while the event loop is busy elsewhere (best effort: a smaller
    // buffer only loses frames sooner, and the lab counts what it loses).
    const int buffer = 4 << 20;
    ::setsockopt(keeperCapture, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    ::setsockopt(capture[0], SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, keeperControl, labnet::kControlFd);
    posix_spawn_file_actions_adddup2(&actions, keeperCapture, labnet::kCaptureFd);
    const QByteArray path = QFile::encodeName(keeper);
    const QByteArray parent = QByteArray::number(qint64(::getpid()));
    // The first documentation network none of this computer's addresses is in.
    int which = 0;
    const QList<QHostAddress> own = QNetworkInterface::allAddresses();
    for (; which < 2; ++which) {
        const QHostAddress subnet(labnet::kDocumentationNetworks[which]);
        if (std::none_of(own.begin(), own.end(), [&](const QHostAddress &a) {
                return a.isInSubnet(subnet, labnet::kPrefixLength);
            }))
            break;
    }
    m_subnet = labnet::kDocumentationNetworks[which];
    const QByteArray network = QByteArray::number(which);
    char *argv[] = {const_cast<char *>(path.constData()), const_cast<char *>(parent.constData()),
                    const_cast<char *>(network.constData()), nullptr};
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, path.constData(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(keeperControl);
    ::close(keeperCapture);
    if (spawned != 0) {
        ::close(control[0]);
        ::close(capture[0]);
        m_refusal = Refusal::Other;
        m_error = refusalText(m_refusal, spawned);
        return false;
    }
    m_keeperPid = pid;
    m_control = control[0];
    m_capture = capture[0];

    labnet::Ready ready;
    pollfd wait {m_control, POLLIN, 0};
    const bool answered = ::poll(&wait, 1, kStartTimeoutMs) == 1
        && ::recv(m_control, &ready, sizeof ready, 0) == ssize_t(sizeof ready)
        && ready.magic == labnet::kMagic;
    if (!answered || ready.failedStage != labnet::Stage::None) {
        const int err = answered ? ready.err : ETIMEDOUT;
        const bool namespaces = answered
            && (ready.failedStage == labnet::Stage::UserNamespace
                || ready.failedStage == labnet::Stage::IdMap);
        stop();
        m_refusal = namespaces ? systemRefusal() : Refusal::Other;
        m_error = refusalText(m_refusal, err);
        return false;
    }
    m_setupUs = ready.setupUs;
    // Reading the frames must never block the event loop.
    const int flags = ::fcntl(m_capture, F_GETFL);
    if (flags < 0 || ::fcntl(m_capture, F_SETFL, flags | O_NONBLOCK) != 0) {
        const int err = errno;
        stop();
        m_refusal = Refusal::Other;
        m_error = refusalText(m_refusal, err);
        return false;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_capture, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &LabNetwork::readCapture);
    for (const Side host : {Side::Client, Side::Server}) {
        const Answer a = request(int(labnet::RequestType::SockDiag), host);
        m_diag[int(host)] = a.fd;
    }
    m_refusal = Refusal::None;
    m_error.clear();
    return true;
}

void LabNetwork::stop()
{
    m_notifier.reset();
    for (int &fd : m_diag) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    for (int *fd : {&m_control, &m_capture}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
    if (m_keeperPid > 0) {
        // Closing its pairs ends it; a keeper that hangs is not waited for.
        ::kill(pid_t(m_keeperPid), SIGKILL);
        ::waitpid(pid_t(m_keeperPid), nullptr, 0);
    }
    m_keeperPid = -1;
}

LabNetwork::Answer LabNetwork::request(int type, Side host, int family, int socketType,
                                       const QByteArray &name, const QByteArray &text) const
{
    Answer answer;
    if (m_control < 0) {
        answer.err = ENOTCONN;
        return answer;
    }
    labnet::Request r;
    r.type = labnet::RequestType(type);
    r.host = host == Side::Server ? labnet::Host::Server : labnet::Host::Client;
    r.family = family;
    r.socketType = socketType;
    const QByteArray n = clipped(name, sizeof r.name);
    const QByteArray t = clipped(text, sizeof r.text);
    std::memcpy(r.name, n.constData(), size_t(n.size()));
    std::memcpy(r.text, t.constData(), size_t(t.size()));
    if (::send(m_control, &r, sizeof r, MSG_NOSIGNAL) != ssize_t(sizeof r)) {
        answer.err = errno;
        return answer;
    }
    labnet::Reply reply;
    iovec part {&reply, sizeof reply};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr message {};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    // The keeper answers at once (it makes a socket or writes a file): a bounded wait.
    pollfd wait {m_control, POLLIN, 0};
    if (::poll(&wait, 1, kStartTimeoutMs) != 1) {
        answer.err = ETIMEDOUT;
        return answer;
    }
    if (::recvmsg(m_control, &message, MSG_CMSG_CLOEXEC) != ssize_t(sizeof reply)
        || reply.magic != labnet::kMagic) {
        answer.err = EPROTO;
        return answer;
    }
    for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            std::memcpy(&answer.fd, CMSG_DATA(c), sizeof(int));
    }
    answer.status = reply.status;
    answer.err = reply.err;
    answer.detail = reply.detail;
    reply.text[sizeof reply.text - 1] = '\0';
    answer.text = QString::fromUtf8(reply.text).trimmed();
    return answer;
}

int LabNetwork::openSocket(Side host, int family, int type)
{
    const Answer a = request(int(labnet::RequestType::Socket), host, family, type);
    if (a.fd < 0) {
        errno = a.err ? a.err : EPROTO;
        return -1;
    }
    return a.fd;
}

std::optional<SockDiagEntry> LabNetwork::sockDiag(Side host, const Endpoint &local,
                                                  const Endpoint &remote, QString *error)
{
    const int fd = m_diag[host == Side::Server ? 1 : 0];
    if (fd < 0) {
        if (error)
            *error = errnoName(ENOTCONN);
        return std::nullopt;
    }
    return querySockDiag(local.address, local.port, remote.address, remote.port, error, fd);
}

QHostAddress LabNetwork::address(Side host) const
{
    return QHostAddress(m_subnet | (host == Side::Server ? 2 : 1));
}

std::optional<QString> LabNetwork::sysctl(Side host, const QByteArray &path) const
{
    const Answer a = request(int(labnet::RequestType::GetSysctl), host, 0, 0, path);
    if (a.status != 0)
        return std::nullopt;
    return a.text;
}

std::optional<QString> LabNetwork::tcpSysctl(Side host, const QString &name) const
{
    return sysctl(host, QByteArrayLiteral("ipv4/") + name.toLatin1());
}

TcpSysctls LabNetwork::tcpSettings(Side host) const
{
    return TcpSysctls::read([this, host](const char *name, int *values, int count) {
        const std::optional<QString> text = sysctl(host, QByteArray(name));
        if (!text)
            return false;
        const QStringList numbers
            = text->split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (numbers.size() < count)
            return false;
        for (int i = 0; i < count; ++i) {
            bool ok = false;
            values[i] = numbers.at(i).toInt(&ok);
            if (!ok)
                return false;
        }
        return true;
    });
}

bool LabNetwork::setTcpSysctl(Side host, const QString &name, const QString &value, QString *error)
{
    const Answer a = request(int(labnet::RequestType::SetSysctl), host, 0, 0,
                             QByteArrayLiteral("ipv4/") + name.toLatin1(), value.toLatin1());
    if (a.status == 0)
        return true;
    if (error)
        *error = (host == Side::Server ? LabNetworkText::tr("The server host refused %1 = %2: %3.")
                                       : LabNetworkText::tr("The client host refused %1 = %2: %3."))
                     .arg(name, value, errnoName(a.err));
    return false;
}

bool LabNetwork::checkWireSpec(const QString &spec, QString *error)
{
    labnet::WireSpec parsed;
    labnet::ParseError problem;
    if (labnet::parseWireSpec(spec.toStdString(), &parsed, &problem))
        return true;
    if (!error)
        return false;
    const QString item = QString::fromStdString(problem.item);
    using Code = labnet::ParseError::Code;
    switch (problem.code) {
    case Code::UnknownKey:
        *error = LabNetworkText::tr("\"%1\" is not a setting of the wire. The wire knows delay, "
                                    "jitter, rate, loss, seed, mtu, drop, dup, hold and rst.")
                     .arg(item);
        break;
    case Code::BadValue:
        *error = LabNetworkText::tr("\"%1\": the value does not fit. Write times as 50ms, 1.5s "
                                    "or 200us (at most 60 s), rates as 1mbit or 500kbit, loss "
                                    "as 5%, an MTU from 576 to 9000.")
                     .arg(item);
        break;
    case Code::BadSide:
        *error = LabNetworkText::tr("\"%1\": say whose segments it is about, client or server, "
                                    "as in drop=client:fin.")
                     .arg(item);
        break;
    case Code::BadSelector:
        *error = LabNetworkText::tr("\"%1\": the wire picks segments by any, syn, syn-ack, fin, "
                                    "rst, data, ack, ack-of-fin, last-ack or len=N.")
                     .arg(item);
        break;
    case Code::BadCount:
        *error = LabNetworkText::tr("\"%1\": count matches as #2 (the second), or #* (every "
                                    "one); at most 64 rules.")
                     .arg(item);
        break;
    case Code::Empty:
    case Code::None:
        *error = LabNetworkText::tr("The wire spec has an empty item: separate settings with "
                                    "single commas.");
        break;
    }
    return false;
}

bool LabNetwork::onlyRules(const QString &spec)
{
    labnet::WireSpec parsed;
    labnet::ParseError problem;
    if (!labnet::parseWireSpec(spec.toStdString(), &parsed, &problem))
        return false;
    labnet::WireSpec plain = parsed;
    plain.rules.clear();
    return plain.isPlain() && parsed.seed == 1;
}

bool LabNetwork::setWire(const QString &spec, QString *error)
{
    if (!checkWireSpec(spec, error))
        return false;
    const Answer a
        = request(int(labnet::RequestType::SetWire), Side::Client, 0, 0, {}, spec.toUtf8());
    if (a.status != 0) {
        if (error)
            *error = LabNetworkText::tr("The wire could not be set up: %1.").arg(errnoName(a.err));
        return false;
    }
    m_wireSpec = spec;
    return true;
}

bool LabNetwork::addRule(const QString &rule, QString *error)
{
    if (!checkWireSpec(rule, error))
        return false;
    const Answer a
        = request(int(labnet::RequestType::AddRule), Side::Client, 0, 0, {}, rule.toUtf8());
    if (a.status != 0) {
        if (error)
            *error = LabNetworkText::tr("The wire could not be set up: %1.").arg(errnoName(a.err));
        return false;
    }
    return true;
}

void LabNetwork::drain()
{
    readCapture();
}

void LabNetwork::readCapture()
{
    if (m_capture < 0)
        return;
    alignas(labnet::FrameRecord) char buffer[sizeof(labnet::FrameRecord) + labnet::kMaxFrame];
    for (;;) {
        const ssize_t n = ::recv(m_capture, buffer, sizeof buffer, 0);
        if (n == 0) { // the keeper is gone
            m_notifier.reset();
            Q_EMIT keeperLost();
            return;
        }
        if (n < 0)
            return; // EAGAIN: all read
        if (size_t(n) < sizeof(labnet::FrameRecord))
            continue;
        labnet::FrameRecord record;
        std::memcpy(&record, buffer, sizeof record);
        if (record.magic != labnet::kMagic
            || record.length != size_t(n) - sizeof(labnet::FrameRecord))
            continue;
        if (record.missedBefore > 0)
            Q_EMIT framesMissed(int(record.missedBefore));
        WireFrame f;
        f.frame.realtimeUs = record.sentNs / 1000;
        f.frame.linkType = 1; // DLT_EN10MB
        f.frame.data = QByteArray(buffer + sizeof record, int(record.length));
        f.frame.originalLength = record.length;
        f.from = record.fromServer ? Side::Server : Side::Client;
        f.rule = record.rule;
        f.arrivedRealtimeUs = record.arrivedNs >= 0 ? record.arrivedNs / 1000 : -1;
        switch (record.fate) {
        case labnet::Fate::Delivered:
            f.fate = WireFate::Delivered;
            break;
        case labnet::Fate::Dropped:
            f.fate = WireFate::Dropped;
            break;
        case labnet::Fate::Lost:
            f.fate = WireFate::Lost;
            break;
        case labnet::Fate::Duplicate:
            f.fate = WireFate::Duplicate;
            break;
        case labnet::Fate::Injected:
            f.fate = WireFate::Injected;
            break;
        case labnet::Fate::Swallowed:
            f.fate = WireFate::Swallowed;
            break;
        case labnet::Fate::QueueFull:
            f.fate = WireFate::QueueFull;
            break;
        default:
            continue;
        }
        Q_EMIT frameCaptured(f);
    }
}

} // namespace tcplab
