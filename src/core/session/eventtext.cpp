#include "session/eventtext.h"

#include <QAbstractSocket>
#include <QMetaEnum>
#include <QStringDecoder>

#include <cerrno>

namespace tcplab {

namespace {

QString optionText(const SocketOption &o)
{
    switch (o.name) {
    case SocketOption::Name::None:
        return {};
    case SocketOption::Name::ReuseAddress:
        return QStringLiteral("SO_REUSEADDR = %1").arg(o.value);
    case SocketOption::Name::NoDelay:
        return QStringLiteral("TCP_NODELAY = %1").arg(o.value);
    case SocketOption::Name::Cork:
        return QStringLiteral("TCP_CORK = %1").arg(o.value);
    case SocketOption::Name::Linger:
        return QStringLiteral("SO_LINGER {%1, %2}").arg(o.value).arg(o.seconds);
    case SocketOption::Name::Error:
        // What getsockopt() read: the connect()'s outcome.
        return QStringLiteral("SO_ERROR → %1")
            .arg(o.value ? errnoName(o.value) : QStringLiteral("0"));
    case SocketOption::Name::LowDelay:
        return QStringLiteral("LowDelayOption, %1").arg(o.value);
    case SocketOption::Name::SynCount:
    case SocketOption::Name::KeepAlive:
    case SocketOption::Name::KeepIdle:
    case SocketOption::Name::KeepInterval:
    case SocketOption::Name::KeepCount:
        return QStringLiteral("%1 = %2").arg(optionName(o.name)).arg(o.value);
    }
    return {};
}

} // namespace

QString EventText::arguments(const Event &e)
{
    switch (e.verb) {
    case Verb::GetAddrInfo:
        return e.host;
    case Verb::Bind:
    case Verb::Accept:
    case Verb::NextPendingConnection:
        return e.endpoint.isNull() ? QString() : e.endpoint.text();
    case Verb::Listen:
        return e.api == Api::Qt ? e.endpoint.text() : QString::number(e.backlog);
    case Verb::Connect:
    case Verb::ConnectToHost:
        return e.host.isEmpty() ? e.endpoint.text()
                                : e.host + QLatin1Char(':') + QString::number(e.endpoint.port);
    case Verb::Write:
        return QString::number(e.size);
    case Verb::Read:
        return e.api == Api::System ? QString::number(e.size) : QString();
    case Verb::Shutdown:
        return shutdownName(e.how);
    case Verb::SetSockOpt:
    case Verb::GetSockOpt:
    case Verb::SetSocketOption:
        return optionText(e.option);
    case Verb::Close:
        return {};
    case Verb::BytesWritten:
        return QString::number(e.result);
    case Verb::ErrorOccurred:
        return qtErrorName(e.qtError);
    case Verb::ReadAll:
    case Verb::DisconnectFromHost:
    case Verb::Abort:
    case Verb::Connected:
    case Verb::Disconnected:
        return {};
    }
    return {};
}

QString EventText::textbookCall(const Event &e)
{
    const QString name = verbName(e.verb);
    if (e.isQtSignal())
        return QStringLiteral("emit %1(%2)").arg(name, arguments(e));
    const QString listener = e.listener && e.verb == Verb::Close
        ? QLatin1Char(' ') + tr("listener", "a close() of the listening socket")
        : QString();
    if (e.isQt()) {
        switch (e.verb) {
        case Verb::Write:
            return QStringLiteral("write(%1)").arg(e.size)
                + (e.result < 0 ? QStringLiteral(" → -1") : QString());
        case Verb::ReadAll:
            return QStringLiteral("readAll() → %1").arg(e.result);
        case Verb::SetSocketOption:
            return QStringLiteral("setSocketOption(%1)").arg(arguments(e));
        default:
            return name + QStringLiteral("()") + listener
                + (e.result < 0 ? QStringLiteral(" → -1") : QString());
        }
    }
    QString text;
    switch (e.verb) {
    case Verb::Write:
        text = QStringLiteral("write(%1)").arg(e.size);
        break;
    case Verb::Read:
        text = e.err != 0 ? QStringLiteral("read() → %1").arg(errnoName(e.err))
                          : QStringLiteral("read() → %1").arg(e.result);
        if (e.err == 0 && e.result == 0)
            text += QStringLiteral(" (EOF)");
        return text;
    case Verb::Shutdown:
    case Verb::SetSockOpt:
        text = QStringLiteral("%1(%2)").arg(name, arguments(e));
        break;
    case Verb::Listen:
        text = QStringLiteral("listen(%1)").arg(e.backlog);
        break;
    default:
        text = name + QStringLiteral("()") + listener;
        break;
    }
    if (e.failed())
        text += QStringLiteral(" → ") + errnoName(e.err);
    return text;
}

QString EventText::flagWords(quint8 flags)
{
    static const struct
    {
        quint8 bit;
        const char *word;
    } order[] = {{TcpFlag::Syn, "SYN"}, {TcpFlag::Fin, "FIN"}, {TcpFlag::Psh, "PSH"},
                 {TcpFlag::Rst, "RST"}, {TcpFlag::Urg, "URG"}, {TcpFlag::Ece, "ECE"},
                 {TcpFlag::Cwr, "CWR"}, {TcpFlag::Ack, "ACK"}};
    QStringList words;
    for (const auto &o : order) {
        if (flags & o.bit)
            words << QLatin1String(o.word);
    }
    return words.join(QStringLiteral(", "));
}

QString EventText::fateWords(WireFate fate)
{
    switch (fate) {
    case WireFate::Delivered:
        return {};
    case WireFate::Dropped:
        return tr("dropped by the wire");
    case WireFate::Lost:
        return tr("lost on the wire (random loss)");
    case WireFate::Duplicate:
        return tr("a second copy, made by the wire");
    case WireFate::Injected:
        return tr("made by a middlebox on the wire");
    case WireFate::Swallowed:
        return tr("swallowed by a middlebox, which answered with RST");
    case WireFate::QueueFull:
        return tr("dropped: the wire's queue was full");
    }
    return {};
}

QString EventText::fateTag(WireFate fate)
{
    switch (fate) {
    case WireFate::Delivered:
        return {};
    case WireFate::Dropped:
        return tr("dropped");
    case WireFate::Lost:
        return tr("lost");
    case WireFate::Duplicate:
        return tr("duplicate");
    case WireFate::Injected:
        return tr("middlebox");
    case WireFate::Swallowed:
        return tr("swallowed");
    case WireFate::QueueFull:
        return tr("queue full");
    }
    return {};
}

QString EventText::window(const Event &s)
{
    const auto scaled = s.scaledWindow();
    if (scaled)
        return QStringLiteral("win %1").arg(*scaled);
    return tr("win %1 (scale unknown)").arg(s.win);
}

QString EventText::segmentSummary(const Event &e)
{
    QString label
        = QStringLiteral("%1 [%2] seq %3").arg(flagWords(e.flags), e.flagLetters()).arg(e.relSeq);
    if (e.hasAck())
        label += QStringLiteral(" ack %1").arg(e.relAck);
    return label + QStringLiteral(" len %1").arg(e.len);
}

QString EventText::readingVia(const Event &e)
{
    switch (e.via) {
    case StateVia::TcpInfo:
        return QStringLiteral("TCP_INFO");
    case StateVia::SockDiag:
        return QStringLiteral("sock_diag");
    case StateVia::SockDiagGone:
        return tr("sock_diag: gone");
    default:
        return viaName(e.via);
    }
}

QString EventText::stateOrigin(const Event &state, const Event *cause)
{
    switch (state.via) {
    case StateVia::SentSegment:
        return cause ? tr("Inferred from the segments (RFC 9293): this end sent %1.")
                           .arg(flagWords(cause->flags))
                     : tr("Inferred from the segments (RFC 9293): this end sent a segment.");
    case StateVia::ReceivedSegment:
        return cause ? tr("Inferred from the segments (RFC 9293): this end received %1.")
                           .arg(flagWords(cause->flags))
                     : tr("Inferred from the segments (RFC 9293): this end received a segment.");
    case StateVia::Call:
        return cause ? tr("Inferred from the call %1 (RFC 9293).").arg(textbookCall(*cause))
                     : tr("Inferred from a call (RFC 9293).");
    case StateVia::Timer:
        return tr("The kernel no longer has this connection: its timer ran out and it went to "
                  "CLOSED.");
    default:
        return {};
    }
}

QString EventText::note(const Event &e)
{
    switch (e.note) {
    case NoteKind::QtServerDroppedQueue:
        return tr("QTcpServer::close() dropped %n connection(s) that waited for "
                  "nextPendingConnection().",
                  nullptr, e.count);
    }
    return {};
}

QString EventText::describe(const Event &e)
{
    switch (e.kind) {
    case Event::Kind::Call: {
        const QString name = verbName(e.verb);
        if (e.isQtSignal())
            return QStringLiteral("emit %1(%2)").arg(name, arguments(e));
        QString line = QStringLiteral("%1(%2) = %3").arg(name, arguments(e)).arg(e.result);
        if (e.isQt()) {
            // Qt's verbs return void, except what reads and writes.
            line = QStringLiteral("%1(%2)").arg(name, arguments(e));
            if (e.verb == Verb::Write || e.verb == Verb::ReadAll)
                line += QStringLiteral(" = %1").arg(e.result);
        }
        if (e.err != 0)
            line += QLatin1Char(' ') + errnoName(e.err);
        if (e.verb == Verb::Read && e.result == 0 && e.err == 0)
            line += QStringLiteral(" (EOF)");
        if (e.listener && e.verb == Verb::Close)
            line += QLatin1Char(' ') + tr("listener", "a close() of the listening socket");
        if (!e.data.isEmpty())
            line += QLatin1Char(' ') + printableBytes(e.data);
        return line;
    }
    case Event::Kind::State:
        if (e.isReading()) {
            QString line = tr("kernel: %1  (%2)").arg(tcpStateName(e.state), readingVia(e));
            if (e.state == TcpState::TimeWait && e.remainingMs >= 0)
                line += QLatin1Char(' ') + tr("%1 s left").arg(qRound(e.remainingMs / 1000.0));
            return line;
        }
        return tr("→ %1  (inferred: %2)").arg(tcpStateName(e.state), viaName(e.via));
    case Event::Kind::Note:
        return note(e);
    case Event::Kind::Segment: {
        // tcpdump's way of writing a segment, with relative numbers and the scaled window.
        QString line = QStringLiteral("%1 seq %2").arg(e.flagLetters(), -3).arg(e.relSeq);
        if (e.hasAck())
            line += QStringLiteral(" ack %1").arg(e.relAck);
        line += QLatin1Char(' ') + window(e);
        if (!e.options.isEmpty())
            line += QStringLiteral(" <%1>").arg(tcpOptionTexts(e.options).join(QLatin1Char(',')));
        line += QStringLiteral(" len %1").arg(e.len);
        if (e.source == Source::Modelled)
            line += QLatin1Char(' ') + tr("(modelled)");
        return line;
    }
    }
    return {};
}

QString EventText::sideLabel(const Event &e, bool numbered)
{
    if (e.listener)
        return tr("listener");
    const QString side = e.side == Side::Client ? tr("client") : tr("server");
    if (!numbered || e.conn <= 0)
        return side;
    return tr("%1 #%2", "side and connection number: client #2").arg(side).arg(e.conn);
}

QString EventText::line(const Event &e, bool numbered)
{
    return QStringLiteral("%1 ms  %2  %3")
        .arg(double(e.tUs) / 1000.0, 10, 'f', 3)
        .arg(sideLabel(e, numbered), -11)
        .arg(describe(e));
}

bool isTextbookCall(const Event &e)
{
    if (e.verb == Verb::GetAddrInfo || e.verb == Verb::GetSockOpt)
        return false;
    if (e.verb == Verb::Bind && !e.failed())
        return false;
    if (e.verb == Verb::SetSockOpt && e.option.name == SocketOption::Name::ReuseAddress)
        return false;
    return true;
}

QString printableBytes(const QByteArray &data, int limit)
{
    const QByteArray shown = data.left(limit);
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(shown);
    bool plain = !decoder.hasError();
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control && c != QLatin1Char('\n')
            && c != QLatin1Char('\t'))
            plain = false;
    }
    QString out;
    if (plain) {
        QString escaped = text;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
        escaped.replace(QLatin1Char('\n'), QLatin1String("\\n"));
        escaped.replace(QLatin1Char('\t'), QLatin1String("\\t"));
        out = QLatin1Char('"') + escaped + QLatin1Char('"');
    } else {
        out = QString::fromLatin1(shown.toHex(' '));
    }
    if (data.size() > limit)
        out += QStringLiteral("…");
    return out;
}

} // namespace tcplab
