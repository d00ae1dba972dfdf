// The kernel's socket table through sock_diag (NETLINK_SOCK_DIAG): exact lookups of one
// 4-tuple, which decide whose a connection is, and the one walk the helper makes, once a
// second, to see whether the user still holds the port at all.
#pragma once

#include "attribution.h"

#include <set>
#include <vector>

namespace tcplab::helper {

class SockDiagTable : public SocketTable
{
public:
    SockDiagTable();
    ~SockDiagTable() override;
    SockDiagTable(const SockDiagTable &) = delete;
    SockDiagTable &operator=(const SockDiagTable &) = delete;

    // False when the kernel's sock_diag cannot be opened.
    bool isOpen() const { return m_fd >= 0; }
    Answer find(const Endpoint &local, const Endpoint &remote, KernelSocket *found) override;
    bool isLocal(const Endpoint &address) const override;
    // Reads this machine's addresses again (they change as interfaces come and go).
    void readLocalAddresses();
    // Every socket with this local port, of any owner (a walk of the kernel's tables); false
    // when the kernel could not be asked or the tables changed during the walk.
    bool socketsOnPort(uint16_t port, std::vector<KernelSocket> *out);

private:
    int m_fd = -1;
    uint32_t m_sequence = 0;
    std::set<Endpoint> m_localAddresses; // port 0
};

} // namespace tcplab::helper
