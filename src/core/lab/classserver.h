#pragma once

#include "socket/listener.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

namespace tcplab {

class LabSocket;
class SeedServer;
class Session;

// The article's server.c for a whole class: it listens, and serves every student's client as
// it comes, one after another or many at once, the way server.c serves one (read a line,
// print it, answer "I got your message", close first). What it did with each student is
// reported once, when it is done with them; their sockets go then, so a server left running
// all day holds one socket per student still being served and a session of those alone.
class ClassServer : public QObject
{
    Q_OBJECT

public:
    struct Student
    {
        int number = 0; // 1, 2, ...: in the order they were accepted
        QString peer; // "192.168.1.7:51234"
        QByteArray message; // what the first read() returned (empty: end-of-file)
        bool answered = false; // write() of the whole answer
        bool closed = false; // close(): the server closed first
        QString error; // why it went otherwise (the client reset, ...)
        qint64 servedUs = 0; // from accept() to the close() after the answer
    };

    explicit ClassServer(QObject *parent = nullptr);
    ~ClassServer() override;

    // Where other machines reach a server bound to `bound`: that address, or for 0.0.0.0 (::)
    // this computer's addresses on interfaces that are up, other than loopback (loopback when
    // there is no other).
    static QStringList addressesToConnectTo(const QHostAddress &bound);

    // Listens (backlog: a class's worth); false with errorText() when it cannot.
    bool start(const Listener::Settings &settings);
    QString errorText() const { return m_errorText; }
    QHostAddress address() const;
    quint16 port() const;
    int served() const { return m_served; }
    int beingServed() const { return int(m_students.size()); }

Q_SIGNALS:
    void studentDone(const tcplab::ClassServer::Student &student);

private:
    void accepted(LabSocket *socket);
    void finish(LabSocket *socket);

    Session *m_session = nullptr;
    Listener *m_listener = nullptr;
    SeedServer *m_seed = nullptr;
    QHash<LabSocket *, Student> m_students;
    QHash<LabSocket *, QElapsedTimer> m_clocks;
    QString m_errorText;
    int m_accepted = 0;
    int m_served = 0;
};

} // namespace tcplab
