#include "capture/helpercapture.h"

#include "capture/labprogram.h"

#include "capture/captureparameters.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QtEndian>

#include <cstring>

namespace tcplab {

namespace {
class HelperText
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::HelperCapture)
};

constexpr quint32 kPcapMagic = 0xa1b2c3d4; // microsecond timestamps, as libpcap's dumper writes
constexpr int kFileHeader = 24;
constexpr int kRecordHeader = 16;
constexpr int kExitRefused = 3; // tcplab-capture: no socket of the user holds the port

quint32 read32(const char *p, bool swapped)
{
    quint32 v;
    std::memcpy(&v, p, 4);
    return swapped ? qbswap(v) : v;
}
} // namespace

HelperCapture::HelperCapture(const QString &helper, QObject *parent)
    : QObject(parent)
    , m_helper(helper)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &HelperCapture::readFrames);
    connect(&m_process, &QProcess::readyReadStandardError, this, &HelperCapture::readMessages);
}

HelperCapture::~HelperCapture()
{
    blockSignals(true);
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // the helper stops when its input closes
    if (!m_process.waitForFinished(1000))
        m_process.kill();
}

QString HelperCapture::location()
{
    return labProgram(QStringLiteral("tcplab-capture"), "TCPLAB_CAPTURE_HELPER");
}

QString HelperCapture::usableHelper(QString *why)
{
    const QString helper = location();
    if (helper.isEmpty()) {
        if (why)
            *why = HelperText::tr("the capture helper tcplab-capture is not installed");
        return {};
    }
    if (!QFileInfo(helper).isExecutable()) {
        if (why)
            *why = HelperText::tr("this user may not run the capture helper %1").arg(helper);
        return {};
    }
    QProcess check;
    check.start(helper, {QStringLiteral("--check")});
    if (check.waitForFinished(3000) && check.exitStatus() == QProcess::NormalExit
        && check.exitCode() == 0)
        return helper;
    if (why) {
        *why = statusText(QString::fromLocal8Bit(check.readAllStandardError()).trimmed());
        if (why->isEmpty())
            *why = HelperText::tr("the capture helper %1 did not run: %2")
                       .arg(helper, check.errorString());
    }
    return {};
}

bool HelperCapture::start(quint16 port)
{
    m_port = port;
    m_process.start(m_helper, {QString::number(port)});
    if (!m_process.waitForStarted(3000)) {
        m_errorText
            = HelperText::tr("The capture helper did not start: %1").arg(m_process.errorString());
        return false;
    }
    // Capturing has begun once the pcap file header is out; a refusal ends the helper instead.
    QElapsedTimer limit;
    limit.start();
    while (!m_headerSeen && m_process.state() == QProcess::Running && limit.elapsed() < 3000)
        m_process.waitForReadyRead(int(3000 - limit.elapsed()));
    if (m_headerSeen)
        return true;
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
    m_refused
        = m_process.exitStatus() == QProcess::NormalExit && m_process.exitCode() == kExitRefused;
    readMessages();
    if (m_errorText.isEmpty())
        m_errorText = HelperText::tr("The capture helper stopped before capturing.");
    return false;
}

void HelperCapture::drain()
{
    readFrames();
}

bool HelperCapture::isQuiet(int ms) const
{
    if (m_process.bytesAvailable() > 0)
        return false; // arrived, not read yet
    return m_process.state() != QProcess::Running || !m_lastOutput.isValid()
        || m_lastOutput.elapsed() >= ms;
}

void HelperCapture::corrupt()
{
    m_buffer.clear();
    m_errorText = HelperText::tr("The capture helper's output is not a pcap stream; capturing "
                                 "stopped.");
    m_process.disconnect(this);
    m_process.kill();
    Q_EMIT message(m_errorText);
}

namespace {
// A connection's two ends as the helper writes them ("127.0.0.1 51000 127.0.0.1 45001"), in a
// fixed order so that either end may come first.
QString endsKey(const QHostAddress &a, quint16 aPort, const QHostAddress &b, quint16 bPort)
{
    auto text = [](const QHostAddress &address, quint16 port) -> QString {
        bool mapped = false;
        const quint32 v4 = address.toIPv4Address(&mapped);
        const QString host = mapped ? QHostAddress(v4).toString() : address.toString();
        return host + QLatin1Char(' ') + QString::number(port);
    };
    const QString first = text(a, aPort);
    const QString second = text(b, bPort);
    return first < second ? QString(first + QLatin1Char(' ') + second)
                          : QString(second + QLatin1Char(' ') + first);
}
} // namespace

bool HelperCapture::hasProven(const QHostAddress &a, quint16 aPort, const QHostAddress &b,
                              quint16 bPort) const
{
    return m_proven.contains(endsKey(a, aPort, b, bPort));
}

