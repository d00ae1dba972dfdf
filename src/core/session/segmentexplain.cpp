#include "session/segmentexplain.h"

#include "session/session.h"

namespace tcplab {

namespace {

bool sameFlow(const Event &a, const Event &b)
{
    return (a.srcPort == b.srcPort && a.dstPort == b.dstPort)
        || (a.srcPort == b.dstPort && a.dstPort == b.srcPort);
}

// The application call of the sender that came last before this segment.
const Event *lastCallBefore(const Session &session, int index, Side side)
{
    for (int i = index - 1; i >= 0; --i) {
        const Event &e = session.at(i);
        if (e.kind == Event::Kind::Call && e.side == side)
            return &e;
    }
    return nullptr;
}

// The last verb the side called through Qt's API (signals skipped), on the Qt engine.
const Event *lastQtVerbBefore(const Session &session, int index, Side side)
{
    for (int i = index - 1; i >= 0; --i) {
        const Event &e = session.at(i);
        if (e.kind == Event::Kind::Call && e.side == side && e.isQt() && !e.isQtSignal())
            return &e;
    }
    return nullptr;
}

} // namespace

QString SegmentText::sideName(int side)
{
    return side == int(Side::Client) ? tr("the client") : tr("the server");
}

QString SegmentText::flagWords(const QString &letters)
{
    QStringList words;
    for (const QChar c : letters) {
        switch (c.toLatin1()) {
        case 'S':
            words << QStringLiteral("SYN");
            break;
        case 'F':
            words << QStringLiteral("FIN");
            break;
        case 'P':
            words << QStringLiteral("PSH");
            break;
        case 'R':
            words << QStringLiteral("RST");
            break;
        case 'U':
            words << QStringLiteral("URG");
            break;
        case 'E':
            words << QStringLiteral("ECE");
            break;
        case 'W':
            words << QStringLiteral("CWR");
            break;
        case '.':
            words << QStringLiteral("ACK");
            break;
        default:
            break;
        }
    }
    return words.join(QStringLiteral(", "));
}

QString SegmentText::summary(const Event &e)
{
    QString label = QStringLiteral("%1 [%2] seq %3").arg(flagWords(e.flags), e.flags).arg(e.relSeq);
    if (e.hasAck())
        label += QStringLiteral(" ack %1").arg(e.relAck);
    return label + QStringLiteral(" len %1").arg(e.len);
}

QString SegmentText::explain(const Session &session, int index)
{
    const Event &s = session.at(index);
    const QString who = sideName(int(s.side));
    // At the start of a sentence (a no-op for Chinese).
    const QString Who = who.left(1).toUpper() + who.mid(1);
    const QString other = sideName(s.side == Side::Client ? int(Side::Server) : int(Side::Client));
    // What came before in this connection.
    bool sawSynAck = false;
    bool handshakeDone = false;
    bool otherFinPending = false; // a FIN from the other side not yet acknowledged by this side
    bool ownFinSent = false;
    bool anySegmentBefore = false;
    for (int i = 0; i < index; ++i) {
        const Event &e = session.at(i);
        if (e.kind != Event::Kind::Segment || !sameFlow(e, s))
            continue;
        anySegmentBefore = true;
        if (e.isSyn() && e.hasAck())
            sawSynAck = true;
        else if (sawSynAck && e.hasAck() && !e.isSyn())
            handshakeDone = true;
        if (e.isFin() && e.side != s.side)
            otherFinPending = true;
        if (e.side == s.side && e.hasAck() && otherFinPending && !e.isFin() && e.len == 0)
            otherFinPending = false;
        if (e.isFin() && e.side == s.side)
            ownFinSent = true;
    }

    if (s.isRst()) {
        const Event *call = lastCallBefore(session, index, s.side);
        if (!anySegmentBefore || (s.hasAck() && s.relSeq == 0 && !handshakeDone && !sawSynAck))
            return tr("Connection refused: nothing listens on this port, so %1's kernel answers "
                      "the SYN "
                      "with RST. connect() fails with ECONNREFUSED.")
                .arg(who);
        if (call && call->call == QLatin1String("close")) {
            for (int i = index - 1; i >= 0; --i) {
                const Event &e = session.at(i);
                if (e.kind == Event::Kind::Call && e.side == s.side
                    && e.call == QLatin1String("setsockopt")
                    && e.args == QLatin1String("SO_LINGER {1, 0}"))
                    return tr("Abortive close: %1's application set SO_LINGER {on, 0} and called "
                              "close(), so "
                              "the kernel throws the connection away with RST — no FIN, no "
                              "TIME_WAIT. The "
                              "other side's next read fails with ECONNRESET.")
                        .arg(who);
            }
            return tr("%1 closed its socket while received data was still unread, so the kernel "
                      "resets "
                      "the connection with RST instead of a FIN (RFC 2525). The other side's next "
                      "read "
                      "fails with ECONNRESET.")
                .arg(Who);
        }
        return tr("Data arrived for a socket that %1's application had already closed: nobody can "
                  "read "
                  "it, so the kernel answers with RST (RFC 1122) and the connection is gone.")
            .arg(who);
    }
    if (s.isSyn() && !s.hasAck())
        return tr("%1 opens the connection: the SYN carries its initial sequence number and its "
                  "options (maximum segment size, window scale, SACK, timestamps). Step one of the "
                  "three-way handshake.")
            .arg(Who);
    if (s.isSyn())
        return tr("%1 accepts: its SYN/ACK acknowledges the SYN (ack = the other side's initial "
                  "sequence number + 1, since a SYN counts as one) and carries its own initial "
                  "sequence "
                  "number. Step two of the three-way handshake.")
            .arg(Who);
    if (sawSynAck && !handshakeDone && s.len == 0 && !s.isFin())
        return tr("%1 acknowledges the SYN/ACK: step three of the three-way handshake. Both sides "
                  "are "
                  "now ESTABLISHED — and the kernel did all of this before accept() was even "
                  "called.")
            .arg(Who);
    if (s.isFin()) {
        QString text = ownFinSent
            ? QString()
            : tr("%1 has nothing more to send (its application called close() or "
                 "shutdown(SHUT_WR)): FIN, which counts as one sequence number.")
                  .arg(Who);
        // On Qt's QTcpSocket the FIN comes from Qt closing the descriptor; say which way.
        if (const Event *qt = ownFinSent ? nullptr : lastQtVerbBefore(session, index, s.side)) {
            if (qt->call == QLatin1String("abort"))
                text
                    = tr("%1's QTcpSocket::abort(): Qt drops the bytes it still buffers and closes "
                         "the descriptor, so the kernel sends FIN, not RST.")
                          .arg(Who);
            else if (qt->call == QLatin1String("close")
                     || qt->call == QLatin1String("disconnectFromHost"))
                text = tr("%1's QTcpSocket::%2(): Qt sends what it still buffers, then closes the "
                          "descriptor: FIN.")
                           .arg(Who, qt->call);
            else if (otherFinPending)
                text = tr("%1 runs on Qt's QTcpSocket: as %2's FIN arrived, Qt closed the "
                          "descriptor by itself (then emitted "
                          "errorOccurred(RemoteHostClosedError)). "
                          "A QTcpSocket never stays in CLOSE_WAIT, so its FIN follows at once.")
                           .arg(Who, other);
        }
        if (otherFinPending)
            text += QLatin1Char(' ')
                + tr("It also acknowledges %1's FIN: the application closed within the delayed-ACK "
                     "time, "
                     "so the ACK rode on this FIN and the four-way teardown shows as three "
                     "segments.")
                      .arg(other);
        if (s.len > 0)
            text += QLatin1Char(' ')
                + tr("The FIN rides on the last %n byte(s) of data.", nullptr, int(s.len));
        return text.trimmed();
    }
    if (s.len > 0) {
        QString text
            = tr("%1 sends %n byte(s) of data (sequence numbers %2 to %3). PSH asks the receiver "
                 "to hand them to the application at once.",
                 nullptr, int(s.len))
                  .arg(Who)
                  .arg(s.relSeq)
                  .arg(qint64(s.relSeq) + s.len - 1);
        if (otherFinPending)
            text += QLatin1Char(' ')
                + tr("It also acknowledges %1's FIN: a half-closed connection still carries data "
                     "the "
                     "other way.")
                      .arg(other);
        return text;
    }
    if (otherFinPending)
        return tr("%1 acknowledges %2's FIN (ack = its sequence number + 1). If it had closed "
                  "already, "
                  "this is the last segment and it now waits in TIME_WAIT (60 s on Linux); "
                  "otherwise it "
                  "is in CLOSE_WAIT and may still send.")
            .arg(Who, other);
    return tr("%1 acknowledges what it received: ack = %2 means every byte before %2 arrived. "
              "Linux "
              "acknowledges at once early in a connection (quick-ack) and delays ACKs later.")
        .arg(Who)
        .arg(s.relAck);
}

QList<QPair<QString, QString>> SegmentText::fields(const Session &session, int index)
{
    const Event &s = session.at(index);
    QList<QPair<QString, QString>> out;
    out.append(
        {tr("From"),
         tr("%1 (port %2) to port %3").arg(sideName(int(s.side))).arg(s.srcPort).arg(s.dstPort)});
    out.append({tr("Flags"), QStringLiteral("%1  [%2]").arg(flagWords(s.flags), s.flags)});
    if (s.source == QLatin1String("modelled")) {
        out.append({tr("Sequence number"), QString::number(s.relSeq)});
        out.append({tr("Acknowledgement number"),
                    s.hasAck() ? QString::number(s.relAck) : QStringLiteral("—")});
    } else {
        out.append({tr("Sequence number"), tr("%1 (relative %2)").arg(s.seq).arg(s.relSeq)});
        out.append(
            {tr("Acknowledgement number"),
             s.hasAck() ? tr("%1 (relative %2)").arg(s.ack).arg(s.relAck) : QStringLiteral("—")});
    }
    out.append({tr("Payload length"), tr("%n byte(s)", nullptr, int(s.len))});
    out.append({tr("Window"), QString::number(s.win)});
    out.append({tr("Options"),
                s.options.isEmpty() ? QStringLiteral("—") : s.options.join(QStringLiteral(", "))});
    out.append({tr("Time"), tr("%1 ms").arg(double(s.tUs) / 1000.0, 0, 'f', 3)});
    out.append({tr("Source"),
                s.source == QLatin1String("live")       ? tr("captured live")
                    : s.source == QLatin1String("file") ? tr("read from a capture file")
                                                        : tr("modelled (not captured)")});
    return out;
}

} // namespace tcplab
