#include "socket/errortext.h"

#include "session/session.h"

#include <cerrno>
#include <cstring>

namespace tcplab {

QString ErrorText::explain(int err, const QString &what, const QString &where)
{
    const QString head = QStringLiteral("%1(): %2").arg(what, errnoName(err));
    QString text;
    switch (err) {
    case ECONNREFUSED:
        text = tr("Connection refused: nothing is listening on %1, so the kernel there answered "
                  "the SYN with RST. Start the server (Listen) first, or check the address and "
                  "port.")
                   .arg(where);
        break;
    case ECONNRESET:
        text = tr("Connection reset by the peer: it sent RST, for example because it closed with "
                  "unread data or aborted. The connection is gone; close this socket.");
        break;
    case EPIPE:
        text = tr("Broken pipe: this side can no longer send (it called shutdown(SHUT_WR), or the "
                  "peer reset the connection). Close the socket.");
        break;
    case ETIMEDOUT:
        text = tr("Timed out: the peer did not answer, so the kernel gave up after its "
                  "retransmissions. Check that the host is reachable.");
        break;
    case EADDRINUSE:
        text = tr("Address already in use: another socket holds %1. Often it is a connection "
                  "still in TIME_WAIT from an earlier run (TIME_WAIT lasts 60 s on Linux). Wait a "
                  "minute, or choose another port.")
                   .arg(where);
        break;
    case EADDRNOTAVAIL:
        text = tr("Address not available: %1 is not an address of this machine.").arg(where);
        break;
    case EACCES:
    case EPERM:
        text = tr("Permission denied: ports below 1024 need administrator rights. Use a port "
                  "from 1024 to 65535.");
        break;
    case ENOTCONN:
        text = tr("The socket is not connected.");
        break;
    case EAGAIN:
        text = tr("Nothing to do right now (EAGAIN): no data has arrived yet.");
        break;
    case ENETUNREACH:
    case EHOSTUNREACH:
        text = tr("No route to %1: the network or host cannot be reached from here.").arg(where);
        break;
    default:
        text = QString::fromLocal8Bit(std::strerror(err));
        break;
    }
    return head + QStringLiteral(" — ") + text;
}

QString ErrorText::addressInUse(const QString &what, const QString &where, bool reuseAddress)
{
    const QString head = QStringLiteral("%1(): %2").arg(what, errnoName(EADDRINUSE));
    const QString text = reuseAddress
        ? tr("Address already in use: another socket holds %1, most often a server still "
             "listening there. This socket had SO_REUSEADDR on, so a connection left in "
             "TIME_WAIT was not the cause. Stop the other server, or choose another port.")
              .arg(where)
        : tr("Address already in use: another socket holds %1. Often it is a connection still "
             "in TIME_WAIT from an earlier run (TIME_WAIT lasts 60 s on Linux), which only a "
             "socket with SO_REUSEADDR on may bind past. Wait a minute, or choose another port.")
              .arg(where);
    return head + QStringLiteral(" — ") + text;
}

QString ErrorText::invalidPort(const QString &text)
{
    return tr("\"%1\" is not a port: enter a whole number from 1 to 65535.").arg(text);
}

QString ErrorText::unknownHost(const QString &host, const QString &detail)
{
    return tr("Unknown host \"%1\": the name could not be looked up (%2). Check the spelling, or "
              "enter an IP address such as 127.0.0.1.")
        .arg(host, detail);
}

QString ErrorText::notOpen()
{
    return tr("The socket is not open.");
}

} // namespace tcplab
