#include "session/segmentexplain.h"

#include "session/eventtext.h"
#include "session/session.h"
#include "session/timing.h"

namespace tcplab {

namespace {

// What came before a segment in its connection.
struct History
{
    bool anySegmentBefore = false;
    bool sawSynAck = false;
    bool handshakeDone = false;
    bool ownFinSent = false;
    const Event *otherFin = nullptr; // a FIN from the other side not yet acknowledged alone
    const Event *firstSyn = nullptr; // this side's first SYN, when this is one again
    const Event *original = nullptr; // the segment this one repeats (a retransmission)
    const Event *lastOtherData = nullptr; // the other side's last segment with data
};

History historyOf(const Session &session, int index)
{
    const Event &s = session.at(index);
    History h;
    for (int i = 0; i < index; ++i) {
        const Event &e = session.at(i);
        if (e.kind != Event::Kind::Segment || e.conn != s.conn)
            continue;
        h.anySegmentBefore = true;
        if (e.isSyn() && e.hasAck())
            h.sawSynAck = true;
        else if (h.sawSynAck && e.hasAck() && !e.isSyn())
            h.handshakeDone = true;
        if (e.side != s.side) {
            if (e.isFin())
                h.otherFin = &e;
            if (e.len > 0)
                h.lastOtherData = &e;
        } else {
            if (e.hasAck() && !e.isFin() && e.len == 0 && h.otherFin)
                h.otherFin = nullptr; // acknowledged already
            if (e.isFin())
                h.ownFinSent = true;
            if (e.isSyn() && !e.hasAck() && !h.firstSyn)
                h.firstSyn = &e;
            if (e.seqLength() > 0 && e.relSeq == s.relSeq && e.flags == s.flags && e.len == s.len)
                h.original = &e;
        }
    }
    return h;
}

// The last call this end of the connection made before the segment.
const Event *lastCallBefore(const Session &session, int index, Side side, bool qtVerbsOnly = false)
{
    const Event &s = session.at(index);
    for (int i = index - 1; i >= 0; --i) {
        const Event &e = session.at(i);
        if (e.kind == Event::Kind::Call && e.side == side && e.conn == s.conn
            && (!qtVerbsOnly || (e.isQt() && !e.isQtSignal())))
            return &e;
    }
    return nullptr;
}

bool setLingerZero(const Session &session, int index, Side side)
{
    const Event &s = session.at(index);
    for (int i = index - 1; i >= 0; --i) {
        const Event &e = session.at(i);
        if (e.is(Verb::SetSockOpt) && e.side == side && e.conn == s.conn
            && e.option.name == SocketOption::Name::Linger)
            return e.option.isLingerZero();
    }
    return false;
}

} // namespace

QString SegmentText::sideName(bool client)
{
    return client ? tr("the client") : tr("the server");
}

QString SegmentText::duration(qint64 us)
{
    if (us < 10000)
        return tr("%1 ms").arg(double(us) / 1000.0, 0, 'f', 3);
    if (us < 10000000)
        return tr("%1 ms").arg(double(us) / 1000.0, 0, 'f', 1);
    return tr("%1 s").arg(double(us) / 1e6, 0, 'f', 2);
}

QString SegmentText::explain(const Session &session, int index)
{
    const Event &s = session.at(index);
    const Connection *connection = session.connections().find(s.conn);
    const bool self = connection && connection->selfConnected();
    const QString who = self ? tr("the socket") : sideName(s.side == Side::Client);
    // At the start of a sentence (a no-op for Chinese).
    const QString Who = who.left(1).toUpper() + who.mid(1);
    const QString other = self ? tr("itself") : sideName(s.side != Side::Client);
    const History h = historyOf(session, index);

    if (s.isRst()) {
        const Event *call = lastCallBefore(session, index, s.side);
        if (!h.anySegmentBefore || (s.hasAck() && !h.sawSynAck && !h.handshakeDone))
            return tr("Connection refused: nothing listens on this port, so %1's kernel answers "
                      "the SYN with RST. connect() fails with ECONNREFUSED.")
                .arg(who);
        if (call && (call->verb == Verb::Close || call->verb == Verb::Abort) && !call->isQt()) {
            if (setLingerZero(session, index, s.side))
                return tr("Abortive close: %1's application set SO_LINGER {on, 0} and called "
                          "close(), so the kernel throws the connection away with RST — no FIN, "
                          "no TIME_WAIT. The other side's next read fails with ECONNRESET.")
                    .arg(who);
            if (!h.ownFinSent)
                return tr("%1 closed its socket while received data was still unread, so the "
                          "kernel resets the connection with RST instead of a FIN (RFC 2525). The "
                          "other side's next read fails with ECONNRESET.")
                    .arg(Who);
        }
        return tr("Data arrived for a socket that %1's application had already closed: nobody can "
                  "read it, so the kernel answers with RST (RFC 1122) and the connection is gone.")
            .arg(who);
    }
    if (s.isSyn() && !s.hasAck()) {
        if (h.firstSyn)
            return tr("%1 sends its SYN again, %2 after the first: no SYN/ACK came back (the SYN "
                      "was dropped), so its retransmission timer ran out.")
                .arg(Who, duration(s.tUs - h.firstSyn->tUs));
        return tr("%1 opens the connection: the SYN carries its initial sequence number and its "
                  "options (maximum segment size, window scale, SACK, timestamps). Step one of the "
                  "three-way handshake.")
            .arg(Who);
    }
    if (s.isSyn()) {
        if (self)
            return tr("The socket's SYN arrived at the socket itself, which was in SYN_SENT: a "
                      "simultaneous open. It answers with SYN/ACK (ack = its own initial sequence "
                      "number + 1) and goes to SYN_RECEIVED; no LISTEN is involved.");
        return tr("%1 accepts: its SYN/ACK acknowledges the SYN (ack = the other side's initial "
                  "sequence number + 1, since a SYN counts as one) and carries its own initial "
                  "sequence number. Step two of the three-way handshake.")
            .arg(Who);
    }
    if (h.sawSynAck && !h.handshakeDone && s.len == 0 && !s.isFin()) {
        QString text = tr("%1 acknowledges the SYN/ACK: step three of the three-way handshake. "
                          "Both sides are now ESTABLISHED.")
                           .arg(Who);
        // Whether the server's application had asked for the connection yet.
        bool acceptedBefore = false;
        bool accepted = false;
        for (int i = 0; i < session.size(); ++i) {
            const Event &e = session.at(i);
            if (e.conn == s.conn && (e.is(Verb::Accept) || e.is(Verb::NextPendingConnection))
                && !e.failed()) {
                accepted = true;
                acceptedBefore = acceptedBefore || i < index;
            }
        }
        if (!self && !acceptedBefore)
            text += QLatin1Char(' ')
                + (accepted ? tr("The kernel finished the handshake before accept() was called.")
                            : tr("The kernel finished the handshake without accept(): the "
                                 "connection waits in the listener's accept queue."));
        return text;
    }
    const QString retransmitted = h.original
        ? tr("This is a retransmission, %1 after the first copy: no ACK covered it in time.")
              .arg(duration(s.tUs - h.original->tUs))
        : QString();
    if (s.isFin()) {
        QString text = h.ownFinSent
            ? QString()
            : tr("%1 has nothing more to send (its application called close() or "
                 "shutdown(SHUT_WR)): FIN, which counts as one sequence number.")
                  .arg(Who);
        // On Qt's QTcpSocket the FIN comes from Qt closing the descriptor; say which way.
        if (const Event *qt
            = h.ownFinSent ? nullptr : lastCallBefore(session, index, s.side, true)) {
            if (qt->verb == Verb::Abort)
                text = tr("%1's QTcpSocket::abort(): Qt drops the bytes it still buffers and "
                          "closes the descriptor, so the kernel sends FIN, not RST.")
                           .arg(Who);
            else if (qt->verb == Verb::Close || qt->verb == Verb::DisconnectFromHost)
                text = tr("%1's QTcpSocket::%2(): Qt sends what it still buffers, then closes the "
                          "descriptor: FIN.")
                           .arg(Who, verbName(qt->verb));
            else if (h.otherFin)
                text = tr("%1 runs on Qt's QTcpSocket: as %2's FIN arrived, Qt closed the "
                          "descriptor by itself (then emitted "
                          "errorOccurred(RemoteHostClosedError)). A QTcpSocket never stays in "
                          "CLOSE_WAIT, so its FIN follows at once.")
                           .arg(Who, other);
        }
        if (h.otherFin && s.hasAck() && qint32(s.relAck - h.otherFin->relSeq) > 0)
            text += QLatin1Char(' ')
                + tr("It also acknowledges %1's FIN: the application closed %2 after that FIN "
                     "arrived, within the delayed-ACK time, so the ACK rode on this FIN and the "
                     "four-way teardown shows as three segments.")
                      .arg(other, duration(s.tUs - h.otherFin->arrival()));
        else if (h.otherFin)
            text += QLatin1Char(' ')
                + tr("%1's FIN has not arrived here yet: the two FINs cross on the wire, a "
                     "simultaneous close.")
                      .arg(other.left(1).toUpper() + other.mid(1));
        if (s.len > 0)
            text += QLatin1Char(' ')
                + tr("The FIN rides on the last %n byte(s) of data.", nullptr, int(s.len));
        if (!retransmitted.isEmpty())
            text += QLatin1Char(' ') + retransmitted;
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
        if (h.otherFin)
            text += QLatin1Char(' ')
                + tr("It also acknowledges %1's FIN: a half-closed connection still carries data "
                     "the other way.")
                      .arg(other);
        if (!retransmitted.isEmpty())
            text += QLatin1Char(' ') + retransmitted;
        return text;
    }
    if (h.otherFin) {
        const qint64 after = s.tUs - h.otherFin->arrival();
        if (h.ownFinSent)
            return tr("%1 acknowledges %2's FIN (ack = its sequence number + 1): the last segment "
                      "of the teardown. %1 closed first, so it now waits in TIME_WAIT (60 s on "
                      "Linux); the other side is CLOSED.")
                .arg(Who, other);
        if (after >= kDelayedUs)
            return tr("%1 acknowledges %2's FIN on its own, %3 after it arrived: its application "
                      "had not closed within the delayed-ACK time, so the kernel sent this ACK "
                      "alone and the teardown takes four segments. %1 is in CLOSE_WAIT and may "
                      "still send.")
                .arg(Who, other, duration(after));
        return tr("%1 acknowledges %2's FIN (ack = its sequence number + 1), %3 after it arrived. "
                  "%1 is in CLOSE_WAIT and may still send.")
            .arg(Who, other, duration(after));
    }
    QString text = tr("%1 acknowledges what it received: ack = %2 means every byte before %2 "
                      "arrived.")
                       .arg(Who)
                       .arg(s.relAck);
    if (h.lastOtherData && s.hasAck()
        && s.relAck == h.lastOtherData->relSeq + quint32(h.lastOtherData->len)) {
        const qint64 after = s.tUs - h.lastOtherData->arrival();
        if (after < kImmediateUs)
            text += QLatin1Char(' ')
                + tr("It left %1 after the data: at once (early in a connection Linux "
                     "acknowledges every segment immediately, its quick-ack mode).")
                      .arg(duration(after));
        else if (after >= kDelayedUs)
            text += QLatin1Char(' ')
                + tr("It left %1 after the data: a delayed ACK. The kernel waited for an answer "
                     "to carry it, none came, and its delayed-ACK timer sent it alone.")
                      .arg(duration(after));
    }
    return text;
}

QList<QPair<QString, QString>> SegmentText::fields(const Session &session, int index)
{
    const Event &s = session.at(index);
    QList<QPair<QString, QString>> out;
    out.append(
        {tr("From"),
         tr("%1 (%2) to %3").arg(sideName(s.side == Side::Client), s.from.text(), s.to.text())});
    out.append({tr("Connection"), tr("#%1").arg(s.conn)});
    out.append({tr("Flags"),
                QStringLiteral("%1  [%2]").arg(EventText::flagWords(s.flags), s.flagLetters())});
    if (s.source == Source::Modelled) {
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
    QString window;
    if (s.isSyn())
        window = tr("%1 (a SYN's window is never scaled)").arg(s.win);
    else if (s.winShift > 0)
        window = tr("%1 (raw %2 × 2^%3: the window scale its SYN offered)")
                     .arg(qint64(s.win) << s.winShift)
                     .arg(s.win)
                     .arg(s.winShift);
    else if (s.winShift == 0)
        window = tr("%1 (not scaled)").arg(s.win);
    else
        window = tr("raw %1 (the scale is not known: the handshake was not seen)").arg(s.win);
    out.append({tr("Window"), window});
    out.append({tr("Options"),
                s.options.isEmpty() ? QStringLiteral("—")
                                    : tcpOptionTexts(s.options).join(QStringLiteral(", "))});
    out.append({tr("Time"), tr("%1 ms").arg(double(s.tUs) / 1000.0, 0, 'f', 3)});
    if (s.arriveUs > s.tUs)
        out.append({tr("Arrived"), tr("%1 ms").arg(double(s.arriveUs) / 1000.0, 0, 'f', 3)});
    out.append({tr("Source"),
                s.source == Source::Live       ? tr("captured live")
                    : s.source == Source::File ? tr("read from a capture file")
                                               : tr("modelled (not captured)")});
    if (s.lengthFromCapture)
        out.append({tr("IP length"),
                    tr("0 on the wire (the sender's offload fills it in): taken from the "
                       "captured bytes")});
    return out;
}

} // namespace tcplab
