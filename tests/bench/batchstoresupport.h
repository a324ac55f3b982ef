#pragma once

// The batch store the batch benchmarks share: how it is generated, and the plain listing
// (readdir and fstatat, no Porthole) they measure against.

#include "batchline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <algorithm>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace porthole::bench {

constexpr qint64 firstSecs = 1'795'255'200;

inline void generateBatchStore(const QString &dir, qint64 files)
{
    const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    qint64 number = 0;
    for (qint64 id = 1; id <= files; ++id) {
        QByteArray bytes;
        const int lines = id == files ? 4 : 10;
        for (int i = 0; i < lines; ++i) {
            ++number;
            BatchLine::appendFormatted(
                bytes, number, firstSecs + number,
                QByteArray("Test message number " + QByteArray::number(number)));
        }
        const QByteArray name = batchFileNameBytes(id);
        const int fd = ::openat(dirFd, name.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || ::write(fd, bytes.constData(), size_t(bytes.size())) != bytes.size())
            qFatal("cannot write the store");
        // Old files, as in a store that has been written for a while.
        const timespec times[2] = {{firstSecs, 0}, {firstSecs, 0}};
        ::futimens(fd, times);
        ::close(fd);
    }
    ::close(dirFd);
}

struct PlainRecord
{
    qint64 id;
    qint64 size;
    qint64 mtimeNs;
    qint64 messages;
    qint64 first;
    qint64 last;
};

inline bool plainBatchId(const char *name, qint64 *id)
{
    const size_t length = std::strlen(name);
    if (length < 23 || std::strncmp(name, "messages_batch_", 15) != 0 ||
        std::strcmp(name + length - 4, ".txt") != 0)
        return false;
    qint64 value = 0;
    for (const char *p = name + 15; p < name + length - 4; ++p) {
        if (*p < '0' || *p > '9')
            return false;
        value = value * 10 + (*p - '0');
    }
    *id = value;
    return value > 0;
}

// Lists the batch files as a plain program would, calling perFile(dirFd, name, record) for
// each; returns how many there are.
template <typename PerFile>
size_t plainList(const QString &dir, PerFile perFile)
{
    const int dirFd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    DIR *listing = ::fdopendir(::dup(dirFd));
    std::vector<PlainRecord> records;
    while (const dirent *entry = ::readdir(listing)) {
        PlainRecord record{};
        if (!plainBatchId(entry->d_name, &record.id))
            continue;
        struct stat status = {};
        if (::fstatat(dirFd, entry->d_name, &status, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(status.st_mode))
            continue;
        record.size = status.st_size;
        record.mtimeNs = status.st_mtim.tv_sec * 1'000'000'000LL + status.st_mtim.tv_nsec;
        perFile(dirFd, entry->d_name, &record);
        records.push_back(record);
    }
    ::closedir(listing);
    ::close(dirFd);
    std::sort(records.begin(), records.end(),
              [](const PlainRecord &a, const PlainRecord &b) { return a.id < b.id; });
    return records.size();
}

// What a batch benchmark's command line asks for (--files, --runs, --dir), and the empty
// store folder made for it, removed with `root`.
struct BenchStore
{
    qint64 files = 0;
    int runs = 0;
    std::unique_ptr<QTemporaryDir> root;
    QString path;
};

inline BenchStore parseBenchStore(const QCoreApplication &app, const QString &description,
                                  const QString &name)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    const QCommandLineOption files(QStringLiteral("files"),
                                   QStringLiteral("Batch files in the store."), QStringLiteral("n"),
                                   QStringLiteral("100000"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs of each."),
                                  QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption dir(QStringLiteral("dir"), QStringLiteral("Where to build the store."),
                                 QStringLiteral("dir"), QDir::tempPath());
    parser.addOptions({files, runs, dir});
    parser.process(app);
    BenchStore store;
    store.files = parser.value(files).toLongLong();
    store.runs = parser.value(runs).toInt();
    store.root = std::make_unique<QTemporaryDir>(parser.value(dir) + u'/' + name +
                                                 QStringLiteral("-XXXXXX"));
    store.path = store.root->filePath(QStringLiteral("messages"));
    QDir().mkpath(store.path);
    return store;
}

} // namespace porthole::bench
