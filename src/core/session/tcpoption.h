#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace tcplab {

// One TCP option as it was on the wire (RFC 9293 §3.2, RFC 7323, RFC 2018). Typed, so that the
// diagram, the model, the matcher and the JSON writer never take a display string apart; the
// text form (tcpdump's words: "mss 65495", "wscale 10", "TS val 1 ecr 0") is made in one place.
struct TcpOption
{
    enum class Kind {
        Eol, // kind 0
        Nop, // kind 1
        Mss, // kind 2: value = the maximum segment size
        WindowScale, // kind 3: value = the shift count
        SackPermitted, // kind 4
        Sack, // kind 5: blocks
        Timestamp, // kind 8: value = TSval, echo = TSecr
        Unknown, // any other kind: code and length as on the wire
        Damaged, // a length that does not fit the header or the kind: code and length
    };

    Kind kind = Kind::Nop;
    quint32 value = 0;
    quint32 echo = 0;
    QList<QPair<quint32, quint32>> blocks; // SACK: left and right edges, absolute
    int code = 0; // the option's kind byte (all kinds)
    int length = 0; // its length byte (kinds with one), as it was on the wire

    static TcpOption mss(quint32 size) { return make(Kind::Mss, 2, 4, size); }
    static TcpOption windowScale(int shift)
    {
        return make(Kind::WindowScale, 3, 3, quint32(shift));
    }
    static TcpOption sackPermitted() { return make(Kind::SackPermitted, 4, 2, 0); }
    static TcpOption timestamp(quint32 value, quint32 echo);
    static TcpOption nop() { return make(Kind::Nop, 1, 1, 0); }
    static TcpOption sack(const QList<QPair<quint32, quint32>> &blocks);

    // tcpdump's words: "mss 65495", "sackOK", "TS val 1 ecr 0", "nop", "wscale 10",
    // "sack 1 {10:20}", "eol", "kind 30, 4 bytes", "bad option kind 30".
    QString text() const;
    // Reads the text form back (session files store it so, as tcpdump prints it).
    static std::optional<TcpOption> fromText(const QString &text);
    // What the kind is called, without values: "mss", "wscale", "sackOK", "TS", "sack", "nop".
    QString name() const;

    bool operator==(const TcpOption &other) const;
    bool operator!=(const TcpOption &other) const { return !(*this == other); }

private:
    static TcpOption make(Kind kind, int code, int length, quint32 value);
};

using TcpOptions = QList<TcpOption>;

QStringList tcpOptionTexts(const TcpOptions &options);
// The first option of that kind, if any.
const TcpOption *findOption(const TcpOptions &options, TcpOption::Kind kind);

} // namespace tcplab
