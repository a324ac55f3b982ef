#pragma once

#include <QDateTime>
#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;

namespace porthole {

class FilePathField;

// Asks for a report: its time range (UTC; the last day, week or 30 days at a click), whether to
// check the batch files, whether to compare with the same range a day or a week before, the
// format (PDF or HTML) and the file.
class ReportDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Format
    {
        Pdf,
        Html
    };

    // `batchFolder` empty: there are no batch files to check.
    explicit ReportDialog(const QString &batchFolder, QWidget *parent = nullptr);

    QDateTime from() const;
    QDateTime to() const;
    void setRange(const QDateTime &from, const QDateTime &to);
    // The last `days` days up to now.
    void setLastDays(int days);
    bool checkBatchFiles() const;
    // The comparison's offset (porthole report --compare-to): 0 none, a day or a week.
    qint64 compareSeconds() const;
    void setCompareSeconds(qint64 seconds);
    Format format() const;
    void setFormat(Format format);
    QString path() const;
    void setPath(const QString &path);

    void accept() override;

private:
    void onFormatChanged();
    void updateButtons();

    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QCheckBox *m_batches = nullptr;
    QComboBox *m_compare = nullptr;
    QComboBox *m_format = nullptr;
    FilePathField *m_path = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace porthole
