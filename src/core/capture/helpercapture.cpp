#include "capture/helpercapture.h"

#include "capture/labprogram.h"

#include "capture/captureparameters.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <cstring>
#include <linux/capability.h>
#include <sys/xattr.h>

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
    , m_process(new QProcess)
{
    connect(m_process, &QProcess::readyReadStandardOutput, this, &HelperCapture::readFrames);
    connect(m_process, &QProcess::readyReadStandardError, this, &HelperCapture::readMessages);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(HelperText::tr("The capture helper did not start: %1")
                     .arg(m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, &HelperCapture::onFinished);
    m_startTimeout.setSingleShot(true);
    m_startTimeout.setInterval(kStartTimeoutMs);
    connect(&m_startTimeout, &QTimer::timeout, this, [this] {
        m_process->kill();
        fail(HelperText::tr("The capture helper did not begin capturing within %n second(s).",
                            nullptr, kStartTimeoutMs / 1000));
    });
}

HelperCapture::~HelperCapture()
{
    m_process->disconnect(this);
    QProcess *process = m_process;
    if (process->state() == QProcess::NotRunning) {
        delete process;
        return;
    }
    // The helper stops when its input closes: it reads its ring to the end and exits. The
    // process object goes once it has (killed if it has not within a few seconds), without
    // the lab waiting for it.
    QObject::connect(process, &QProcess::finished, process, &QObject::deleteLater);
    QTimer::singleShot(3000, process, [process] { process->kill(); });
    process->closeWriteChannel();
}

QString HelperCapture::location()
{
    return labProgram(QStringLiteral("tcplab-capture"), "TCPLAB_CAPTURE_HELPER");
}

namespace {
// Whether the file's capabilities (the security.capability attribute, as setcap writes it)
// give CAP_NET_RAW when it runs; reading them takes no privilege.
bool grantsNetRaw(const QString &path)
{
    vfs_ns_cap_data data {};
    const ssize_t size = ::getxattr(QFile::encodeName(path).constData(), "security.capability",
                                    &data, sizeof data);
    if (size < ssize_t(sizeof(quint32) * 3))
        return false;
    const quint32 magic = qFromLittleEndian(data.magic_etc);
    const quint32 revision = magic & VFS_CAP_REVISION_MASK;
    if (revision != VFS_CAP_REVISION_2 && revision != VFS_CAP_REVISION_3)
        return false;
    const quint32 permitted = qFromLittleEndian(data.data[0].permitted);
    return (magic & VFS_CAP_FLAGS_EFFECTIVE) && (permitted & (1u << CAP_NET_RAW));
}
} // namespace

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
    if (!grantsNetRaw(helper)) {
        if (why)
            *why = HelperText::tr("the capture helper %1 does not have the CAP_NET_RAW "
                                  "capability")
                       .arg(helper);
        return {};
    }
    return helper;
}

void HelperCapture::start(quint16 port)
{
    m_port = port;
    m_state = State::Starting;
    m_startTimeout.start();
    m_process->start(m_helper, {QString::number(port)});
}

void HelperCapture::fail(const QString &why)
{
    if (m_state != State::Starting)
        return;
    m_startTimeout.stop();
    m_state = State::Failed;
    if (m_errorText.isEmpty())
        m_errorText = why;
    Q_EMIT failed();
}

void HelperCapture::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readMessages();
    readFrames();
    if (m_state != State::Starting)
        return; // it stopped after capturing: its STATUS line said why
    // Capturing begins once the pcap file header is out; a refusal ends the helper instead.
    m_refused = status == QProcess::NormalExit && exitCode == kExitRefused;
    fail(HelperText::tr("The capture helper stopped before capturing."));
}

void HelperCapture::drain()
{
    readFrames();
}

bool HelperCapture::isQuiet(int ms) const
{
    if (m_process->bytesAvailable() > 0)
        return false; // arrived, not read yet
    return m_process->state() != QProcess::Running || !m_lastOutput.isValid()
        || m_lastOutput.elapsed() >= ms;
}

void HelperCapture::corrupt()
{
    m_buffer.clear();
    m_errorText = HelperText::tr("The capture helper's output is not a pcap stream; capturing "
                                 "stopped.");
    m_process->disconnect(this);
    m_process->kill();
    if (m_state == State::Starting) {
        fail(m_errorText);
        return;
    }
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
    const QString text = QString::fromLocal8Bit(m_process->readAllStandardError()).trimmed();
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
    const QByteArray more = m_process->readAllStandardOutput();
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
        if (m_state == State::Starting) {
            m_startTimeout.stop();
            m_state = State::Capturing;
            Q_EMIT capturing();
        }
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
