// libFuzzer target: an experiment file (JSON), read as `tcplab run FILE` does.
#include "lab/scenario.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto scenario = tcplab::Scenario::fromJson(bytes, &error);
    if (!scenario && error.isEmpty())
        __builtin_trap(); // a file that is refused must say why
    if (scenario) {
        for (const auto &step : scenario->steps)
            (void)step.describe();
    }
    return 0;
}
