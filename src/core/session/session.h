#pragma once

#include "session/event.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
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

    // Appends an event, stamping its time. Returns its index.
    int add(Event event);

    int addCall(Side side, int conn, const QString &call, const QString &args, qint64 result,
                int err, const QByteArray &data = {});
    int addState(Side side, int conn, const QString &state, const QString &source,
                 const QString &via);
    int addNote(Side side, int conn, const QString &text, int err = 0);

    // The last state recorded for one side (and connection); empty when none yet.
    QString lastState(Side side, int conn) const;

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
    void eventAdded(int index);
    void cleared();

private:
    QList<Event> m_events;
    QElapsedTimer m_clock;
    QString m_scenario = QStringLiteral("seed");
    QString m_capture = QStringLiteral("off");
    Endpoint m_client;
    Endpoint m_server;
};

// "ECONNREFUSED" for ECONNREFUSED, "" for 0, "errno 123" for what we do not know by name.
QString errnoName(int err);

} // namespace tcplab