QString HelperCapture::statusText(const QString &line, quint32 *count)
{
    const QString code = line.section(QLatin1Char(' '), 1, 1);
    const QString argument = line.section(QLatin1Char(' '), 2);
    if (!line.startsWith(QLatin1String("STATUS ")) || code.isEmpty())
        return {};
    if (code == QLatin1String("REFUSED"))
        return HelperText::tr("The capture helper refused: no socket of yours holds TCP port %1, "
                              "and only your own connections may be captured.")
            .arg(argument);
    if (code == QLatin1String("STOPPED"))
        return HelperText::tr("The capture helper stopped: no socket of yours holds TCP port %1 "
                              "any more.")
            .arg(argument);
    if (code == QLatin1String("DROPPED")) {
        if (count)
            *count = argument.toUInt();
        return HelperText::tr("The kernel dropped %n captured frame(s).", nullptr,
                              int(argument.toUInt()));
    }
    if (code == QLatin1String("WITHHELD")) {
        if (count)
            *count = argument.toUInt();
        return HelperText::tr("The capture helper withheld %n frame(s) on the port that the "
                              "kernel could not prove yours.",
                              nullptr, int(argument.toUInt()));
    }
    if (code == QLatin1String("PROVEN"))
        return {}; // for the lab, not for the user
    if (code == QLatin1String("CANNOT_CAPTURE"))
        return HelperText::tr("The capture helper cannot capture: %1").arg(argument);
    if (code == QLatin1String("SOCK_DIAG_FAILED"))
        return HelperText::tr("The capture helper could not ask the kernel for your sockets "
                              "(sock_diag).");
    if (code == QLatin1String("CAPABILITIES"))
        return HelperText::tr("The capture helper could not give up its capabilities, so it does "
                              "not capture.");
    if (code == QLatin1String("BAD_PORT"))
        return HelperText::tr("The capture helper was given \"%1\", which is not a port.")
            .arg(argument);
    if (code == QLatin1String("USAGE"))
        return HelperText::tr("The capture helper was started the wrong way.");
    return HelperText::tr("The capture helper said something the lab does not know: %1").arg(line);
}

void HelperCapture::readMessages()
{
    const QString text = QString::fromLocal8Bit(m_process.readAllStandardError()).trimmed();
    if (text.isEmpty())
        return;
    for (const QString &raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.startsWith(QLatin1String("STATUS PROVEN "))) {
            const QStringList ends = line.split(QLatin1Char(' '));
            if (ends.size() == 6)
                m_proven.insert(endsKey(QHostAddress(ends.at(2)), quint16(ends.at(3).toUInt()),
                                        QHostAddress(ends.at(4)), quint16(ends.at(5).toUInt())));
            continue;
        }
        quint32 total = 0;
        const QString said = statusText(line, &total);
        if (said.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("STATUS DROPPED "))
            || line.startsWith(QLatin1String("STATUS WITHHELD "))) {
            // A problem worth counting: the helper's totals so far.
            (line.startsWith(QLatin1String("STATUS DROPPED ")) ? m_dropped : m_withheld) = total;
            Q_EMIT lostFramesChanged();
            continue;
        }
        // Its refusal (start() reports it) or its farewell.
        m_errorText = said;
        if (line.startsWith(QLatin1String("STATUS STOPPED ")))
            Q_EMIT message(said);
    }
}

void HelperCapture::readFrames()
{
    const QByteArray more = m_process.readAllStandardOutput();
    if (!more.isEmpty())
        m_lastOutput.start();
    m_buffer += more;
    if (!m_headerSeen) {
        if (m_buffer.size() < kFileHeader)
            return;
        quint32 magic;
        std::memcpy(&magic, m_buffer.constData(), 4);
        if (magic != kPcapMagic && magic != qbswap(kPcapMagic)) {
            corrupt();
            return;
        }
        m_swapped = magic != kPcapMagic;
        m_snapLength = read32(m_buffer.constData() + 16, m_swapped);
        m_linkType = int(read32(m_buffer.constData() + 20, m_swapped));
        m_buffer.remove(0, kFileHeader);
        m_headerSeen = true;
    }
    qsizetype at = 0;
    while (m_buffer.size() - at >= kRecordHeader) {
        const char *record = m_buffer.constData() + at;
        const quint32 captured = read32(record + 8, m_swapped);
        if (captured > m_snapLength || captured > quint32(capture::SnapLength)) {
            corrupt(); // not a record libpcap wrote: stop before the buffer grows without end
            return;
        }
        if (m_buffer.size() - at < kRecordHeader + qsizetype(captured))
            break;
        CapturedFrame frame;
        frame.realtimeUs
            = qint64(read32(record, m_swapped)) * 1000000 + read32(record + 4, m_swapped);
        frame.originalLength = read32(record + 12, m_swapped);
        frame.linkType = m_linkType;
        frame.data = m_buffer.mid(at + kRecordHeader, captured);
        at += kRecordHeader + captured;
        m_frames.append(frame);
        Q_EMIT frameCaptured(frame);
    }
    m_buffer.remove(0, at);
}

} // namespace tcplab
