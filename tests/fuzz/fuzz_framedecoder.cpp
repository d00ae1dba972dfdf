// libFuzzer target: one captured frame, of a link type picked by the first byte, or every
// frame of a pcap file.
#include "capture/framedecoder.h"

#include <QByteArray>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // A pcap file (the seed corpus is made of them): every frame in it, with its link type.
    uint32_t magic = 0;
    if (size >= 24)
        std::memcpy(&magic, data, 4);
    if (magic == 0xa1b2c3d4u) {
        uint32_t linkType = 0;
        std::memcpy(&linkType, data + 20, 4);
        size_t at = 24;
        while (at + 16 <= size) {
            uint32_t length = 0;
            std::memcpy(&length, data + at + 8, 4);
            at += 16;
            const size_t n = std::min<size_t>(length, size - at);
            (void)tcplab::decodeFrame(
                int(linkType), QByteArray(reinterpret_cast<const char *>(data + at), qsizetype(n)));
            at += n;
        }
        return 0;
    }
    if (size < 1)
        return 0;
    // The link types the lab reads, and one it does not.
    static const int kLinkTypes[] = {1, 0, 12, 101, 113, 276, 9, 104, 147};
    const int linkType = kLinkTypes[data[0] % (sizeof(kLinkTypes) / sizeof(kLinkTypes[0]))];
    const QByteArray frame(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const tcplab::DecodeResult result = tcplab::decodeFrame(linkType, frame);
    (void)result.segment.flags;
    return 0;
}
