#include "backupcontroller.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString folderKey = u"backup/folder"_s;
const QString keepKey = u"backup/keep"_s;

} // namespace

BackupController::BackupController(const DatabaseUrl &url, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_url(url)
    , m_window(window)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &BackupController::onFinished);
}

BackupController::~BackupController()
{
    m_stop->store(true);
    m_watcher.waitForFinished();
}

QString BackupController::savedFolder()
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QSettings().value(folderKey, QDir(documents).filePath(u"porthole-backups"_s)).toString();
}

int BackupController::savedKeep()
{
    bool ok = false;
    const int keep = QSettings().value(keepKey, 7).toInt(&ok);
    return ok && keep >= 0 ? keep : 7;
}

void BackupController::ask()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    m_dialog = new BackupDialog(savedFolder(), savedKeep(), m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &BackupDialog::backupRequested, this, &BackupController::start);
    m_dialog->open();
}

void BackupController::start(const QString &folder, int keep)
{
    if (isRunning())
        return;
    QSettings settings;
    settings.setValue(folderKey, folder);
    settings.setValue(keepKey, keep);
    Q_EMIT statusMessage(tr("Backing up…"));
    QPointer<BackupController> self(this);
    BackupOptions options{.directory = folder,
                          .keep = keep,
                          .verify = true,
                          .pagesPerStep = 1024,
                          .tools = {},
                          .progress = {},
                          .now = {}};
    options.progress = [stop = m_stop, self](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            self,
            [self, done, total] {
                if (self && self->m_dialog)
                    self->m_dialog->showProgress(done, total);
            },
            Qt::QueuedConnection);
        return !stop->load();
    };
    m_watcher.setFuture(QtConcurrent::run([url = m_url, options] {
        Outcome outcome;
        auto taken = takeBackup(url, options);
        if (taken)
            outcome.backup = *taken;
        else
            outcome.error = taken.errorMessage();
        return outcome;
    }));
}

void BackupController::onFinished()
{
    const Outcome outcome = m_watcher.result();
    if (!outcome.backup) {
        if (m_dialog)
            m_dialog->showError(outcome.error);
        Q_EMIT statusMessage(tr("The backup failed: %1").arg(outcome.error));
        Q_EMIT finished(false);
        return;
    }
    if (m_dialog)
        m_dialog->showDone(*outcome.backup);
    Q_EMIT statusMessage(tr("Backed up to %1.").arg(outcome.backup->backup.dataPath));
    Q_EMIT finished(true);
}

} // namespace porthole
