#pragma once

#include <QStringList>

namespace tcplab {

// The headless command line (DESIGN.md §4): `tcplab list`, `tcplab run …`, `--version`.
// Exit codes: 0 success, 1 the experiment did not go as expected, 2 usage, 3 environment.
class Cli
{
public:
    // True when these arguments ask for the command line rather than the window.
    static bool wanted(const QStringList &arguments);
    // Runs the command; needs a QCoreApplication (it spins its event loop).
    static int run(const QStringList &arguments);
};

// The --lang value among the arguments ("" when absent).
QString languageArgument(const QStringList &arguments);
// Loads the app's and Qt's translations for a language ("zh_CN", "en"; "" = system locale).
void installTranslations(const QString &language);

} // namespace tcplab
