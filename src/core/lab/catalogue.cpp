#include "lab/catalogue.h"

namespace tcplab {

QList<ScenarioInfo> Catalogue::builtin()
{
    return {
        {QStringLiteral("seed"), tr("The classic client and server"),
         tr("The client sends one line; the server prints it, answers \"I got your message\" "
            "and closes first.")},
    };
}

bool Catalogue::contains(const QString &id)
{
    const auto all = builtin();
    return std::any_of(all.begin(), all.end(), [&id](const ScenarioInfo &s) { return s.id == id; });
}

} // namespace tcplab
