#pragma once

// A stream entry too large for Porthole's Redis client to read: millions of field/value pairs,
// written with one XADD (an entry is written whole or not at all). The command's RESP bytes are
// made by hand and sent over a socket of their own, which takes a fraction of the time that
// millions of QByteArrays through RedisClient take, most of all in the sanitizer build.

#include "redisurl.h"

#include <QByteArray>
#include <QString>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace porthole::test {

// Adds an entry of `pairs` field/value pairs ("f0" "v", "f1" "v", ...) to the stream `key` on
// the server at `url` (loopback, no password); its id, or empty with `error` set.
inline QByteArray addBigStreamEntry(const RedisUrl &url, const QByteArray &key, int pairs,
                                    QString *error)
{
    using namespace Qt::StringLiterals;
    const auto bulk = [](QByteArray &out, const QByteArray &text) {
        out += '$' + QByteArray::number(text.size()) + "\r\n" + text + "\r\n";
    };
    QByteArray command;
    command.reserve(qsizetype(pairs) * 24 + 64);
    command += '*' + QByteArray::number(3 + 2 * qint64(pairs)) + "\r\n";
    bulk(command, "XADD");
    bulk(command, key);
    bulk(command, "*");
    for (int i = 0; i < pairs; ++i) {
        bulk(command, 'f' + QByteArray::number(i));
        command += "$1\r\nv\r\n";
    }

    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = u"no socket"_s;
        return {};
    }
    const timeval timeout{60, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(url.port()));
    ::inet_pton(AF_INET, url.host().toLatin1().constData(), &address.sin_addr);
    QByteArray answer;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0) {
        qsizetype sent = 0;
        while (sent < command.size()) {
            const ssize_t n =
                ::send(fd, command.constData() + sent, size_t(command.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += n;
        }
        // "$15\r\n1700000000000-0\r\n", or one line for an error.
        const auto whole = [&answer] {
            return answer.endsWith("\r\n") &&
                   (!answer.startsWith('$') || answer.count("\r\n") >= 2);
        };
        char bytes[256];
        while (!whole()) {
            const ssize_t n = ::recv(fd, bytes, sizeof(bytes), 0);
            if (n <= 0)
                break;
            answer.append(bytes, n);
        }
    }
    ::close(fd);
    if (answer.startsWith('$') && answer.count("\r\n") < 2) {
        *error = u"the answer to XADD was cut off: %1"_s.arg(QString::fromLatin1(answer));
        return {};
    }
    if (!answer.startsWith('$')) {
        *error = u"XADD was answered %1"_s.arg(QString::fromLatin1(answer.trimmed()));
        return {};
    }
    const QList<QByteArray> lines = answer.split('\n');
    return lines.value(1).trimmed();
}

} // namespace porthole::test
