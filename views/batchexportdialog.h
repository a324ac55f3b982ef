#pragma once

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QRadioButton;

namespace porthole {

class FilePathField;

// Asks what to export of a batch-file store as JSON in the seed's shape: the selected batch
// file or every one, and the file to write.
class BatchExportDialog : public QDialog
{
    Q_OBJECT

public:
    // `selected` 0: no file is selected, so all it is.
    BatchExportDialog(const QString &folder, qint64 selected, int files, QWidget *parent = nullptr);

    // The batch to export; none for all.
    std::optional<qint64> batch() const;
    void setAll(bool all);
    QString path() const;
    void setPath(const QString &path);

    void accept() override;

private:
    void updateButtons();

    qint64 m_selected;
    QRadioButton *m_one = nullptr;
    QRadioButton *m_all = nullptr;
    FilePathField *m_path = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace porthole
