// libFuzzer target: the capture helper's frame parser and its decision (attribution.h), fed a
// stream of frames and turns against a socket table that the input also sets. Whatever comes,
// frames are written only for connections the table gave the user's socket, and the counts
// add up.
#include "attribution.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>

using namespace tcplab::helper;

namespace {

class Table : public SocketTable
{
public:
    Answer find(const Endpoint &local, const Endpoint &remote, KernelSocket *found) override
    {
        auto it = sockets.find({local, remote});
        if (it == sockets.end())
            return failing ? Answer::Failed : Answer::None;
        *found = it->second;
        return Answer::Found;
    }
    bool isLocal(const Endpoint &address) const override { return address.address[0] & 1; }
    std::map<std::pair<Endpoint, Endpoint>, KernelSocket> sockets;
    bool failing = false;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Table table;
    std::set<std::pair<Endpoint, Endpoint>> usersEver; // ends of any socket given to the user
    uint64_t frames = 0;
    uint64_t written = 0;
    Attribution::Limits limits;
    limits.maxPending = 8;
    limits.maxHeldBytes = 4096;
    limits.maxHeldFrames = 6;
    limits.maxLookupsPerTurn = 3;
    limits.maxKnown = 16;
    Attribution attribution(
        1000, &table,
        [&](const HeldFrame &f) {
            ++written;
            FrameSummary s;
            if (!parseFrame(LinkLinuxSll2, f.bytes.data(), f.bytes.size(), &s)
                || (!usersEver.count({s.source, s.destination})
                    && !usersEver.count({s.destination, s.source})))
                __builtin_trap(); // handed out without a socket of the user's behind it
        },
        limits);
    double now = 1;
    size_t at = 0;
    while (at < size) {
        const uint8_t op = data[at++];
        const size_t length = std::min<size_t>(op & 0x3f, size - at);
        switch (op >> 6) {
        case 0: { // a frame: the next bytes, in cooked v2 framing or as given
            FrameSummary summary;
            HeldFrame frame;
            frame.bytes.assign(data + at, data + at + length);
            ++frames;
            if (parseFrame(LinkLinuxSll2, frame.bytes.data(), frame.bytes.size(), &summary))
                attribution.frame(now, summary, std::move(frame));
            else
                --frames;
            break;
        }
        case 1: // a batch read with nothing lost, then a turn, the ring read empty or not
            now += (length + 1) * 0.003;
            attribution.release();
            attribution.turn(now, length & 1);
            break;
        case 2: { // the kernel's table changes: a socket with ends from the next 8 bytes
            if (length < 8)
                break;
            KernelSocket s;
            std::memcpy(s.local.address.data(), data + at, 2);
            s.local.port = uint16_t(data[at + 2] << 8 | data[at + 3]);
            std::memcpy(s.remote.address.data(), data + at + 4, 2);
            s.remote.port = uint16_t(data[at + 6] << 8 | data[at + 7]);
            s.state = KernelState(1 + data[at] % 12);
            s.uid = (data[at + 1] & 1) ? 1000 : 0;
            s.ownerKnown = data[at + 1] & 2;
            if (s.uid == 1000 && s.ownerKnown)
                usersEver.insert({s.local, s.remote});
            table.sockets[{s.local, s.remote}] = s;
            break;
        }
        default:
            if (length & 1)
                attribution.framesLost();
            else
                table.failing = !table.failing;
            break;
        }
        at += length;
    }
    // Every frame is written, held or counted as withheld: none vanishes unsaid.
    if (written + attribution.withheld() + attribution.heldFrames() != frames
        || attribution.heldBytes() > limits.maxHeldBytes
        || attribution.pending() > limits.maxPending)
        __builtin_trap();
    return 0;
}
