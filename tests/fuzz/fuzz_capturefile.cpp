// libFuzzer target: a pcap or pcapng file, opened as a file (libpcap reads it), listed, and
// every connection in it (up to four) turned into a session.
#include "capture/capturefile.h"
#include "session/session.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int fd = memfd_create("capture", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (size > 0 && write(fd, data, size) != ssize_t(size)) {
        close(fd);
        return 0;
    }
    tcplab::CaptureFile file;
    QString error;
    if (file.open(QStringLiteral("/proc/self/fd/%1").arg(fd), &error)) {
        (void)file.unreadable();
        for (int i = 0; i < file.connections().size() && i < 4; ++i) {
            tcplab::Session session;
            file.load(i, &session, &error);
        }
    } else if (error.isEmpty()) {
        __builtin_trap(); // a file that cannot be opened must say why
    }
    close(fd);
    return 0;
}
