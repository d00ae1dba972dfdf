#pragma once

// Shared by the in-process capture (LiveCapture) and the capture helper tcplab-capture, which
// is built without Qt: header-only, plain constants.

namespace tcplab::capture {

// A whole TCP segment on loopback (IP total length at most 65535) plus the longest link header.
constexpr int SnapLength = 65535 + 64;

// libpcap's ring gives every frame a slot of about SnapLength bytes, so this buffer holds about
// 250 frames until the reader wakes up (a capture on "any" sees each loopback packet twice).
// With 4 MiB and a 256 KiB snap length the ring held 16 slots and dropped the last segments
// of a fast exchange (pcap_stats: drop 4 of 20).
constexpr int BufferBytes = 16 * 1024 * 1024;

} // namespace tcplab::capture
