#include "lab/seedserver.h"

#include "socket/labsocket.h"

namespace tcplab {

SeedServer::SeedServer(QObject *parent)
    : QObject(parent)
{
}

void SeedServer::serve(LabSocket *socket)
{
    auto handled = std::make_shared<bool>(false);
    connect(socket, &LabSocket::dataReceived, this,
            [this, socket, handled](const QByteArray &data) {
                if (*handled)
                    return;
                *handled = true;
                respond(socket, data);
            });
    connect(socket, &LabSocket::endOfFile, this, [this, socket, handled] {
        if (*handled)
            return;
        *handled = true;
        respond(socket, {});
    });
}

void SeedServer::respond(LabSocket *socket, const QByteArray &message)
{
    Q_EMIT messageReceived(socket, message);
    bool replied = false;
    bool closed = false;
    if (m_replyEnabled && socket->isOpen())
        replied = socket->write(m_reply) == m_reply.size();
    if (m_closeAfterReply && socket->isOpen())
        closed = socket->close() == 0;
    Q_EMIT served(socket, replied, closed);
}

} // namespace tcplab
