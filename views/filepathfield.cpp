#include "filepathfield.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace porthole {

FilePathField::FilePathField(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
{
    m_edit->setObjectName(u"pathEdit"_s);
    m_edit->setMinimumWidth(380);
    setFocusProxy(m_edit);
    auto *browse = new QPushButton(tr("&Browse…"), this);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, &FilePathField::browse);
    connect(m_edit, &QLineEdit::textChanged, this, [this] { Q_EMIT pathChanged(path()); });
}

QString FilePathField::path() const
{
    return m_edit->text().trimmed();
}

void FilePathField::setPath(const QString &path)
{
    m_edit->setText(path);
}

void FilePathField::setRemembered(const QString &settingsKey, const QString &fileName)
{
    m_settingsKey = settingsKey;
    // The folder used last, else Documents, else home: the first that is there (a fresh
    // account or a server often has no Documents, and a folder used last may be gone).
    QString folder = QDir::homePath();
    for (const QString &candidate :
         {QSettings().value(settingsKey).toString(),
          QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)}) {
        if (!candidate.isEmpty() && QFileInfo(candidate).isDir()) {
            folder = candidate;
            break;
        }
    }
    setPath(QDir(folder).filePath(fileName));
}

void FilePathField::remember() const
{
    if (!m_settingsKey.isEmpty())
        QSettings().setValue(m_settingsKey, QFileInfo(path()).absolutePath());
}

void FilePathField::browse()
{
    if (m_pickFolder) {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder"), path());
        if (!folder.isEmpty())
            m_edit->setText(folder);
        return;
    }
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Write to"), path(), m_filter);
    if (!chosen.isEmpty())
        m_edit->setText(chosen);
}

} // namespace porthole
