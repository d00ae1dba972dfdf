#include "session/inputfile.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <unistd.h>

namespace tcplab {

namespace {
QString size(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}
} // namespace

std::optional<QByteArray> InputFile::read(const QString &path, qint64 limit, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = tr("there is no such file");
        return std::nullopt;
    }
    if (info.isDir()) {
        *error = tr("it is a folder, not a file");
        return std::nullopt;
    }
    if (!info.isFile()) {
        *error = tr("it is not a regular file (a pipe or a device, say): the lab reads only files");
        return std::nullopt;
    }
    if (info.size() > limit) {
        *error = tr("the file holds %1; the lab reads at most %2 of this kind")
                     .arg(size(info.size()), size(limit));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return std::nullopt;
    }
    // All it holds (QIODevice::read(limit) would first allocate the whole limit, 1 GiB).
    QByteArray bytes = file.readAll();
    if (bytes.size() > limit) { // it grew while it was read
        *error = tr("the file holds more than %1; the lab reads at most that of this kind")
                     .arg(size(limit));
        return std::nullopt;
    }
    return bytes;
}

bool OutputFile::check(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (info.isSymLink()) {
        *error = tr("cannot write %1: it is a symbolic link, and the lab does not write through "
                    "links. Choose another name.")
                     .arg(path);
        return false;
    }
    if (info.isDir()) {
        *error = tr("cannot write %1: it is a folder.").arg(path);
        return false;
    }
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir()) {
        *error = tr("cannot write %1: the folder %2 does not exist.").arg(path, folder.filePath());
        return false;
    }
    if (::access(QFile::encodeName(folder.filePath()).constData(), W_OK | X_OK) != 0
        || (info.exists() && ::access(QFile::encodeName(path).constData(), W_OK) != 0)) {
        *error = tr("cannot write %1: this user may not write there.").arg(path);
        return false;
    }
    return true;
}

} // namespace tcplab
