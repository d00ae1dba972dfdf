#pragma once

#include "lab/scenario.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace tcplab {

// The built-in experiments of SCENARIOS.md, shipped as JSON inside the app (resources/
// scenarios, in catalogue order), with the seed experiment first.
class Catalogue
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::Catalogue)

public:
    static const QList<Scenario> &builtin();
    static std::optional<Scenario> find(const QString &id);
    // The language scenario texts are shown in: the application's ("en", "zh_CN").
    static QString language();
    // The first sentence of a scenario's explanation, in the current language.
    static QString summary(const Scenario &scenario);
};

} // namespace tcplab
