#pragma once

// What the lab process and tcplab-net (the lab network's keeper) say to each other, over two
// SOCK_SEQPACKET socket pairs the lab creates before it starts the keeper: the control pair
// (one request, one reply; descriptors travel with SCM_RIGHTS) and the capture pair (the
// keeper's records of every frame on the wire, as they happen). Binary and fixed-size, both
// ends built from this one header: no prose to parse, and the app words every outcome itself.

#include <cstdint>

namespace tcplab::labnet {

constexpr std::uint32_t kMagic = 0x544c4e31; // "TLN1"
constexpr int kControlFd = 3; // where the keeper finds its ends of the pairs
constexpr int kCaptureFd = 4;

// The two hosts are .1 (client) and .2 (server) of one of RFC 5737's documentation networks:
// the first that this computer does not use itself (the lab passes it to the keeper), so that
// an address in the lab never means two things.
constexpr std::uint32_t kDocumentationNetworks[] = {
    0xc0000200, // 192.0.2.0/24, TEST-NET-1: the textbook's own
    0xc6336400, // 198.51.100.0/24, TEST-NET-2
    0xcb007100, // 203.0.113.0/24, TEST-NET-3
};
constexpr int kPrefixLength = 24;

enum class Host : std::uint32_t { Client = 0, Server = 1 };

// Where setting the network up failed.
enum class Stage : std::int32_t {
    None = 0,
    UserNamespace, // unshare(CLONE_NEWUSER): refused by the system
    IdMap, // writing uid_map / gid_map
    NetNamespace, // unshare(CLONE_NEWNET)
    Link, // creating the veth pairs
    Address, // addresses, routes, neighbours
    Offload, // turning checksum offload off
    Capture, // the wire's AF_PACKET sockets
};

enum class RequestType : std::uint32_t {
    Socket = 1, // a socket(family, type) made on `host`; the descriptor comes with the reply
    SockDiag = 2, // a NETLINK_SOCK_DIAG socket of `host`'s namespace
    SetSysctl = 3, // net/`name` = `value` on `host` (name like "ipv4/tcp_sack")
    GetSysctl = 4, // net/`name` on `host`; the value comes back in the reply
    SetWire = 5, // the wire spec in `text` (wirerules.h); counts restart
    AddRule = 6, // one more rule, in `text` ("drop=client:any"); it counts from now on
};

struct Request
{
    std::uint32_t magic = kMagic;
    RequestType type = RequestType::Socket;
    Host host = Host::Client;
    std::int32_t family = 0;
    std::int32_t socketType = 0;
    char name[64] = {};
    char text[1024] = {};
};

struct Reply
{
    std::uint32_t magic = kMagic;
    std::int32_t status = 0; // 0, or -1 with err
    std::int32_t err = 0; // errno
    std::int32_t detail = 0; // SetWire/AddRule: the ParseError code
    char text[1024] = {}; // GetSysctl: the value
};

// The keeper's first message on the control pair, once the network is up (or not).
struct Ready
{
    std::uint32_t magic = kMagic;
    Stage failedStage = Stage::None;
    std::int32_t err = 0;
    std::int32_t keeperPid = 0;
    std::int64_t setupUs = 0; // how long building the network took
};

// What the wire did with a frame.
enum class Fate : std::uint8_t {
    Delivered = 0,
    Dropped = 1, // by a rule (drop=...)
    Lost = 2, // random loss (loss=...%)
    Duplicate = 3, // the extra copy of a dup=... rule
    Injected = 4, // made by the wire itself (a middlebox's RST)
    Swallowed = 5, // taken by a rst=... rule, which answered with RSTs
    QueueFull = 6, // the rate limit's queue was full
};

struct FrameRecord
{
    std::uint32_t magic = kMagic;
    std::uint8_t fromServer = 0; // the direction: 0 client → server, 1 server → client
    Fate fate = Fate::Delivered;
    std::int16_t rule = -1; // the rule that decided, if one did
    std::uint32_t length = 0; // the frame's bytes that follow this record
    std::uint32_t missedBefore = 0; // records the keeper could not pass on before this one
    std::int64_t sentNs = 0; // when the sender's frame reached the wire (CLOCK_REALTIME)
    std::int64_t arrivedNs = -1; // when it was handed to the receiver; -1: never
};

constexpr int kMaxFrame = 9000 + 14;

} // namespace tcplab::labnet
