#pragma once

#include "session/event.h"
#include "socket/labsocket.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace tcplab {

// One step of an experiment: which side does which verb, and when.
struct ScenarioStep
{
    Side side = Side::Client;
    QString
        verb; // listen, connect, accept, write, read, shutdown, close, abort, setsockopt, wait, ...
    QString data; // write: what to send
    QString how; // shutdown: SHUT_WR / SHUT_RD / SHUT_RDWR
    QString option; // setsockopt: TCP_NODELAY / TCP_CORK / SO_LINGER
    int value = 0; // setsockopt: the value (SO_LINGER: seconds, linger on)
    bool reuseAddress = true; // listen-again
    QString waitFor; // an event that must have happened since the previous step ("server.eof")
    int delayMs = 0; // then wait this long
        QString expectErrno; // the call is expected to fail with this errno
    // Runs right after the previous step, in the same turn of the event loop (before Qt has
    // sent what its write() buffered).
    bool atOnce = false;
    QString note; // what the step shows, in the scenario's language of writing (English)

    QString describe() const; // "client: shutdown(SHUT_WR)"
};

struct ScenarioSide
{
    bool autoRead = true;
    bool autoAccept = true; // server
    int backlog = 5; // server
        bool reuseAddress = true; // server
    // Qt's QTcpSocket/QTcpServer instead of the system calls ("engine": "qt"): the server's
    // listen() and the sockets it accepts; the client's "connect" (connectToHost is always Qt).
    bool qt = false;
    LabSocket::Options options;
};

// An experiment as data (`"format": "tcplab-scenario/1"`): built-in ones ship as JSON inside
// the app, teachers write their own. What it expects of the wire and of the states is part of it.
struct Scenario
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Scenario)

public:
    QString id;
    QMap<QString, QString> title; // language ("en", "zh_CN") -> text
    QMap<QString, QString> explanation;
    QString pair; // the other half of a pair (half-close <-> close-vs-shutdown)
    bool modelledOnly = false; // cannot be forced on loopback here: always modelled
    int simultaneousUs = 0; // modelled closes this close together cross on the wire
    ScenarioSide client;
    ScenarioSide server;
    QList<ScenarioStep> steps;
    QString expectWire; // "c:S s:S. c:. ..." with "?" for optional segments
    QStringList expectClientStates; // in order (others may come between)
    QStringList expectServerStates;
    QString lesson; // the sentence a student should take away (English; translated in
                    // title/explanation)

    // The text in a language, English when that language has none.
    QString titleIn(const QString &language) const;
    QString explanationIn(const QString &language) const;

    // Parses a scenario file; on failure says which field is wrong and what was expected.
    static std::optional<Scenario> fromJson(const QByteArray &json, QString *error);
    QByteArray toJson() const;

    static const QStringList &verbs();
    static const QStringList &events();
};

} // namespace tcplab
