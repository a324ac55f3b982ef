#pragma once

// A certificate authority made for one test with openssl (package openssl): ca.crt, a server
// certificate server.crt with its key server.key for one host name, signed by it, and the
// certificate of another authority, other-ca.crt, that signed nothing of the server's.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace porthole::test {

class TestCertificateAuthority
{
public:
    // Writes the files into `folder`; false (and why) when openssl is missing or fails.
    static bool make(const QString &folder, const QString &hostName, QString *error)
    {
        using namespace Qt::StringLiterals;
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty()) {
            *error = u"openssl is not installed"_s;
            return false;
        }
        const auto run = [&](const QStringList &arguments) {
            QProcess process;
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.setWorkingDirectory(folder);
            process.start(openssl, arguments);
            if (process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit &&
                process.exitCode() == 0)
                return true;
            *error = u"openssl %1: %2"_s.arg(arguments.join(u' '),
                                             QString::fromLocal8Bit(process.readAll()));
            return false;
        };
        const QStringList ecKey{u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                                u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};
        for (const QString &ca : {u"ca"_s, u"other-ca"_s}) {
            if (!run(QStringList{u"req"_s, u"-x509"_s} + ecKey +
                     QStringList{u"-keyout"_s, ca + u".key"_s, u"-out"_s, ca + u".crt"_s,
                                 u"-days"_s, u"2"_s, u"-subj"_s,
                                 u"/CN=Porthole test authority "_s + ca}))
                return false;
        }
        if (!run(QStringList{u"req"_s} + ecKey +
                 QStringList{u"-keyout"_s, u"server.key"_s, u"-out"_s, u"server.csr"_s, u"-subj"_s,
                             u"/CN="_s + hostName}))
            return false;
        QFile extensions(QDir(folder).filePath(u"server.ext"_s));
        if (!extensions.open(QIODevice::WriteOnly) ||
            extensions.write("subjectAltName = DNS:" + hostName.toUtf8() + '\n') < 0) {
            *error = u"cannot write "_s + extensions.fileName();
            return false;
        }
        extensions.close();
        return run({u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.crt"_s,
                    u"-CAkey"_s, u"ca.key"_s, u"-CAcreateserial"_s, u"-out"_s, u"server.crt"_s,
                    u"-days"_s, u"2"_s, u"-extfile"_s, u"server.ext"_s});
    }
};

} // namespace porthole::test
