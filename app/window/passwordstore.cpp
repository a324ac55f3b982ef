#include "passwordstore.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString describe(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        return {};
    case QKeychain::NoBackendAvailable:
        return PasswordStore::tr("no system keychain is running (%1)").arg(job.errorString());
    case QKeychain::AccessDeniedByUser:
        return PasswordStore::tr("the keychain was not unlocked");
    default:
        return PasswordStore::tr("the keychain refused: %1").arg(job.errorString());
    }
}

} // namespace

PasswordStore::PasswordStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{}

void PasswordStore::read(const QString &key, std::function<void(const Answer &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *finished) {
                const auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
                done({read->error() == QKeychain::NoError ? read->textData() : QString(),
                      describe(*read)});
            });
    job->start();
}

void PasswordStore::readAll(const QStringList &keys,
                            std::function<void(const QHash<QString, QString> &)> done)
{
    readNext(std::make_shared<Reading>(Reading{keys, {}, std::move(done)}));
}

void PasswordStore::readNext(std::shared_ptr<Reading> reading)
{
    if (reading->left.isEmpty()) {
        reading->done(reading->found);
        return;
    }
    const QString key = reading->left.takeFirst();
    read(key, [this, reading, key](const Answer &answer) {
        if (!answer.password.isEmpty())
            reading->found.insert(key, answer.password);
        readNext(reading);
    });
}

void PasswordStore::write(const QString &key, const QString &password,
                          std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *finished) { done(describe(*finished)); });
    job->start();
}

void PasswordStore::remove(const QString &key, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *finished) { done(describe(*finished)); });
    job->start();
}

} // namespace porthole
