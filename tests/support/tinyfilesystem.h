#pragma once

#include <QDir>
#include <QFile>
#include <QStorageInfo>
#include <QString>

#include <cerrno>
#include <cstring>
#include <linux/capability.h>
#include <memory>
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

// Real file systems that fail as disks do: small ones that fill, read-only ones, and
// permissions that apply to root too.
namespace porthole::test {

// Root passes every permission check. For as long as this lives, the calling thread goes
// without the capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER),
// so that "permission denied" means for a test run as root what it means for anyone.
class WithoutRootOverride
{
public:
    WithoutRootOverride()
    {
        if (::geteuid() != 0)
            return;
        if (::syscall(SYS_capget, &m_header, m_saved) != 0)
            return;
        __user_cap_data_struct reduced[2] = {m_saved[0], m_saved[1]};
        const quint32 drop =
            (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH) | (1u << CAP_FOWNER);
        reduced[0].effective &= ~drop;
        m_active = ::syscall(SYS_capset, &m_header, reduced) == 0;
    }
    ~WithoutRootOverride()
    {
        if (m_active)
            ::syscall(SYS_capset, &m_header, m_saved);
    }
    WithoutRootOverride(const WithoutRootOverride &) = delete;
    WithoutRootOverride &operator=(const WithoutRootOverride &) = delete;

    // Whether permissions now apply to this thread (always, when not run as root).
    bool ok() const { return ::geteuid() != 0 || m_active; }

private:
    __user_cap_header_struct m_header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct m_saved[2] = {};
    bool m_active = false;
};

// A real, small file system: a tmpfs mounted on a folder, in a mount namespace of this
// process's own, so nothing shows (or is left behind) outside the test. Needs the right to
// mount (root, or CAP_SYS_ADMIN); mount() says why it cannot.
class TinyFileSystem
{
public:
    static std::unique_ptr<TinyFileSystem> mount(const QString &path, qint64 sizeBytes,
                                                 QString *why)
    {
        static const int privateNamespace = [] {
            if (::unshare(CLONE_NEWNS) != 0)
                return errno;
            if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
                return errno;
            return 0;
        }();
        if (privateNamespace != 0) {
            *why = QStringLiteral("cannot have a mount namespace of its own: ") +
                   QString::fromLocal8Bit(strerror(privateNamespace));
            return nullptr;
        }
        if (!QDir().mkpath(path)) {
            *why = QStringLiteral("cannot create ") + path;
            return nullptr;
        }
        const QByteArray options = "size=" + QByteArray::number(sizeBytes) + ",mode=0755";
        const QByteArray target = QFile::encodeName(path);
        if (::mount("porthole-test", target.constData(), "tmpfs", 0, options.constData()) != 0) {
            *why =
                QStringLiteral("cannot mount a tmpfs: ") + QString::fromLocal8Bit(strerror(errno));
            return nullptr;
        }
        return std::unique_ptr<TinyFileSystem>(new TinyFileSystem(target, options));
    }
    ~TinyFileSystem() { ::umount2(m_target.constData(), MNT_DETACH); }
    TinyFileSystem(const TinyFileSystem &) = delete;
    TinyFileSystem &operator=(const TinyFileSystem &) = delete;

    // A new size: smaller than what it holds fails, larger makes room.
    bool resize(qint64 sizeBytes)
    {
        m_options = "size=" + QByteArray::number(sizeBytes) + ",mode=0755";
        return ::mount(nullptr, m_target.constData(), nullptr, MS_REMOUNT, m_options.constData()) ==
               0;
    }

    bool setReadOnly(bool readOnly)
    {
        const unsigned long flags = MS_REMOUNT | (readOnly ? MS_RDONLY : 0);
        return ::mount(nullptr, m_target.constData(), nullptr, flags, m_options.constData()) == 0;
    }

private:
    TinyFileSystem(QByteArray target, QByteArray options)
        : m_target(std::move(target))
        , m_options(std::move(options))
    {}
    QByteArray m_target;
    QByteArray m_options;
};

// Writes `folder`/filler so that `free` bytes are left available on its file system (as
// statfs counts them): a disk as full as a test needs it.
inline bool fillLeaving(const QString &folder, qint64 free)
{
    const qint64 fill = QStorageInfo(folder).bytesAvailable() - free;
    QFile filler(folder + QStringLiteral("/filler"));
    return fill >= 0 && filler.open(QIODevice::WriteOnly) &&
           filler.write(QByteArray(fill, 'x')) == fill && filler.flush() &&
           QStorageInfo(folder).bytesAvailable() <= free;
}

} // namespace porthole::test
