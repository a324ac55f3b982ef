#include "streamactiondialog.h"

#include "consumergroupmodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

StreamActionDialog::StreamActionDialog(const StreamActionPlan &plan, QWidget *parent)
    : QDialog(parent)
    , m_count(plan.itemCount())
{
    setWindowTitle(title(plan.action.kind));
    m_summary = new QLabel(plan.summary, this);
    m_summary->setObjectName(u"summary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_items = new QTreeWidget(this);
    m_items->setObjectName(u"planItems"_s);
    m_items->setRootIsDecorated(false);
    m_items->setAlternatingRowColors(true);
    m_items->setUniformRowHeights(true);
    fillItems(plan);

    auto *confirmRow = new QHBoxLayout;
    auto *confirmLabel = new QLabel(
        tr("This changes %1 items: type %1 to go on:").arg(QLocale().toString(m_count)), this);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(u"confirmField"_s);
    m_confirm->setMaximumWidth(m_confirm->fontMetrics().horizontalAdvance(u"0000000000000"_s));
    confirmLabel->setBuddy(m_confirm);
    confirmRow->addWidget(confirmLabel);
    confirmRow->addWidget(m_confirm);
    confirmRow->addStretch();
    const bool confirming = m_count >= confirmThreshold && !plan.changesNothing();
    confirmLabel->setVisible(confirming);
    m_confirm->setVisible(confirming);

    auto *buttons = new QDialogButtonBox(this);
    if (plan.changesNothing()) {
        buttons->addButton(QDialogButtonBox::Close);
    } else {
        m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
        m_apply->setObjectName(u"applyButton"_s);
        buttons->addButton(QDialogButtonBox::Cancel);
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_confirm, &QLineEdit::textChanged, this, &StreamActionDialog::updateGate);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_items, 1);
    layout->addLayout(confirmRow);
    layout->addWidget(buttons);
    resize(760, 480);
    updateGate();
}

QString StreamActionDialog::title(StreamActionKind kind)
{
    using K = StreamActionKind;
    switch (kind) {
    case K::Claim:
        return tr("Claim pending entries");
    case K::AutoClaim:
        return tr("Claim idle entries");
    case K::Ack:
        return tr("Acknowledge pending entries");
    case K::Delete:
        return tr("Delete entries");
    case K::Trim:
        return tr("Trim the stream");
    case K::DeadLetter:
        return tr("Move entries to the dead letters");
    case K::GroupCreate:
        return tr("Create a consumer group");
    case K::GroupReset:
        return tr("Reset a consumer group");
    case K::GroupDelete:
        return tr("Delete a consumer group");
    case K::ConsumerDelete:
        return tr("Delete a consumer");
    case K::Requeue:
        return tr("Requeue a processing list");
    }
    return {};
}

QString StreamActionDialog::summaryText() const
{
    return m_summary->text();
}

void StreamActionDialog::fillItems(const StreamActionPlan &plan)
{
    const bool pending = plan.pending.size() == plan.ids.size() && !plan.pending.isEmpty();
    m_items->setHeaderLabels(
        pending ? QStringList{tr("Entry"), tr("Consumer"), tr("Idle"), tr("Deliveries"), tr("Note")}
                : QStringList{tr("Item"), tr("Note")});
    const int noteColumn = pending ? 4 : 1;
    for (qsizetype i = 0; i < plan.ids.size(); ++i) {
        auto *item = new QTreeWidgetItem(m_items);
        item->setText(0, QString::fromUtf8(plan.ids.at(i)));
        if (pending) {
            const PendingEntry &entry = plan.pending.at(i);
            item->setText(1, entry.consumer);
            item->setText(2, ConsumerGroupModel::durationText(entry.idleMs));
            item->setText(3, QLocale().toString(entry.deliveries));
        }
        item->setText(noteColumn, tr("changes"));
    }
    for (const SkippedItem &skipped : plan.skipped) {
        auto *item = new QTreeWidgetItem(m_items);
        item->setText(0, QString::fromUtf8(skipped.id));
        item->setText(noteColumn, tr("left alone: %1").arg(skipped.reason));
        item->setForeground(0, palette().brush(QPalette::Disabled, QPalette::Text));
    }
    if (plan.truncated) {
        auto *item = new QTreeWidgetItem(m_items);
        item->setText(0, tr("… more match: only the %1 above are acted on")
                             .arg(QLocale().toString(plan.ids.size())));
    }
    for (int column = 0; column < noteColumn; ++column)
        m_items->resizeColumnToContents(column);
    m_items->setVisible(m_items->topLevelItemCount() > 0);
}

void StreamActionDialog::updateGate()
{
    if (!m_apply)
        return;
    const bool confirming = m_confirm->isVisibleTo(this);
    m_apply->setEnabled(!confirming || m_confirm->text().trimmed() == QString::number(m_count) ||
                        m_confirm->text().trimmed() == QLocale().toString(m_count));
}

} // namespace porthole
