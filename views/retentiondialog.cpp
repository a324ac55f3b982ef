#include "retentiondialog.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// One rule of the dialog: the table, what its number means, and where plan and rules keep it.
struct RuleRow
{
    QString table;
    int RetentionRules::*rule;
    bool days;
};

const RuleRow ruleRows[] = {
    {u"component_metrics"_s, &RetentionRules::componentMetricsDays, true},
    {u"port_metrics"_s, &RetentionRules::portMetricsDays, true},
    {u"port_messages"_s, &RetentionRules::completedMessagesDays, true},
    {u"checkpoints"_s, &RetentionRules::checkpointsPerComponent, false},
    {u"backlog_samples"_s, &RetentionRules::backlogSamplesDays, true},
};

qint64 rowsOf(const RetentionPlan &plan, int row)
{
    switch (row) {
    case 0:
        return plan.componentMetrics;
    case 1:
        return plan.portMetrics;
    case 2:
        return plan.completedMessages;
    case 3:
        return plan.checkpointIds.size();
    default:
        return plan.backlogSamples;
    }
}

// Whole chunks of a hypertable among a row's rows (none but for the time-series tables).
qint64 chunksOf(const RetentionPlan &plan, int row)
{
    switch (row) {
    case 0:
        return plan.componentMetricsChunks;
    case 1:
        return plan.portMetricsChunks;
    case 4:
        return plan.backlogSamplesChunks;
    default:
        return 0;
    }
}

QString what(int row)
{
    switch (row) {
    case 0:
        return RetentionDialog::tr("Component metrics older than");
    case 1:
        return RetentionDialog::tr("Port metrics older than");
    case 2:
        return RetentionDialog::tr("Port messages completed more than");
    case 3:
        return RetentionDialog::tr("Checkpoints of a component beyond the newest");
    default:
        return RetentionDialog::tr("Backlog history older than");
    }
}

QString rowsText(qint64 rows)
{
    return rows == 1 ? RetentionDialog::tr("1 row")
                     : RetentionDialog::tr("%1 rows").arg(QLocale().toString(rows));
}

} // namespace

RetentionDialog::RetentionDialog(const RetentionRules &rules, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"retentionDialog"_s);
    setWindowTitle(tr("Delete Old Data"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Each table keeps what its rule says; 0 keeps a table whole. Preview shows what the "
           "rules would delete, and Delete removes exactly those rows, in short batches so "
           "that ingest keeps writing. The audit log records the run. Port messages of other "
           "statuses than completed, and the latest checkpoint of a name, are never deleted."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    addRuleRows(layout, rules);

    m_confirmLabel = new QLabel(this);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(u"confirmField"_s);
    m_confirm->setMaximumWidth(m_confirm->fontMetrics().horizontalAdvance(u"0000000000000"_s));
    m_confirmLabel->setBuddy(m_confirm);
    auto *confirmRow = new QHBoxLayout;
    confirmRow->addWidget(m_confirmLabel);
    confirmRow->addWidget(m_confirm);
    confirmRow->addStretch();
    layout->addLayout(confirmRow);
    connect(m_confirm, &QLineEdit::textChanged, this, &RetentionDialog::updateGate);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"retentionProgress"_s);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(u"retentionStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_preview = m_buttons->addButton(tr("&Preview"), QDialogButtonBox::ActionRole);
    m_preview->setObjectName(u"previewButton"_s);
    m_delete = m_buttons->addButton(tr("&Delete"), QDialogButtonBox::DestructiveRole);
    m_delete->setObjectName(u"deleteButton"_s);
    m_stop = m_buttons->addButton(tr("&Stop"), QDialogButtonBox::ActionRole);
    m_stop->setObjectName(u"stopButton"_s);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_preview, &QPushButton::clicked, this, [this] {
        setPhase(Phase::Previewing);
        Q_EMIT previewRequested(this->rules());
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        setPhase(Phase::Deleting);
        Q_EMIT deleteRequested();
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        m_stop->setEnabled(false);
        m_status->setText(tr("Stopping after the batch under way…"));
        Q_EMIT stopRequested();
    });
    m_status->setText(tr("Preview to see what the rules would delete."));
    setPhase(Phase::Editing);
}

void RetentionDialog::addRuleRows(QVBoxLayout *layout, const RetentionRules &rules)
{
    auto *grid = new QGridLayout;
    for (int row = 0; row < int(std::size(ruleRows)); ++row) {
        const RuleRow &rule = ruleRows[row];
        auto *field = new QSpinBox(this);
        field->setObjectName(rule.table + u"Rule"_s);
        field->setRange(0, rule.days ? 36500 : 100000);
        field->setSpecialValueText(tr("keep all"));
        field->setSuffix(rule.days ? tr(" days") : QString());
        field->setValue(rules.*rule.rule);
        auto *label = new QLabel(what(row), this);
        label->setBuddy(field);
        auto *table = new QLabel(u"<code>%1</code>"_s.arg(rule.table), this);
        auto *rows = new QLabel(u"—"_s, this);
        rows->setObjectName(rule.table + u"Rows"_s);
        rows->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        rows->setMinimumWidth(rows->fontMetrics().horizontalAdvance(rowsText(100000000)));
        grid->addWidget(label, row, 0);
        grid->addWidget(field, row, 1);
        grid->addWidget(table, row, 2);
        grid->addWidget(rows, row, 3);
        connect(field, &QSpinBox::valueChanged, this, [this] {
            if (m_phase == Phase::Previewed)
                setPhase(Phase::Editing);
        });
        m_rules << field;
        m_rows << rows;
    }
    m_total = new QLabel(u"—"_s, this);
    m_total->setObjectName(u"totalRows"_s);
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    grid->addWidget(new QLabel(tr("In all"), this), int(std::size(ruleRows)), 0);
    grid->addWidget(m_total, int(std::size(ruleRows)), 3);
    grid->setColumnStretch(2, 1);
    grid->setHorizontalSpacing(12);
    layout->addLayout(grid);
}

