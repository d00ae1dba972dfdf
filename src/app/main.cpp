#include "cli.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFont>
#include <QIcon>
#include <QSettings>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    QCoreApplication::setOrganizationName(QStringLiteral("TCP Lab"));
    QCoreApplication::setApplicationName(QStringLiteral("tcplab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TCPLAB_VERSION));

    const QString language = tcplab::languageArgument(arguments);
    if (tcplab::Cli::wanted(arguments)) {
        // Drawing exports needs fonts, so a GUI application, but never a display.
        if (arguments.contains(QStringLiteral("--export"))
            || arguments.filter(QStringLiteral("--export=")).size()) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            QGuiApplication app(argc, argv);
            tcplab::installTranslations(language);
            return tcplab::Cli::run(arguments);
        }
        QCoreApplication app(argc, argv);
        tcplab::installTranslations(language);
        return tcplab::Cli::run(arguments);
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("TCP Lab"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.tcplab.TcpLab"));
    QIcon icon(QStringLiteral(":/icons/tcplab.svg"));
    icon.addFile(QStringLiteral(":/icons/tcplab-256.png"));
    QApplication::setWindowIcon(icon);
    // --lang, else the language chosen last time, else the system's.
    const QString chosen = QSettings().value(QStringLiteral("language")).toString();
    tcplab::installTranslations(!language.isEmpty() ? language : chosen);
    // fontconfig's own fallback picks the Japanese CJK face for Chinese text; name the
    // Simplified Chinese one right after the default family.
    QFont font = QApplication::font();
    font.setFamilies({font.family(), QStringLiteral("Noto Sans CJK SC")});
    QApplication::setFont(font);
    tcplab::MainWindow window;
    window.show();
    return app.exec();
}
