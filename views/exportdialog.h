#pragma once

#include "exportsource.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;

namespace porthole {

class FilePathField;

// Asks how to export a listing: the file, its format (CSV with or without a byte order mark,
// JSON, JSON Lines) and the columns, every one checked at first. The folder, format and BOM
// chosen last time are offered again (QSettings). Export stays off until there is a file name
// and a column.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    // `what` names the rows for a person ("the 1,234 dead letters shown").
    ExportDialog(const QString &table, const QString &what, const QList<ExportColumn> &columns,
                 QWidget *parent = nullptr);

    QString path() const;
    void setPath(const QString &path);
    ExportSettings settings() const;
    void setFormat(ExportFormat format);

    // Remembers the folder, format and BOM for next time (called on accept).
    void accept() override;

private:
    void onFormatChanged();
    void updateButtons();
    void setAllChecked(bool checked);

    QList<ExportColumn> m_columns;
    QComboBox *m_format = nullptr;
    QCheckBox *m_bom = nullptr;
    QListWidget *m_columnList = nullptr;
    FilePathField *m_path = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace porthole
