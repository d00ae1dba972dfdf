#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>

namespace tcplab {

class LabSocket;

// What the article's server.c does with an accepted connection: one read(), print
// "Here is the message: …", write the answer, close() — the server closes first.
// The window's server pane and the headless runner share it; answering and closing are
// switchable so students can depart from the script.
class SeedServer : public QObject
{
    Q_OBJECT

public:
    explicit SeedServer(QObject *parent = nullptr);

    void setReply(const QByteArray &reply) { m_reply = reply; }
    QByteArray reply() const { return m_reply; }
    void setReplyEnabled(bool on) { m_replyEnabled = on; }
    bool replyEnabled() const { return m_replyEnabled; }
    void setCloseAfterReply(bool on) { m_closeAfterReply = on; }
    bool closeAfterReply() const { return m_closeAfterReply; }

    // Serve this connection: act on its first read (data or end-of-file).
    void serve(LabSocket *socket);

Q_SIGNALS:
    void messageReceived(tcplab::LabSocket *socket, const QByteArray &message);
    void served(tcplab::LabSocket *socket, bool replied, bool closed);

private:
    void respond(LabSocket *socket, const QByteArray &message);

    QByteArray m_reply = QByteArrayLiteral("I got your message");
    bool m_replyEnabled = true;
    bool m_closeAfterReply = true;
};

} // namespace tcplab
