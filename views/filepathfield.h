#pragma once

#include <QWidget>

class QLineEdit;

namespace porthole {

// A file to write (or a folder): its path, editable, and Browse… for a save dialog of the given
// filter (or a folder dialog).
class FilePathField : public QWidget
{
    Q_OBJECT

public:
    explicit FilePathField(QWidget *parent = nullptr);

    // The path as typed, without blanks around it.
    QString path() const;
    void setPath(const QString &path);
    // The file `fileName` in the folder last remembered under `settingsKey` (the user's
    // Documents folder at first).
    void setRemembered(const QString &settingsKey, const QString &fileName);
    // Remembers the path's folder under that key, for next time.
    void remember() const;
    // Browse… picks a folder rather than a file to write.
    void setPickFolder(bool folder) { m_pickFolder = folder; }
    // What Browse… offers ("CSV files (*.csv)").
    void setFilter(const QString &filter) { m_filter = filter; }
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    void pathChanged(const QString &path);

private:
    void browse();

    QLineEdit *m_edit = nullptr;
    QString m_filter;
    QString m_settingsKey;
    bool m_pickFolder = false;
};

} // namespace porthole
