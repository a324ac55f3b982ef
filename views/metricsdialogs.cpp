#include "metricspane.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QToolButton>

using namespace Qt::StringLiterals;

// The Metrics pane's dialogs: a custom range, and export (its menu) of the chart and the
// series.

namespace porthole {

void MetricsPane::exportOwn()
{
    m_exportButton->showMenu();
}

void MetricsPane::askCustomRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Time range"));
    auto *form = new QFormLayout(&dialog);
    auto *from = new QDateTimeEdit(m_chartModel->from().toLocalTime());
    auto *to = new QDateTimeEdit(m_chartModel->to().toLocalTime());
    for (QDateTimeEdit *edit : {from, to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    }
    form->addRow(tr("From"), from);
    form->addRow(tr("To"), to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    const auto check = [from, to, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(from->dateTime() < to->dateTime());
    };
    connect(from, &QDateTimeEdit::dateTimeChanged, &dialog, check);
    connect(to, &QDateTimeEdit::dateTimeChanged, &dialog, check);
    if (dialog.exec() == QDialog::Accepted) {
        m_presetShown = false;
        m_chartModel->setRange(from->dateTime().toUTC(), to->dateTime().toUTC());
    }
}

void MetricsPane::askPng()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Chart as PNG"));
    auto *form = new QFormLayout(&dialog);
    auto *width = new QSpinBox;
    auto *height = new QSpinBox;
    width->setRange(200, 8000);
    height->setRange(150, 8000);
    width->setValue(std::max(800, m_chart->width()));
    height->setValue(std::max(450, m_chart->height()));
    width->setSuffix(tr(" px"));
    height->setSuffix(tr(" px"));
    form->addRow(tr("Width"), width);
    form->addRow(tr("Height"), height);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the chart"), u"metrics.png"_s,
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportPng(path, QSize(width->value(), height->value()), &error))
        Q_EMIT statusMessage(tr("Saved the chart to %1").arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT failed(tr("Chart not saved"), error);
}

void MetricsPane::askCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the shown series"),
                                                      u"metrics.csv"_s, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportCsv(path, &error))
        Q_EMIT statusMessage(tr("Saved the series to %1").arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT failed(tr("Series not saved"), error);
}

bool MetricsPane::exportPng(const QString &path, const QSize &size, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !m_chart->render(size).save(&file, "PNG") ||
        !file.commit()) {
        *error =
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

bool MetricsPane::exportCsv(const QString &path, QString *error)
{
    QSaveFile file(path);
    QString why;
    if (!file.open(QIODevice::WriteOnly) ||
        !writeSeriesCsv(&file, m_chartModel->data(), m_chartModel->bucketSeconds(), &why) ||
        !file.commit()) {
        *error = tr("Could not write %1: %2")
                     .arg(QDir::toNativeSeparators(path), why.isEmpty() ? file.errorString() : why);
        return false;
    }
    return true;
}

} // namespace porthole
