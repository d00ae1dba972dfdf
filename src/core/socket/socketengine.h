#pragma once

#include "socket/labsocket.h"

#include <QPointer>
#include <QSocketNotifier>

#include <memory>

class QTcpSocket;

namespace tcplab {

// How a LabSocket's verbs reach a kernel. Qt keeps its platform sockets behind
// QAbstractSocketEngine in the same way: the user of a socket never asks which engine it has.
// The LabSocket above is the one recording facade: it owns the connection's record (its
// session connection, flags, kernel readings, signals) and the engine only performs the
// calls, recording each through it. Two engines, three places a socket comes from:
// - NativeEngine: the system calls on a descriptor that a Network made, on this computer's
//   own stack or on a lab network host (LabNetwork opens it inside the host's namespace);
// - QtEngine: Qt's QTcpSocket, on this computer's stack.
class SocketEngine
{
public:
    explicit SocketEngine(LabSocket *socket)
        : s(socket)
    {
    }
    virtual ~SocketEngine() = default;
    SocketEngine(const SocketEngine &) = delete;
    SocketEngine &operator=(const SocketEngine &) = delete;

    virtual LabSocket::Engine kind() const = 0;
    virtual Api api() const = 0;

    // Client: the connection attempt to an address already looked up.
    virtual void connectTo(const QHostAddress &address, quint16 port, quint16 localPort,
                           const QString &host)
        = 0;
    virtual qint64 write(const QByteArray &data) = 0;
    virtual qint64 read(qint64 maxBytes) = 0;
    virtual int shutdown(LabSocket::Shutdown how) = 0;
    // Verb::Close, Verb::Abort or Verb::DisconnectFromHost.
    virtual int close(Verb verb) = 0;
    virtual int setNoDelay(bool on) = 0;
    virtual int setCork(bool on) = 0;
    virtual int setLinger(bool on, int seconds) = 0;
    // The options set before the socket existed, right after it does: the ones every engine
    // has (TCP_NODELAY, TCP_CORK, SO_LINGER; those Qt lacks fail there and say so).
    virtual void applyOptions(const LabSocket::Options &options)
    {
        if (options.noDelay)
            setNoDelay(true);
        if (options.cork)
            setCork(true);
        if (options.linger)
            setLinger(true, options.lingerSeconds);
    }
    virtual qint64 bytesAvailable() const = 0;
    virtual bool isHeld() const = 0;
    virtual bool isBusy() const = 0;
    virtual void autoReadChanged() = 0;
    // The socket goes away: let the descriptor go quietly.
    virtual void release() = 0;

protected:
    LabSocket *s;
};

class NativeEngine final : public SocketEngine
{
public:
    using SocketEngine::SocketEngine;
    ~NativeEngine() override;

    LabSocket::Engine kind() const override { return LabSocket::Engine::Native; }
    Api api() const override { return Api::System; }
    // Server side: a descriptor accept() returned.
    void adopt(int fd);

    void connectTo(const QHostAddress &address, quint16 port, quint16 localPort,
                   const QString &host) override;
    qint64 write(const QByteArray &data) override;
    qint64 read(qint64 maxBytes) override;
    int shutdown(LabSocket::Shutdown how) override;
    int close(Verb verb) override;
    int setNoDelay(bool on) override;
    int setCork(bool on) override;
    int setLinger(bool on, int seconds) override;
    void applyOptions(const LabSocket::Options &options) override;
    qint64 bytesAvailable() const override;
    bool isHeld() const override;
    bool isBusy() const override;
    void autoReadChanged() override;
    void release() override;

private:
    void connectNow(const QHostAddress &address, quint16 port, const QString &host);
    bool notOpen();
    int setOption(int level, int name, const void *value, unsigned length,
                  const SocketOption &option);
    void onReadable();
    void onWritable();
    void setupNotifiers();
    void teardownNotifiers();

    std::unique_ptr<QSocketNotifier> m_readNotifier;
    std::unique_ptr<QSocketNotifier> m_writeNotifier;
};

class QtEngine final : public SocketEngine
{
public:
    using SocketEngine::SocketEngine;
    ~QtEngine() override;

    LabSocket::Engine kind() const override { return LabSocket::Engine::Qt; }
    Api api() const override { return Api::Qt; }
    // Server side: a socket from QTcpServer::nextPendingConnection().
    void adopt(QTcpSocket *socket);

    void connectTo(const QHostAddress &address, quint16 port, quint16 localPort,
                   const QString &host) override;
    qint64 write(const QByteArray &data) override;
    qint64 read(qint64 maxBytes) override;
    int shutdown(LabSocket::Shutdown how) override;
    int close(Verb verb) override;
    int setNoDelay(bool on) override;
    int setCork(bool on) override;
    int setLinger(bool on, int seconds) override;
    qint64 bytesAvailable() const override;
    bool isHeld() const override;
    bool isBusy() const override;
    void autoReadChanged() override;
    void release() override;

private:
    void connectNow(QTcpSocket *socket, const QHostAddress &address, quint16 port,
                    const QString &host);
    void attach(QTcpSocket *socket);
    // Records connectToHost() once Qt's socket (and so the local port) exists, or once the
    // attempt is settled without one.
    void connectStarted(bool settled);
    int notSupported(LabSocket::NotInQt what);
    void record(qint64 t0, Event call, qint64 result, const QByteArray &data = {});
    void recordSignal(Verb signal, qint64 result = 0, int qtError = -1);

    QPointer<QTcpSocket> m_qt; // a child of the LabSocket
    // connectToHost(), not yet recorded: when it was called, and with what.
    std::pair<qint64, Event> m_pendingConnect {-1, {}};
};

} // namespace tcplab
