#pragma once

#include "capture/livecapture.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QString>

namespace tcplab {

class Session;
struct DecodeResult;

// One TCP connection found in a capture file.
struct CaptureConnection
{
    QHostAddress client; // the end that sent the first SYN (else the first segment)
    quint16 clientPort = 0;
    QHostAddress server;
    quint16 serverPort = 0;
    int packets = 0;
    qint64 bytes = 0; // payload
    bool handshake = false; // SYN, SYN/ACK and ACK seen
    bool clientFin = false;
    bool serverFin = false;
    bool reset = false;
    QString summary() const; // "127.0.0.1:51234 → 127.0.0.1:45001, 10 packets, 23 bytes, …"
};

// Reads pcap and pcapng files (libpcap), lists the TCP connections in them and turns one into
// a session (segments `source: file`, states inferred). A damaged file is read as far as it
// goes and says where it stopped; a file that is no capture gets a clear error.
class CaptureFile
{
    Q_DECLARE_TR_FUNCTIONS(tcplab::CaptureFile)

public:
    bool open(const QString &path, QString *error);
    const QList<CaptureConnection> &connections() const { return m_connections; }
    // Where reading stopped early (empty when the file was read to its end).
    QString stoppedAt() const { return m_stopped; }
    // Frames that may hold TCP the lab could not read, by reason: "3 frames not read: GRE-
    // encapsulated traffic is not decoded".
    QStringList unreadable() const;
    bool load(int index, Session *session, QString *error) const;

    // Saves frames as a standard pcap file with libpcap's writer.
    static bool writePcap(const QString &path, const QList<CapturedFrame> &frames, QString *error);

private:
    QString m_path;
    QList<CapturedFrame> m_frames;
    QList<CaptureConnection> m_connections;
    QList<int> m_frameConnection; // per frame: its connection (1, 2, ...), 0 when not TCP
    QMap<QString, int> m_unreadable; // why frames could not be read -> how many
    static QString unreadableReason(const DecodeResult &decoded);
    QString m_stopped;
};

} // namespace tcplab
