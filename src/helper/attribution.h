// Whose frames are whose: the capture helper's decision, in plain C++ (no Qt, no libpcap), so
// that it can be tested on socket tables and frames made by hand and fuzzed.
//
// A frame leaves the helper only once the kernel attributes its connection (both addresses and
// ports) to a socket of the calling user. The proof is an exact lookup of that 4-tuple in the
// kernel's socket table (sock_diag without a dump: the kernel's own hash lookup), for either
// end: a full socket of the user's. On a server that is the child socket the handshake's last
// ACK makes, which carries the listener's uid even before accept(). The request socket before
// it (SYN_RECV) proves nothing: sock_diag reports it, like a TIME_WAIT socket, with uid 0 and
// no owner (inet_req_diag_fill; checked on this machine's kernel by the tests). Nor does a
// listener (the kernel's lookup falls back to one, and the port can change hands between the
// SYN and the lookup), nor a socket just seen in SYN_SENT (it may be a new socket whose SYN
// has not reached the capture yet: only one seen sending its SYN for half a second does).
//
// Frames of a connection not yet proven are held. A decision counts only after the capture
// ring was read empty behind the lookup: everything that made the kernel's socket what the
// lookup saw (its SYN, and for a request socket the SYN it answers) was captured before the
// lookup, so if that socket belongs to a newer connection on the same 4-tuple, its SYN has
// arrived by then and has ended the older one, whose frames are withheld. A connection runs
// from its opening SYN (a retransmission carries the same sequence number) to the next one;
// a socket of another user seen at either end binds that end, and the user's socket turning up
// there later proves nothing. Frames never proven within the deadline are withheld and
// counted, as are frames over the limits that bound what one user can make the helper hold.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <sys/types.h>
#include <tuple>
#include <utility>
#include <vector>

namespace tcplab::helper {

// An address and port; IPv4 (also IPv4-mapped IPv6) as family 4 in the first 4 bytes.
struct Endpoint
{
    enum Family : uint8_t { V4 = 4, V6 = 6 };
    Family family = V4;
    std::array<uint8_t, 16> address {};
    uint16_t port = 0;

    bool operator<(const Endpoint &o) const
    {
        return std::tie(family, address, port) < std::tie(o.family, o.address, o.port);
    }
    bool operator==(const Endpoint &o) const
    {
        return family == o.family && address == o.address && port == o.port;
    }
    bool operator!=(const Endpoint &o) const { return !(*this == o); }
    bool isWildcard() const;
};

// TCP states in the kernel's numbering (include/net/tcp_states.h).
enum class KernelState : uint8_t {
    Established = 1,
    SynSent = 2,
    SynRecv = 3,
    FinWait1 = 4,
    FinWait2 = 5,
    TimeWait = 6,
    Close = 7,
    CloseWait = 8,
    LastAck = 9,
    Listen = 10,
    Closing = 11,
    NewSynRecv = 12,
};

// One socket as sock_diag describes it.
struct KernelSocket
{
    Endpoint local;
    Endpoint remote;
    uint32_t uid = 0;
    KernelState state = KernelState::Close;
    // A full socket, whose uid is its owner's; request and TIME_WAIT sockets have none (the
    // kernel reports uid 0 for them).
    bool ownerKnown = true;
    bool v6only = false;
};

// The kernel's socket table, asked one 4-tuple at a time.
class SocketTable
{
public:
    enum class Answer { Found, None, Failed };
    virtual ~SocketTable() = default;
    // The socket whose local end is `local` and remote end `remote`, exactly.
    virtual Answer find(const Endpoint &local, const Endpoint &remote, KernelSocket *found) = 0;
    // Whether the address (port ignored) is one of this machine's.
    virtual bool isLocal(const Endpoint &address) const = 0;
};

// What the helper needs of a TCP frame.
struct FrameSummary
{
    Endpoint source;
    Endpoint destination;
    uint32_t seq = 0;
    uint8_t flags = 0;
};

// The link types the helper reads (libpcap's DLT numbers).
constexpr int LinkLinuxSll = 113;
constexpr int LinkLinuxSll2 = 276;
constexpr uint8_t TcpFin = 0x01, TcpSyn = 0x02, TcpRst = 0x04, TcpAck = 0x10;

// The two ends, sequence number and flags of a TCP frame in Linux "cooked" framing (SLL2 or
// SLL); false for anything else, or anything cut short.
bool parseFrame(int linkType, const uint8_t *bytes, size_t length, FrameSummary *out);

// A frame as read from the ring: its pcap record header's fields and bytes.
struct HeldFrame
{
    int64_t seconds = 0;
    int64_t microseconds = 0;
    uint32_t originalLength = 0;
    std::vector<uint8_t> bytes;
};

class Attribution
{
public:
    struct Limits
    {
        double proofDeadline = 2.0; // seconds a connection may wait for its proof
        size_t maxPending = 1024; // connections waiting for proof
        size_t maxHeldBytes = 16u << 20; // bytes held for them in all
        size_t maxHeldFrames = 4096; // frames held for one connection
        size_t maxLookupsPerTurn = 128; // connections looked up per turn
        size_t maxKnown = 8192; // decided connections remembered
        double forgetIdle = 30.0; // seconds after which an idle decided connection is forgotten
    };
    using Writer = std::function<void(const HeldFrame &)>;
    // Told each connection proven the user's (its two ends), once per connection.
    using ProvenListener = std::function<void(const Endpoint &, const Endpoint &)>;
    void setProvenListener(ProvenListener listener) { m_proven = std::move(listener); }

