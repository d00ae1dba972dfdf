#pragma once

#include "session/connections.h"
#include "session/event.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>

namespace tcplab {

// How a session's segments came to be known.
enum class CaptureKind { None, Live, Modelled, File };
QString captureName(CaptureKind capture); // "off", "live", "modelled", "file"

// The ordered record of one lab run: every call both sides made, every segment on the wire,
// each state read from the kernel or inferred, and which connection each belongs to. Everything
// else (event log, ladder, exports, JSON, the verdict) reads from here.
//
// One clock: every time is CLOCK_REALTIME in microseconds, as libpcap stamps frames, counted
// from the session's first reading of it, so a segment can never be stamped before the call
// that sent it.
class Session : public QObject
{
    Q_OBJECT

public:
    explicit Session(QObject *parent = nullptr);

    void clear();

    const QList<Event> &events() const { return m_events; }
    int size() const { return int(m_events.size()); }
    const Event &at(int index) const { return m_events.at(index); }
    int indexOfId(quint64 id) const; // -1 when the event is gone

    // Session time in microseconds: 0 at the first reading. Reading it starts the clock.
    qint64 now();
    // A CLOCK_REALTIME timestamp (as libpcap gives) in session time.
    qint64 fromRealtimeUs(qint64 realtimeUs);

    // Inserts an event at the time it carries: after every earlier event and, at the same time,
    // calls before segments before states (a call's segments are sent while it runs). Gives it
    // its id. Returns its index.
    int insert(Event event);
    void removeAt(int index);

    // Records a call that started at startUs (-1: now), with the fields set in `call`.
    int addCall(Event call, qint64 startUs = -1);
    // A state read from the kernel between fromUs and now. Nothing is added when it says what
    // the previous reading of that end said, or when it says "gone" of an end never read.
    int addReading(Side side, int conn, bool listener, TcpState state, StateVia via, qint64 fromUs,
                   qint64 remainingMs = -1);
    // A segment seen on the wire (or read from a file): placed in its connection, numbered.
    // Returns its index.
    int addSegment(Event segment, quint16 serverPortHint = 0);
    // A segment the model predicts, for a connection already known: numbered as it is.
    int addModelledSegment(Event segment);
    int addNote(Side side, int conn, NoteKind note, int count);

    ConnectionTable &connections() { return m_connections; }
    // The lab's socket of connection `conn` knows its ends now. Segments the capture met before
    // (put in a connection of their own) are moved to it, and whoever held that connection's
    // number hears connectionMerged() and takes the new one.
    void setConnectionEnds(int conn, const Endpoint &client, const Endpoint &server);
    const ConnectionTable &connections() const { return m_connections; }
    // A connection's display-independent label, chosen by the experiment ("QTcpSocket").
    void setConnectionLabel(int conn, const QMap<QString, QString> &label);
    QMap<QString, QString> connectionLabel(int conn) const { return m_labels.value(conn); }

    QString scenario() const { return m_scenario; }
    void setScenario(const QString &id) { m_scenario = id; }
    // Where it ran: the network's kind as on the command line ("lab", "loopback") and, on the
    // lab network, its wire (wirerules.h syntax; empty: a perfect wire).
    void setNetwork(const QString &kind, const QString &wire = {})
    {
        m_network = kind;
        m_wire = wire;
    }
    QString network() const { return m_network; }
    // Frames the capture lost before the lab read them: the segments are incomplete.
    void setLostFrames(int lost) { m_lostFrames = lost; }
    int lostFrames() const { return m_lostFrames; }
    QString wireSpec() const { return m_wire; }
    CaptureKind capture() const { return m_capture; }
    void setCapture(CaptureKind capture) { m_capture = capture; }
    // A textbook picture: modelled to show what cannot happen here; the kernel's readings of
    // the real sockets behind it are not compared with it.
    bool isTextbook() const { return m_textbook; }
    void setTextbook(bool textbook) { m_textbook = textbook; }
    // The first connection's ends (what a session of one connection is about); the listening
    // address once the server listens.
    Endpoint client() const;
    Endpoint server() const;
    void setListening(const Endpoint &endpoint) { m_listening = endpoint; }
    Endpoint listening() const { return m_listening; }

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;
    // Replaces this session's contents with a session file's (format 2, or 1); on failure leaves
    // it untouched and says why.
    bool loadJson(const QByteArray &bytes, QString *error);

Q_SIGNALS:
    // Before and after each change, so item models can bracket it (beginInsertRows ...).
    void aboutToInsert(int index);
    void eventInserted(int index);
    void aboutToRemove(int index);
    void eventRemoved(int index);
    void reset(); // cleared or replaced as a whole
    void eventsChanged(); // events changed in place (their connection), none added or removed
    void connectionMerged(int from, int into);

private:
    static int rank(const Event &e);
    QList<Event> m_events;
    quint64 m_nextId = 1;
    qint64 m_startUs = -1; // CLOCK_REALTIME at session time 0
    qint64 m_offsetUs = 0; // a reopened session continues after its last event
    ConnectionTable m_connections;
    QHash<int, QMap<QString, QString>> m_labels;
    QHash<int, int> m_merged; // an emptied connection (kept for its number) -> the one it became
    // The last reading of each end: conn, side, listener -> state.
    QHash<EndId, TcpState> m_lastReading;
    QString m_scenario = QStringLiteral("seed");
    QString m_network;
    QString m_wire;
    int m_lostFrames = 0;
    CaptureKind m_capture = CaptureKind::None;
    bool m_textbook = false;
    Endpoint m_listening;
};

} // namespace tcplab
