#pragma once

#include <QCoreApplication>
#include <QFileInfo>
#include <QString>
#include <QStringList>

namespace tcplab {

// Where one of the lab's own programs is (the capture helper, the lab network's keeper): the
// path an environment variable names, beside the running program (a build tree; a test in
// build/tests finds it one folder up), or in ../libexec/tcplab (an installed package). Empty
// when none of them holds an executable file.
inline QString labProgram(const QString &name, const char *environmentVariable)
{
    QStringList candidates;
    const QString fromEnvironment = qEnvironmentVariable(environmentVariable);
    if (!fromEnvironment.isEmpty())
        candidates << fromEnvironment;
    const QString dir = QCoreApplication::applicationDirPath();
    candidates << dir + QLatin1Char('/') + name << dir + QStringLiteral("/../") + name
               << dir + QStringLiteral("/../libexec/tcplab/") + name;
    for (const QString &candidate : std::as_const(candidates)) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.canonicalFilePath();
    }
    return {};
}

} // namespace tcplab
