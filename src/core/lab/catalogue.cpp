#include "lab/catalogue.h"

#include <QDir>
#include <QFile>
#include <QLocale>

namespace tcplab {

const QList<Scenario> &Catalogue::builtin()
{
    static const QList<Scenario> all = [] {
        QList<Scenario> out;
        const QStringList files
            = QDir(QStringLiteral(":/scenarios"))
                  .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QString &name : files) {
            QFile file(QStringLiteral(":/scenarios/") + name);
            QString error;
            if (!file.open(QIODevice::ReadOnly))
                qFatal("built-in scenario %s cannot be read", qPrintable(name));
            const auto scenario = Scenario::fromJson(file.readAll(), &error);
            if (!scenario) // a broken built-in is a bug the tests catch, never a user's problem
                qFatal("built-in scenario %s: %s", qPrintable(name), qPrintable(error));
            out.append(*scenario);
        }
        return out;
    }();
    return all;
}

std::optional<Scenario> Catalogue::find(const QString &id)
{
    for (const Scenario &s : builtin()) {
        if (s.id == id)
            return s;
    }
    return std::nullopt;
}

QString Catalogue::language()
{
    return QLocale().name().startsWith(QLatin1String("zh")) ? QStringLiteral("zh_CN")
                                                            : QStringLiteral("en");
}

QString Catalogue::summary(const Scenario &scenario)
{
    const QString text = scenario.explanationIn(language());
    // Up to the end of the first sentence (English ". " or Chinese "。").
    int end = int(text.indexOf(QStringLiteral(". ")));
    const int zh = int(text.indexOf(QChar(0x3002)));
    if (zh >= 0 && (end < 0 || zh < end))
        return text.left(zh + 1);
    return end >= 0 ? text.left(end + 1) : text;
}

} // namespace tcplab
