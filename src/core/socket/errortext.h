#pragma once

#include <QCoreApplication>
#include <QString>

namespace tcplab {

// Plain-words explanations of socket errors for students: what happened on the
// connection and what to do about it. Translated (the core may use QtCore's tr()).
class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    // `what` is the call ("connect", "bind", ...), `where` the address involved, if any.
    static QString explain(int err, const QString &what, const QString &where = {});
    // EADDRINUSE from bind() or listen(), where it is known whether the socket had SO_REUSEADDR:
    // with it, a connection in TIME_WAIT cannot have been the cause.
    static QString addressInUse(const QString &what, const QString &where, bool reuseAddress);
    static QString invalidPort(const QString &text);
    static QString unknownHost(const QString &host, const QString &detail);
    static QString notOpen();
};

} // namespace tcplab
