#include "harddeletedialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
constexpr qsizetype confirmFrom = 100;
constexpr qsizetype idsShown = 1000;
} // namespace

HardDeleteDialog::HardDeleteDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Delete purged messages for good"));
    auto *intro = new QLabel(tr("Purged port messages are kept until they are deleted here. This "
                                "cannot be undone; the audit log records it."),
                             this);
    intro->setWordWrap(true);
    m_days = new QSpinBox(this);
    m_days->setObjectName(u"days"_s);
    m_days->setRange(0, 3650);
    m_days->setValue(30);
    m_days->setSuffix(tr(" days ago"));
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_ids = new QPlainTextEdit(this);
    m_ids->setReadOnly(true);
    m_ids->setFont(QFont(u"monospace"_s));
    m_confirmLabel = new QLabel(this);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(u"confirmField"_s);
    m_confirmLabel->setBuddy(m_confirm);

    auto *form = new QFormLayout;
    form->addRow(tr("Purged more than:"), m_days);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_delete = buttons->addButton(tr("&Delete"), QDialogButtonBox::AcceptRole);
    m_delete->setObjectName(u"deleteButton"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_ids, 1);
    auto *confirmRow = new QHBoxLayout;
    confirmRow->addWidget(m_confirmLabel);
    confirmRow->addWidget(m_confirm);
    confirmRow->addStretch();
    layout->addLayout(confirmRow);
    layout->addWidget(buttons);

    connect(m_days, &QSpinBox::valueChanged, this, [this](int days) {
        m_previewed = false;
        update();
        emit previewRequested(days);
    });
    connect(m_confirm, &QLineEdit::textChanged, this, &HardDeleteDialog::update);
    resize(560, 420);
    update();
}

int HardDeleteDialog::days() const
{
    return m_days->value();
}

void HardDeleteDialog::setPreview(const HardDeletePlan &plan)
{
    m_plan = plan;
    m_previewed = true;
    QStringList shown = plan.ids.mid(0, idsShown);
    if (plan.ids.size() > idsShown)
        shown << tr("… and %1 more").arg(QLocale().toString(plan.ids.size() - idsShown));
    m_ids->setPlainText(shown.join(u'\n'));
    m_confirm->clear();
    update();
}

void HardDeleteDialog::showError(const QString &message)
{
    m_previewed = false;
    m_summary->setText(message);
    m_ids->clear();
    update();
}

QString HardDeleteDialog::summaryText() const
{
    return m_summary->text();
}

void HardDeleteDialog::update()
{
    const qsizetype count = m_plan.ids.size();
    const bool typed = m_previewed && count >= confirmFrom;
    if (!m_previewed && m_summary->text().isEmpty())
        m_summary->setText(tr("Counting…"));
    else if (m_previewed)
        m_summary->setText(
            count == 0 ? tr("No purged message is that old.")
                       : tr("%Ln purged messages will be deleted for good:", nullptr, int(count)));
    m_confirmLabel->setVisible(typed);
    m_confirm->setVisible(typed);
    m_confirmLabel->setText(tr("Type %1 to confirm:").arg(count));
    m_delete->setText(count > 0 && m_previewed ? tr("&Delete %1").arg(QLocale().toString(count))
                                               : tr("&Delete"));
    m_delete->setEnabled(m_previewed && count > 0 &&
                         (!typed || m_confirm->text().trimmed() == QString::number(count)));
}

} // namespace porthole
