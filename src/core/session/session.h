#pragma once

#include "session/event.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QObject>

namespace tcplab {

// The ordered record of one lab run: every call both sides made, the kernel states read
// after them, and notes. Everything else (event log, ladder, exports, JSON) reads from here.
class Session : public QObject
{
    Q_OBJECT

public:
    struct Endpoint
    {
        QHostAddress address;
        quint16 port = 0;
    };

    explicit Session(QObject *parent = nullptr);

    void clear();

    const QList<Event> &events() const { return m_events; }
    int size() const { return int(m_events.size()); }
    const Event &at(int index) const { return m_events.at(index); }

    // Session time in microseconds: 0 at the first event. Reading it starts the clock.
    qint64 now();
    // A CLOCK_REALTIME timestamp (as libpcap gives) in session time.
    qint64 fromRealtimeUs(qint64 realtimeUs);

    // Appends an event stamped now. Returns its index.
    int add(Event event);
    // Inserts an event at the time it already carries, after every event not later than it
    // (a captured segment arrives after the call that caused it returned). Returns its index.
    int insert(Event event);
    void removeAt(int index);

    // atUs: when the call started (-1: now). Stamping a call at its start keeps it before the
    // segments it causes, which the kernel sends while the call is still running.
    int addCall(Side side, int conn, const QString &call, const QString &args, qint64 result,
                int err, const QByteArray &data = {}, qint64 atUs = -1);
    // A call of Qt's API ("qt") or a signal Qt emitted ("qt-signal"), on the Qt engine.
        // (The system calls' addCall() is this with no api.)
    int addQtCall(Side side, int conn, const QString &api, const QString &call,
                  const QString &args, qint64 result, const QByteArray &data = {},
                  qint64 atUs = -1, int err = 0);
    int addState(Side side, int conn, const QString &state, const QString &source,
                 const QString &via, qint64 remainingMs = -1, qint64 atUs = -1);
    int addNote(Side side, int conn, const QString &text, int err = 0);

    // Which client port each server-side connection number belongs to, so that segments
    // (identified by their ports) and server events (by connection number) can be matched.
    void setConnectionPort(int conn, quint16 clientPort);
    quint16 connectionPort(int conn) const { return m_connectionPorts.value(conn); }
    int connectionForPort(quint16 clientPort) const { return m_connectionPorts.key(clientPort, 0); }
    const QMap<int, quint16> &connectionPorts() const { return m_connectionPorts; }
    // The same for the lab's clients (numbered 0, 1, ... in the order they connected), when an
    // experiment opens several connections.
    void setClientConnectionPort(int conn, quint16 clientPort);
    quint16 clientConnectionPort(int conn) const { return m_clientPorts.value(conn); }
    int clientConnectionForPort(quint16 clientPort) const
    {
        return m_clientPorts.key(clientPort, -1);
    }

    QString scenario() const { return m_scenario; }
    void setScenario(const QString &id) { m_scenario = id; }
    QString capture() const { return m_capture; }
    void setCapture(const QString &capture) { m_capture = capture; }
    Endpoint client() const { return m_client; }
    void setClient(const Endpoint &endpoint) { m_client = endpoint; }
    Endpoint server() const { return m_server; }
    void setServer(const Endpoint &endpoint) { m_server = endpoint; }

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;
    // Replaces this session's contents; on failure leaves it untouched and says why.
    bool loadJson(const QByteArray &bytes, QString *error);

Q_SIGNALS:
    // Before and after each change, so item models can bracket it (beginInsertRows ...).
    void aboutToInsert(int index);
    void eventInserted(int index);
    void aboutToRemove(int index);
    void eventRemoved(int index);
    void reset(); // cleared or replaced as a whole

private:
    // Appended now, or inserted at atUs (>= 0) by time.
    int placed(Event e, qint64 atUs);
    QList<Event> m_events;
    QElapsedTimer m_clock;
    qint64 m_realtimeStartUs = 0;
    qint64 m_offsetUs = 0;
    QMap<int, quint16> m_connectionPorts;
    QMap<int, quint16> m_clientPorts;
    QString m_scenario = QStringLiteral("seed");
    QString m_capture = QStringLiteral("off");
    Endpoint m_client;
    Endpoint m_server;
};

// "ECONNREFUSED" for ECONNREFUSED, "" for 0, "errno 123" for what we do not know by name.
QString errnoName(int err);

} // namespace tcplab