RetentionRules RetentionDialog::rules() const
{
    RetentionRules rules;
    for (int row = 0; row < int(std::size(ruleRows)); ++row)
        rules.*ruleRows[row].rule = m_rules.at(row)->value();
    return rules;
}

void RetentionDialog::showPlan(const RetentionPlan &plan)
{
    m_plan = plan;
    showCounts(plan);
    m_confirm->clear();
    m_status->setText(plan.total() == 0 ? tr("Nothing is old enough to delete.")
                      : plan.chunks() == 0
                          ? tr("Delete removes these rows.")
                          : tr("Delete removes these rows: the whole chunks of TimescaleDB "
                               "hypertables among them at once (drop_chunks), the rest in "
                               "batches."));
    setPhase(Phase::Previewed);
}

void RetentionDialog::showProgress(const RetentionPlan &deleted)
{
    if (!m_plan)
        return;
    // Parts per thousand: a run of billions of rows overflows a QProgressBar's int.
    const qint64 total = std::max<qint64>(1, m_plan->total());
    m_progress->setValue(int(deleted.total() * 1000 / total));
    m_status->setText(
        tr("Deleted %1 of %2 rows…")
            .arg(QLocale().toString(deleted.total()), QLocale().toString(m_plan->total())));
}

void RetentionDialog::showDone(const RetentionPlan &deleted)
{
    const qint64 planned = m_plan ? m_plan->total() : deleted.total();
    m_status->setText(
        deleted.total() < planned
            ? tr("Stopped after %1 of %2 rows. Preview again for the rest.")
                  .arg(QLocale().toString(deleted.total()), QLocale().toString(planned))
            : tr("Deleted %1 rows; the audit log records it.")
                  .arg(QLocale().toString(deleted.total())));
    m_plan.reset();
    setPhase(Phase::Editing);
}

void RetentionDialog::showError(const QString &message)
{
    m_status->setText(tr("Nothing more was deleted: %1").arg(message));
    m_plan.reset();
    setPhase(Phase::Editing);
}

void RetentionDialog::showCounts(const RetentionPlan &plan)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        const qint64 chunks = chunksOf(plan, row);
        QString text = rowsText(rowsOf(plan, row));
        if (chunks == 1)
            text = tr("%1 (1 whole chunk)").arg(text);
        else if (chunks > 1)
            text = tr("%1 (%2 whole chunks)").arg(text, QLocale().toString(chunks));
        m_rows.at(row)->setText(text);
    }
    m_total->setText(u"<b>%1</b>"_s.arg(rowsText(plan.total())));
}

void RetentionDialog::setPhase(Phase phase)
{
    m_phase = phase;
    const bool deleting = phase == Phase::Deleting;
    for (QSpinBox *field : std::as_const(m_rules))
        field->setEnabled(!deleting && phase != Phase::Previewing);
    if (phase == Phase::Editing) {
        for (QLabel *rows : std::as_const(m_rows))
            rows->setText(u"—"_s);
        m_total->setText(u"—"_s);
        if (m_plan)
            m_status->setText(tr("A rule changed: preview again."));
        m_plan.reset();
    }
    m_preview->setEnabled(phase == Phase::Editing || phase == Phase::Previewed);
    m_stop->setVisible(deleting);
    m_stop->setEnabled(deleting);
    m_progress->setVisible(deleting);
    if (deleting) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(0);
    }
    m_buttons->button(QDialogButtonBox::Close)->setEnabled(!deleting);
    const bool confirming =
        phase == Phase::Previewed && m_plan && m_plan->total() >= confirmThreshold;
    m_confirmLabel->setVisible(confirming);
    m_confirm->setVisible(confirming);
    if (confirming)
        m_confirmLabel->setText(tr("Type %1 to delete these rows:").arg(m_plan->total()));
    updateGate();
    // Rows shown or hidden (the count to type, the progress): the dialog takes their room
    // instead of squeezing the rules.
    adjustSize();
}

void RetentionDialog::updateGate()
{
    const bool ready = m_phase == Phase::Previewed && m_plan && m_plan->total() > 0;
    const bool confirmed = !m_plan || m_plan->total() < confirmThreshold ||
                           m_confirm->text().trimmed() == QString::number(m_plan->total());
    m_delete->setEnabled(ready && confirmed);
}

QSpinBox *RetentionDialog::ruleField(int row) const
{
    return m_rules.value(row);
}

QLabel *RetentionDialog::rowsLabel(int row) const
{
    return m_rows.value(row);
}

QString RetentionDialog::statusText() const
{
    return m_status->text();
}

} // namespace porthole
