#pragma once

#include <QtGlobal>

namespace tcplab {

// How the lab names how soon a segment followed the one before it, everywhere it says so (the
// verdict, the run's observations, a segment's explanation).
constexpr qint64 kImmediateUs = 5000; // "at once": the kernel did not wait
constexpr qint64 kDelayedUs = 30000; // "delayed": Linux's delayed ACK waits at least 40 ms
// and at most TCP_DELACK_MAX (200 ms); later than this is not a delayed ACK.
constexpr qint64 kDelayedMaxUs = 250000;

} // namespace tcplab
