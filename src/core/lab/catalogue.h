#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace tcplab {

struct ScenarioInfo
{
    QString id;
    QString title; // translated
    QString summary; // translated, one line
};

// The built-in experiments. For now the article's seed experiment; the full catalogue of
// SCENARIOS.md arrives with the scenario engine.
class Catalogue
{
    Q_DECLARE_TR_FUNCTIONS(Catalogue)

public:
    static QList<ScenarioInfo> builtin();
    static bool contains(const QString &id);
};

} // namespace tcplab
