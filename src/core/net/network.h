#pragma once

#include "kernel/kernelsettings.h"
#include "kernel/sockdiag.h"
#include "session/event.h"

#include <QHostAddress>
#include <QString>

#include <optional>

namespace tcplab {

// Where the lab's sockets live, and so which kernel stack they talk to: this computer's own
// (loopback, or its interfaces for a classroom across machines), or the lab network, two
// hosts and a wire in namespaces of the lab's own (LabNetwork). LabSocket and Listener make
// their sockets through it and ask the kernel about them through it; nothing above them
// needs to know which it is.
class Network
{
public:
    enum class Kind { Loopback, Lab };

    virtual ~Network() = default;
    virtual Kind kind() const = 0;
    // socket(family, type) on `host`'s stack: a descriptor, or -1 with errno set.
    virtual int openSocket(Side host, int family, int type) = 0;
    // sock_diag on `host`'s stack (see querySockDiag).
    virtual std::optional<SockDiagEntry> sockDiag(Side host, const Endpoint &local,
                                                  const Endpoint &remote, QString *error)
        = 0;
    // Where a host's server listens and its client connects from by default.
    virtual QHostAddress address(Side host) const = 0;
    // A TCP sysctl in force on `host` ("tcp_fin_timeout", under net/ipv4); empty if unreadable.
    virtual std::optional<QString> tcpSysctl(Side host, const QString &name) const = 0;
    // Every TCP setting in force on `host`, as the explanations quote them.
    virtual TcpSysctls tcpSettings(Side host) const = 0;

    static QString kindName(Kind kind); // "lab", "loopback": as on the command line
    static std::optional<Kind> kindFromName(const QString &name);
};

// This computer's own TCP stack, as the lab always used it.
class HostNetwork final : public Network
{
public:
    static HostNetwork *instance();

    Kind kind() const override { return Kind::Loopback; }
    int openSocket(Side host, int family, int type) override;
    std::optional<SockDiagEntry> sockDiag(Side host, const Endpoint &local, const Endpoint &remote,
                                          QString *error) override;
    QHostAddress address(Side host) const override;
    std::optional<QString> tcpSysctl(Side host, const QString &name) const override;
    TcpSysctls tcpSettings(Side) const override { return TcpSysctls::read(); }
};

} // namespace tcplab