    Attribution(uid_t uid, SocketTable *table, Writer writer);
    Attribution(uid_t uid, SocketTable *table, Writer writer, Limits limits);

    // A frame read from the ring, in ring order; `now` is a monotonic clock in seconds. The
    // user's proven connections' frames wait for release().
    void frame(double now, const FrameSummary &summary, HeldFrame &&frame);
    // The kernel's drop count, read after a batch of frames, shows that it lost none since the
    // last reading: the proven connections' frames of that batch are written. (A frame lost
    // from the ring may have been a SYN that began someone else's connection on a 4-tuple of
    // the user's, whose frames follow it in the same batch; see framesLost.)
    void release();
    // Called after each read of the ring. Only when it was read empty (drained) are decisions
    // taken at the last turn applied, then the connections still waiting are looked up. True
    // when a proof was seen that the next drained read will confirm (read again soon).
    bool turn(double now, bool drained);
    // The kernel lost frames from the ring: what was held may have lost its opening SYN, so
    // it is withheld, with the proven connections' frames not yet released, and every
    // connection must be proven again.
    void framesLost();

    // Frames not handed out: never proven the user's, or over the limits.
    uint64_t withheld() const { return m_withheld; }
    // Lookups the kernel could not answer.
    uint64_t lookupFailures() const { return m_lookupFailures; }
    size_t pending() const { return m_pending; }
    size_t heldBytes() const { return m_heldBytes; }
    size_t heldFrames() const;

private:
    using Key = std::pair<Endpoint, Endpoint>; // the two ends, in a fixed order
    // A socket of the user's seen in SYN_SENT this long proves its SYNs (see lookUp).
    static constexpr double kSynSentSettles = 0.5;
    enum class Verdict { Pending, Mine, Foreign };
    struct EndEvidence
    {
        bool bound = false; // a socket of someone's was seen at this end
        uint32_t uid = 0;
        bool conflicting = false; // sockets of different owners were seen at this end
        double synSentSince = -1; // the user's socket here was first seen in SYN_SENT
    };
    struct Connection
    {
        Verdict verdict = Verdict::Pending;
        bool openerKnown = false; // the opening SYN was seen
        Endpoint opener; // who sent it
        uint32_t openerSeq = 0;
        bool onlySyns = true; // nothing but SYNs without ACK so far
        std::vector<HeldFrame> held;
        size_t heldBytes = 0;
        bool overflowed = false;
        EndEvidence ends[2];
        bool proofSeen = false; // the last lookup found the user's socket: confirm on a drain
        bool queued = false; // in m_waiting
        double since = 0; // when it began to wait
        double nextLookup = 0; // looked up again from then on (backing off while unproven)
        int lookups = 0;
        double lastFrame = 0;
    };

    static Key keyOf(const Endpoint &a, const Endpoint &b);
    bool startsNewConnection(const Connection &c, const FrameSummary &f) const;
    void beginConnection(Connection *c, double now, const FrameSummary &f);
    void hold(Connection *c, HeldFrame &&frame);
    void withhold(Connection *c);
    void prove(const Key &key, Connection *c);
    void setVerdict(Connection *c, Verdict v);
    void lookUp(double now, const Key &key, Connection *c);
    void forgetIdle(double now);

    uid_t m_uid;
    SocketTable *m_table;
    Writer m_write;
    ProvenListener m_proven;
    Limits m_limits;
    std::map<Key, Connection> m_connections;
    std::deque<Key> m_waiting; // connections to look up, oldest first
    std::vector<Key> m_fresh; // connections that began waiting since the last turn
    std::vector<HeldFrame> m_unreleased; // proven connections' frames read since release()
    size_t m_unreleasedBytes = 0;
    size_t m_heldBytes = 0;
    size_t m_pending = 0;
    uint64_t m_withheld = 0;
    uint64_t m_lookupFailures = 0;
    double m_lastForget = 0;
};

} // namespace tcplab::helper
