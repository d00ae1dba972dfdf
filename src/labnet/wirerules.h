#pragma once

// The lab network's wire: what it does to each segment, per direction. Plain C++ (no Qt):
// the same code parses a wire spec in the app (to check it and explain it) and decides the
// fate of every frame in the network's relay (tcplab-net), so the two can never disagree.
//
// A spec is a comma-separated list of items (the syntax of `--wire`, of a scenario's "wire"
// and of the window's wire panel):
//
//   delay=50ms            both directions; delay=client:50ms only what the client sends
//   jitter=5ms            added at random (0..5 ms) to the delay, never reordering
//   rate=1mbit            serialisation rate (bit, kbit, mbit, gbit per second)
//   loss=5%               random loss; seed=N makes it repeatable (default 1)
//   mtu=576               both links' MTU; mtu=client:576 only the client's link
//   drop=client:fin       the client's 1st FIN; drop=server:data#2 its 2nd data segment;
//                         #* every match; drop=client:last-ack the ACK of the final FIN
//   dup=client:data@30ms  deliver it, and once more 30 ms later
//   hold=client:data      hold it behind the next segment in that direction (reorder)
//   rst=server:data       a middlebox swallows it and sends RST to both ends
//
// Selectors: any, syn, syn-ack, fin, rst, data, ack (pure ACK), ack-of-fin (a pure ACK of the
// peer's FIN), last-ack (the same, from a side that has sent its own FIN), len=N.
// A side is the sender: client or server.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace tcplab::labnet {

enum class Dir : std::uint8_t { FromClient = 0, FromServer = 1 };

inline int index(Dir d)
{
    return int(d);
}
inline Dir opposite(Dir d)
{
    return d == Dir::FromClient ? Dir::FromServer : Dir::FromClient;
}

struct Selector
{
    enum class Kind : std::uint8_t {
        Any,
        Syn,
        SynAck,
        Fin,
        Rst,
        Data,
        Ack,
        AckOfFin,
        LastAck,
        Len
    };
    Kind kind = Kind::Any;
    int length = -1; // Kind::Len
    int nth = 1; // the Nth match; 0: every match
};

struct Rule
{
    enum class Action : std::uint8_t { Drop, Duplicate, Hold, Reset };
    Action action = Action::Drop;
    Dir dir = Dir::FromClient;
    Selector selector;
    std::int64_t delayUs = 0; // Duplicate: how much later the copy arrives
    // While the wire runs:
    int matches = 0;
};

struct DirectionSettings
{
    std::int64_t delayUs = 0;
    std::int64_t jitterUs = 0;
    std::int64_t rateBitsPerSecond = 0; // 0: no limit
    double lossPercent = 0;
};

struct WireSpec
{
    DirectionSettings dir[2];
    int mtu[2] = {0, 0}; // the client's link, the server's link; 0: the default (1500)
    std::uint64_t seed = 1;
    std::vector<Rule> rules;

    bool isPlain() const; // nothing set: a perfect wire
};

struct ParseError
{
    enum class Code : std::uint8_t {
        None,
        UnknownKey, // "speed=..."
        BadValue, // a number or unit that does not parse, or out of range
        BadSide, // not client or server
        BadSelector, // not one of the selectors
        BadCount, // #N
        Empty, // an item with nothing in it
    };
    Code code = Code::None;
    std::string item; // the item as written
};

bool parseWireSpec(const std::string &text, WireSpec *spec, ParseError *error);
// The canonical text of a spec (what parseWireSpec reads back to the same spec).
std::string formatWireSpec(const WireSpec &spec);
std::string formatRule(const Rule &rule);
std::string selectorName(const Selector &selector);

// What the relay knows of a frame: enough to match rules.
struct FrameInfo
{
    bool tcp = false;
    std::uint8_t flags = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint32_t payload = 0;
    std::uint32_t srcAddr = 0, dstAddr = 0; // network order
    std::uint16_t srcPort = 0, dstPort = 0; // host order
    std::size_t ipOffset = 0;
    std::size_t tcpOffset = 0;
};
// An Ethernet frame carrying IPv4: the TCP header's fields, when it is TCP.
FrameInfo inspectFrame(const std::uint8_t *frame, std::size_t length);

namespace tcpflag {
constexpr std::uint8_t Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;
}

// The wire's decisions, one frame at a time, in the order the frames reach it.
class WireEngine
{
public:
    explicit WireEngine(const WireSpec &spec);
    void reset(const WireSpec &spec);
    void addRule(const Rule &rule); // counts its matches from now on

    struct Decision
    {
        enum class Fate : std::uint8_t { Deliver, Drop, Lose, Duplicate, Hold, Reset };
        Fate fate = Fate::Deliver;
        int rule = -1; // which rule decided it; -1: none
        std::int64_t delayUs = 0; // from the direction's delay and jitter
        std::int64_t copyDelayUs = 0; // Duplicate: the copy's extra delay
    };
    Decision decide(Dir dir, const FrameInfo &frame);

    const WireSpec &spec() const { return m_spec; }

private:
    bool matches(Dir dir, const Selector &selector, const FrameInfo &frame) const;

    WireSpec m_spec;
    std::mt19937_64 m_random;
    // The end of each side's FIN in sequence space, once it was seen (seq + len + 1).
    bool m_finSeen[2] = {false, false};
    std::uint32_t m_finEnd[2] = {0, 0};
};

// Internet checksum helpers for the frames the wire makes itself (a middlebox's RST).
std::uint16_t ipChecksum(const std::uint8_t *data, std::size_t length);
// An Ethernet + IPv4 + TCP RST, `flags` RST or RST|ACK, ready to send.
std::vector<std::uint8_t> makeReset(const std::uint8_t srcMac[6], const std::uint8_t dstMac[6],
                                    std::uint32_t srcAddr, std::uint32_t dstAddr,
                                    std::uint16_t srcPort, std::uint16_t dstPort, std::uint32_t seq,
                                    std::uint32_t ack, std::uint8_t flags);

} // namespace tcplab::labnet
