#include "backupdialog.h"

#include "filepathfield.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

BackupDialog::BackupDialog(const QString &folder, int keep, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"backupDialog"_s);
    setWindowTitle(tr("Back Up"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Takes a consistent copy of the database open now into the folder, while ingest "
           "goes on writing, with a manifest beside it. The copy is restored into a scratch "
           "database and checked before the oldest backups beyond the number kept are "
           "deleted."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_folder = new FilePathField(this);
    m_folder->setObjectName(u"backupFolder"_s);
    m_folder->setPickFolder(true);
    m_folder->setPath(folder);
    form->addRow(tr("&Folder:"), m_folder);
    m_keep = new QSpinBox(this);
    m_keep->setObjectName(u"backupKeep"_s);
    m_keep->setRange(0, 1000);
    m_keep->setSpecialValueText(tr("keep all"));
    m_keep->setValue(keep);
    form->addRow(tr("&Keep the last:"), m_keep);
    layout->addLayout(form);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"backupProgress"_s);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(u"backupStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_backUp = m_buttons->addButton(tr("&Back Up"), QDialogButtonBox::AcceptRole);
    m_backUp->setObjectName(u"backUpButton"_s);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_backUp, &QPushButton::clicked, this, [this] {
        if (this->folder().isEmpty()) {
            showError(tr("Choose the folder the backups go to."));
            return;
        }
        setRunning(true);
        m_status->setText(tr("Backing up…"));
        Q_EMIT backupRequested(this->folder(), this->keep());
    });
    m_status->setText(tr("Choose a folder, then Back Up."));
}

QString BackupDialog::folder() const
{
    return m_folder->path();
}

int BackupDialog::keep() const
{
    return m_keep->value();
}

QString BackupDialog::statusText() const
{
    return m_status->text();
}

void BackupDialog::setRunning(bool running)
{
    m_backUp->setEnabled(!running);
    m_folder->setEnabled(!running);
    m_keep->setEnabled(!running);
    if (running)
        m_progress->setValue(0);
}

void BackupDialog::showProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_progress->setRange(0, 0); // PostgreSQL: pg_dump says nothing until it ends
        return;
    }
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(done * 1000 / total));
    if (done >= total)
        m_status->setText(tr("Checking the backup: restoring it into a scratch database…"));
}

void BackupDialog::showDone(const BackupOutcome &outcome)
{
    setRunning(false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(1000);
    QString text = tr("Backed up to %1 and checked: its restore holds the rows the manifest "
                      "lists.")
                       .arg(outcome.backup.dataPath);
    if (!outcome.removed.isEmpty())
        text += u' ' + tr("%n older backup(s) deleted.", nullptr, int(outcome.removed.size()));
    m_status->setText(text);
}

void BackupDialog::showError(const QString &message)
{
    setRunning(false);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setText(tr("No backup was taken: %1 Check the folder (it must be writable, with "
                         "room for a copy of the database), then Back Up again.")
                          .arg(message));
}

} // namespace porthole
