// libFuzzer target: a session file (JSON), loaded as File -> Open session does.
#include "session/session.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tcplab::Session session;
    QString error;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!session.loadJson(bytes, &error) && error.isEmpty())
        __builtin_trap(); // a file that is refused must say why
    return 0;
}
