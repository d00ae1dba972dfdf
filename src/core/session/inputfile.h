#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace tcplab {

// Reading a file the user names (a scenario, a session): a regular file, no larger than what
// the lab reads of its kind, checked before anything is read, so that a FIFO, a device or a
// file over the limit gets its own message instead of "empty" or a cut-off parse error.
class InputFile
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::InputFile)

public:
    static constexpr qint64 kScenarioLimit = 1024 * 1024; // 1 MiB
    static constexpr qint64 kSessionLimit = qint64(1) << 30; // 1 GiB

    // The whole file, or nothing with *error saying why, in the user's language.
    static std::optional<QByteArray> read(const QString &path, qint64 limit, QString *error);
};

// A file the lab is about to write (a session, a diagram, a capture), checked before the work
// that fills it: its folder is there and writable, and it is not a folder nor a symbolic link
// (which would write wherever the link points: root writing into /tmp must not follow one).
class OutputFile
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::OutputFile)

public:
    // False with *error saying why, in the user's language.
    static bool check(const QString &path, QString *error);
};

} // namespace tcplab
