#pragma once

#include "capture/livecapture.h"
#include "net/network.h"

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace tcplab {

// A frame on the lab network's wire, as its keeper saw it, with what the wire did with it.
struct WireFrame
{
    CapturedFrame frame; // realtimeUs: when the sender's frame reached the wire
    Side from = Side::Client;
    WireFate fate = WireFate::Delivered;
    qint64 arrivedRealtimeUs = -1; // when the receiver got it; -1: never
    int rule = -1;
};

// The lab network (DESIGN.md §3b): a client host (.1) and a server host (.2) of the first RFC 5737
// documentation network this computer does not use (192.0.2.0/24 on most), each a
// network namespace inside an unprivileged user namespace, joined by a wire the lab controls.
// Its keeper, tcplab-net, builds it in milliseconds, relays every frame (delay, drop, duplicate,
// reorder, rate, reset: wirerules.h) and reports each one here; it makes the lab's sockets
// inside the hosts and hands them over, so the lab uses them like any other. The keeper dies
// with the lab, even after kill -9, and the network with it. No privilege anywhere.
class LabNetwork : public QObject, public Network
{
    Q_OBJECT

public:
    // Why the system refused to build it.
    enum class Refusal {
        None,
        NotInstalled, // tcplab-net is missing
        AppArmor, // Ubuntu 23.10+: kernel.apparmor_restrict_unprivileged_userns = 1
        MaxUserNamespaces, // user.max_user_namespaces = 0
        UnprivilegedClone, // kernel.unprivileged_userns_clone = 0 (Debian's older kernels)
        Other,
    };

    explicit LabNetwork(QObject *parent = nullptr);
    ~LabNetwork() override;

    // Builds the network; false when the system refuses (refusal(), errorText()).
    bool start();
    bool isRunning() const { return m_control >= 0; }
    Refusal refusal() const { return m_refusal; }
    // What refused and how to allow it, in the user's language.
    QString errorText() const { return m_error; }
    qint64 setupUs() const { return m_setupUs; }
    qint64 keeperPid() const { return m_keeperPid; }

    // The wire, as a spec (wirerules.h); its counts start again. False with *error when the
    // spec does not parse.
    bool setWire(const QString &spec, QString *error = nullptr);
    QString wireSpec() const { return m_wireSpec; }
    // One more rule from now on ("drop=client:any": the next segment the client sends).
    bool addRule(const QString &rule, QString *error = nullptr);
    // net/ipv4/`name` on `host` ("tcp_sack" = "0").
    bool setTcpSysctl(Side host, const QString &name, const QString &value,
                      QString *error = nullptr);

    // Reads what the keeper has reported (call before reading the session).
    void drain();

    Kind kind() const override { return Kind::Lab; }
    int openSocket(Side host, int family, int type) override;
    std::optional<SockDiagEntry> sockDiag(Side host, const Endpoint &local, const Endpoint &remote,
                                          QString *error) override;
    QHostAddress address(Side host) const override;
    std::optional<QString> tcpSysctl(Side host, const QString &name) const override;
    TcpSysctls tcpSettings(Side host) const override;

    // Where tcplab-net is (beside the lab, or in libexec); empty when it is not installed.
    static QString keeperLocation();
    // Whether a wire spec parses; *error says what is wrong with it, in the user's language.
    static bool checkWireSpec(const QString &spec, QString *error);
    // Whether a (valid) spec holds only rules (drop, dup, hold, rst), no settings.
    static bool onlyRules(const QString &spec);
    // Which of the system's settings refuses user namespaces, read now.
    static Refusal systemRefusal();
    static QString refusalText(Refusal refusal, int err);

Q_SIGNALS:
    void frameCaptured(const tcplab::WireFrame &frame);
    // The keeper could not pass on `count` records in time (the lab was too slow reading).
    void framesMissed(int count);
    void keeperLost();

private:
    struct Answer
    {
        int status = -1;
        int err = 0;
        int detail = 0;
        QString text;
        int fd = -1;
    };
    Answer request(int type, Side host, int family = 0, int socketType = 0,
                   const QByteArray &name = {}, const QByteArray &text = {}) const;
    void readCapture();
    void stop();
    // net/`path` on `host` ("ipv4/tcp_sack", "core/rmem_max").
    std::optional<QString> sysctl(Side host, const QByteArray &path) const;

    quint32 m_subnet = 0; // the documentation network in use (host byte order)
    int m_control = -1;
    int m_capture = -1;
    int m_diag[2] = {-1, -1};
    qint64 m_keeperPid = -1;
    qint64 m_setupUs = 0;
    Refusal m_refusal = Refusal::None;
    QString m_error;
    QString m_wireSpec;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace tcplab

Q_DECLARE_METATYPE(tcplab::WireFrame)
