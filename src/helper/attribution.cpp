#include "attribution.h"

#include <algorithm>
#include <cstring>

namespace tcplab::helper {

bool Endpoint::isWildcard() const
{
    return std::all_of(address.begin(), address.end(), [](uint8_t b) { return b == 0; });
}

namespace {

uint16_t read16(const uint8_t *p)
{
    return uint16_t(p[0] << 8 | p[1]);
}

uint32_t read32(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

} // namespace

bool parseFrame(int linkType, const uint8_t *bytes, size_t length, FrameSummary *out)
{
    size_t offset = 0;
    uint16_t protocol = 0;
    if (linkType == LinkLinuxSll2 && length >= 20) {
        protocol = read16(bytes);
        offset = 20;
    } else if (linkType == LinkLinuxSll && length >= 16) {
        protocol = read16(bytes + 14);
        offset = 16;
    } else {
        return false;
    }
    const uint8_t *ip = bytes + offset;
    const size_t left = length - offset;
    const uint8_t *tcp = nullptr;
    size_t tcpLeft = 0;
    FrameSummary f;
    if (protocol == 0x0800 && left >= 20 && (ip[0] >> 4) == 4) {
        const size_t headerLength = size_t(ip[0] & 0x0f) * 4;
        if (ip[9] != 6 || headerLength < 20 || left < headerLength)
            return false;
        // A fragment carries no TCP header of its own (or not the whole of one).
        if ((read16(ip + 6) & 0x3fff) != 0)
            return false;
        f.source.family = f.destination.family = Endpoint::V4;
        std::memcpy(f.source.address.data(), ip + 12, 4);
        std::memcpy(f.destination.address.data(), ip + 16, 4);
        tcp = ip + headerLength;
        tcpLeft = left - headerLength;
    } else if (protocol == 0x86dd && left >= 40 && (ip[0] >> 4) == 6) {
        if (ip[6] != 6) // the lab's segments carry no extension headers
            return false;
        f.source.family = f.destination.family = Endpoint::V6;
        std::memcpy(f.source.address.data(), ip + 8, 16);
        std::memcpy(f.destination.address.data(), ip + 24, 16);
        // An IPv4-mapped address is the IPv4 one.
        for (Endpoint *e : {&f.source, &f.destination}) {
            static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
            if (std::memcmp(e->address.data(), mapped, 12) == 0) {
                std::memmove(e->address.data(), e->address.data() + 12, 4);
                std::fill(e->address.begin() + 4, e->address.end(), 0);
                e->family = Endpoint::V4;
            }
        }
        tcp = ip + 40;
        tcpLeft = left - 40;
    } else {
        return false;
    }
    if (tcpLeft < 14)
        return false;
    f.source.port = read16(tcp);
    f.destination.port = read16(tcp + 2);
    f.seq = read32(tcp + 4);
    f.flags = tcp[13];
    *out = f;
    return true;
}

Attribution::Attribution(uid_t uid, SocketTable *table, Writer writer)
    : Attribution(uid, table, std::move(writer), Limits {})
{
}

Attribution::Attribution(uid_t uid, SocketTable *table, Writer writer, Limits limits)
    : m_uid(uid)
    , m_table(table)
    , m_write(std::move(writer))
    , m_limits(limits)
{
}

Attribution::Key Attribution::keyOf(const Endpoint &a, const Endpoint &b)
{
    return a < b ? Key {a, b} : Key {b, a};
}

static bool isOpening(const FrameSummary &f)
{
    return (f.flags & TcpSyn) && !(f.flags & TcpAck);
}

// A SYN without ACK opens a new connection on the 4-tuple, unless it is the opener's own
// retransmission (the same sequence number) or the other end's SYN of a simultaneous open.
bool Attribution::startsNewConnection(const Connection &c, const FrameSummary &f) const
{
    if (!isOpening(f))
        return false;
    if (!c.openerKnown)
        return true;
    if (f.source == c.opener)
        return f.seq != c.openerSeq;
    return !c.onlySyns;
}

void Attribution::setVerdict(Connection *c, Verdict v)
{
    if (c->verdict == Verdict::Pending && v != Verdict::Pending)
        --m_pending;
    else if (c->verdict != Verdict::Pending && v == Verdict::Pending)
        ++m_pending;
    c->verdict = v;
}

void Attribution::beginConnection(Connection *c, double now, const FrameSummary &f)
{
    withhold(c);
    setVerdict(c, Verdict::Pending);
    const bool queued = c->queued;
    *c = Connection {};
    c->queued = queued;
    c->since = now;
    if (isOpening(f)) {
        c->openerKnown = true;
        c->opener = f.source;
        c->openerSeq = f.seq;
    }
}

void Attribution::frame(double now, const FrameSummary &f, HeldFrame &&frame)
{
    const Key key = keyOf(f.source, f.destination);
    auto it = m_connections.find(key);
    if (it == m_connections.end()) {
        if (m_pending >= m_limits.maxPending
            || m_connections.size() >= m_limits.maxKnown + m_limits.maxPending) {
            ++m_withheld; // more unproven connections than one user may make the helper hold
            return;
        }
        it = m_connections.emplace(key, Connection {}).first;
        ++m_pending; // a new Connection is pending
        beginConnection(&it->second, now, f);
    } else if (startsNewConnection(it->second, f)) {
        if (it->second.verdict != Verdict::Pending && m_pending >= m_limits.maxPending) {
            setVerdict(&it->second, Verdict::Foreign); // stays withheld until it can wait
            ++m_withheld;
            return;
        }
        beginConnection(&it->second, now, f);
    }
    Connection &c = it->second;
    c.lastFrame = now;
    if (!isOpening(f))
        c.onlySyns = false;
    switch (c.verdict) {
    case Verdict::Mine: {
        const size_t size = frame.bytes.size() + sizeof(HeldFrame);
        if (m_heldBytes + size > m_limits.maxHeldBytes) {
            ++m_withheld; // release() is called after every bounded batch; this is a bound
            break;
        }
        m_heldBytes += size;
        m_unreleasedBytes += size;
        m_unreleased.push_back(std::move(frame));
        break;
    }
    case Verdict::Foreign:
        ++m_withheld;
        break;
    case Verdict::Pending:
        hold(&c, std::move(frame));
        if (!c.queued) {
            c.queued = true;
            m_fresh.push_back(key);
        }
        break;
    }
}

void Attribution::hold(Connection *c, HeldFrame &&frame)
{
    const size_t size = frame.bytes.size() + sizeof(HeldFrame);
    if (c->overflowed || c->held.size() >= m_limits.maxHeldFrames
        || m_heldBytes + size > m_limits.maxHeldBytes) {
        c->overflowed = true;
        ++m_withheld;
        return;
    }
    c->heldBytes += size;
    m_heldBytes += size;
    c->held.push_back(std::move(frame));
}

void Attribution::withhold(Connection *c)
{
    m_withheld += c->held.size();
    m_heldBytes -= c->heldBytes;
    c->held.clear();
    c->heldBytes = 0;
}

void Attribution::prove(const Key &key, Connection *c)
{
    setVerdict(c, Verdict::Mine);
    if (m_proven)
        m_proven(key.first, key.second);
    for (const HeldFrame &f : c->held)
        m_write(f);
    m_heldBytes -= c->heldBytes;
    c->held.clear();
    c->heldBytes = 0;
}

void Attribution::lookUp(double now, const Key &key, Connection *c)
{
    bool usersSocket = false;
    for (int i = 0; i < 2; ++i) {
        const Endpoint &local = i == 0 ? key.first : key.second;
        const Endpoint &remote = i == 0 ? key.second : key.first;
        KernelSocket s;
        const SocketTable::Answer answer = m_table->find(local, remote, &s);
        if (answer == SocketTable::Answer::Failed)
            ++m_lookupFailures;
        if (answer != SocketTable::Answer::Found)
            continue;
        // The kernel's lookup falls back to a listener; that is not this connection's socket.
        if (s.local != local || s.remote != remote)
            continue;
        if (s.state == KernelState::Listen || s.state == KernelState::Close
            || s.state == KernelState::TimeWait || !s.ownerKnown)
            continue; // no connection's socket, or one the kernel gives no owner
        EndEvidence &e = c->ends[i];
        if (e.bound && e.uid != s.uid)
            e.conflicting = true;
        if (!e.bound) {
            e.bound = true;
            e.uid = s.uid;
        }
        if (s.uid != m_uid || e.conflicting)
            continue;
        if (s.state != KernelState::SynSent) {
            usersSocket = true;
        } else if (e.synSentSince < 0) {
            e.synSentSince = now;
        } else if (now - e.synSentSince >= kSynSentSettles) {
            // Still only sending its SYN after this long: that SYN reached the capture long
            // ago, and had it not been the held one it would have begun a new connection.
            usersSocket = true;
        }
    }
    if (usersSocket) {
        c->proofSeen = true; // proven on the next turn that finds the ring read empty
        return;
    }
    // Someone else's at one end, and at the other too or nobody's here: not the user's.
    auto others = [&](int i) {
        return c->ends[i].bound && (c->ends[i].conflicting || c->ends[i].uid != m_uid);
    };
    if ((others(0) && (others(1) || !m_table->isLocal(key.second)))
        || (others(1) && !m_table->isLocal(key.first))) {
        withhold(c);
        setVerdict(c, Verdict::Foreign);
    }
}

bool Attribution::turn(double now, bool drained)
{
    if (!drained)
        return false; // a decision waits until what the kernel captured before it has been read
    size_t looked = 0;
    bool proofsSeen = false;
    // Connections never looked up come first, so that a crowd of old unproven ones cannot
    // delay a new one past the life of its sockets.
    m_waiting.insert(m_waiting.begin(), m_fresh.begin(), m_fresh.end());
    m_fresh.clear();
    for (size_t n = m_waiting.size(); n > 0; --n) {
        const Key key = m_waiting.front();
        m_waiting.pop_front();
        auto it = m_connections.find(key);
        if (it == m_connections.end())
            continue;
        Connection &c = it->second;
        if (c.verdict != Verdict::Pending) {
            c.queued = false;
            continue;
        }
        if (c.proofSeen) {
            prove(key, &c);
            c.queued = false;
            continue;
        }
        if (now - c.since > m_limits.proofDeadline) {
            withhold(&c); // held too long without proof
            c.since = now;
            // Unless a socket of the user's is at one end (one still sending its SYN, say),
            // it never will be: its later frames are withheld too, until a new SYN.
            const bool usersEnd
                = std::any_of(std::begin(c.ends), std::end(c.ends), [this](const EndEvidence &e) {
                      return e.bound && !e.conflicting && e.uid == m_uid;
                  });
            if (!usersEnd) {
                setVerdict(&c, Verdict::Foreign);
                c.queued = false;
                continue;
            }
        }
        // A new connection is looked up at once; one that stays unproven less and less often
        // (2, 4, 8 ... up to 100 ms apart), so that a crowd of them (someone else's, gone
        // before the kernel could say whose) does not delay the next.
        if (looked < m_limits.maxLookupsPerTurn && now >= c.nextLookup) {
            ++looked;
            lookUp(now, key, &c);
            proofsSeen = proofsSeen || c.proofSeen;
            c.nextLookup = now + std::min(0.001 * double(1 << std::min(c.lookups, 7)), 0.1);
            ++c.lookups;
        }
        if (c.verdict == Verdict::Pending)
            m_waiting.push_back(key);
        else
            c.queued = false;
    }
    if (now - m_lastForget >= 1.0) {
        m_lastForget = now;
        forgetIdle(now);
    }
    return proofsSeen;
}

void Attribution::release()
{
    for (const HeldFrame &f : m_unreleased)
        m_write(f);
    m_unreleased.clear();
    m_heldBytes -= m_unreleasedBytes;
    m_unreleasedBytes = 0;
}

void Attribution::framesLost()
{
    m_withheld += m_unreleased.size();
    m_unreleased.clear();
    m_heldBytes -= m_unreleasedBytes;
    m_unreleasedBytes = 0;
    // Every connection is forgotten: its later frames begin it afresh, with no opening SYN
    // known, and are proven as such (within the limits on waiting connections, which turning
    // every known connection back to waiting would break).
    for (auto &[key, c] : m_connections)
        withhold(&c);
    m_connections.clear();
    m_waiting.clear();
    m_fresh.clear();
    m_pending = 0;
}

size_t Attribution::heldFrames() const
{
    size_t n = m_unreleased.size();
    for (const auto &[key, c] : m_connections)
        n += c.held.size();
    return n;
}

void Attribution::forgetIdle(double now)
{
    const bool crowded = m_connections.size() > m_limits.maxKnown;
    for (auto it = m_connections.begin(); it != m_connections.end();) {
        const Connection &c = it->second;
        const double idle = now - c.lastFrame;
        // A waiting connection with nothing held is forgotten too: a later frame begins it
        // afresh, with no opening SYN known, and is proven as such.
        const bool forgettable = c.verdict != Verdict::Pending ? !c.queued : c.held.empty();
        if (forgettable && (idle > m_limits.forgetIdle || (crowded && idle > 1.0))) {
            if (c.verdict == Verdict::Pending)
                --m_pending;
            it = m_connections.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace tcplab::helper
