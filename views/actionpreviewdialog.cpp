#include "actionpreviewdialog.h"

#include "actionplanmodel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// More reasons than this are summed up in one line.
constexpr int reasonsListed = 8;

QString number(qint64 n)
{
    return QLocale().toString(n);
}

// What the rows acted on are, for the headline.
enum class Rows
{
    PurgedMessages, // the rows a restore brings back
    DeadLetters,
    Messages, // of any status
};

Rows rowsActedOn(const ActionPlanModel &model)
{
    if (model.plan().options.kind == ActionKind::Restore)
        return Rows::PurgedMessages;
    return model.allActingAreDeadLetters() ? Rows::DeadLetters : Rows::Messages;
}

// The headline when no row acts: `selected` rows were planned, and all are skipped.
QString nothingText(ActionKind kind, int selected)
{
    switch (kind) {
    case ActionKind::Replay:
        if (selected == 0)
            return ActionPreviewDialog::tr("Nothing to replay: no message matches.");
        return selected == 1 ? ActionPreviewDialog::tr(
                                   "Nothing to replay: the one message selected is skipped.")
                             : ActionPreviewDialog::tr(
                                   "Nothing to replay: all %Ln messages selected are skipped.",
                                   nullptr, selected);
    case ActionKind::Purge:
        if (selected == 0)
            return ActionPreviewDialog::tr("Nothing to purge: no message matches.");
        return selected == 1 ? ActionPreviewDialog::tr(
                                   "Nothing to purge: the one message selected is skipped.")
                             : ActionPreviewDialog::tr(
                                   "Nothing to purge: all %Ln messages selected are skipped.",
                                   nullptr, selected);
    case ActionKind::Restore:
        if (selected == 0)
            return ActionPreviewDialog::tr("Nothing to restore: no message matches.");
        return selected == 1 ? ActionPreviewDialog::tr(
                                   "Nothing to restore: the one message selected is skipped.")
                             : ActionPreviewDialog::tr(
                                   "Nothing to restore: all %Ln messages selected are skipped.",
                                   nullptr, selected);
    case ActionKind::Move:
        if (selected == 0)
            return ActionPreviewDialog::tr("Nothing to move: no message matches.");
        return selected == 1 ? ActionPreviewDialog::tr(
                                   "Nothing to move: the one message selected is skipped.")
                             : ActionPreviewDialog::tr(
                                   "Nothing to move: all %Ln messages selected are skipped.",
                                   nullptr, selected);
    }
    return {};
}

QLabel *textLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ActionPreviewDialog::ActionPreviewDialog(const ActionPlan &plan, const QString &title,
                                         QWidget *parent)
    : ActionPreviewDialog(plan, title, defaultConfirmThreshold, parent)
{}

ActionPreviewDialog::ActionPreviewDialog(const ActionPlan &plan, const QString &title,
                                         qint64 confirmThreshold, QWidget *parent)
    : QDialog(parent)
    , m_model(new ActionPlanModel(plan, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_threshold(confirmThreshold)
{
    setWindowTitle(title);
    setUpSummary();
    setUpSkipReasons();
    setUpNotes();
    setUpWarning();
    setUpView();
    QHBoxLayout *lastRow = setUpConfirmRow();
    QDialogButtonBox *buttons = setUpButtons();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_summary);
    layout->addWidget(m_reasons);
    layout->addWidget(m_notes);
    layout->addWidget(m_warning);
    layout->addWidget(m_skippedOnly);
    layout->addWidget(m_view, 1);
    layout->addLayout(lastRow);
    layout->addWidget(buttons);

    // Wide enough for every column, the longest usual outcome and the scroll bar.
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    int tableWidth =
        m_view->fontMetrics().horizontalAdvance(tr("will act (over the replay budget)")) +
        4 * charWidth + style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    for (int column = 0; column < ActionPlanModel::OutcomeColumn; ++column)
        tableWidth += m_view->columnWidth(column);
    resize(QSize(std::max(charWidth * 120, tableWidth + 2 * layout->contentsMargins().left()),
                 m_view->fontMetrics().height() * 36));
    updateGate();
}

// The headline, and what the action does to how many rows.
void ActionPreviewDialog::setUpSummary()
{
    const ActionOptions &options = m_model->plan().options;
    m_headline = textLabel(u"headline"_s, this);
    QFont big = m_headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_headline->setFont(big);
    m_headline->setText(headline(*m_model));

    m_summary = textLabel(u"summary"_s, this);
    const int acting = int(m_model->actCount());
    QStringList summary;
    switch (options.kind) {
    case ActionKind::Replay:
        summary << tr("%Ln will be replayed", nullptr, acting);
        break;
    case ActionKind::Purge:
        summary << tr("%Ln will be purged", nullptr, acting);
        break;
    case ActionKind::Restore:
        summary << tr("%Ln will be restored", nullptr, acting);
        break;
    case ActionKind::Move:
        summary << tr("%Ln will be moved", nullptr, acting);
        break;
    }
    summary << tr("%Ln skipped", nullptr, int(m_model->skipCount()));
    if (options.kind == ActionKind::Replay)
        summary << tr("%Ln over the replay budget", nullptr, int(m_model->overBudgetCount()));
    m_summary->setText(summary.join(u" · "_s));
}

void ActionPreviewDialog::setUpSkipReasons()
{
    m_reasons = textLabel(u"skipReasons"_s, this);
    QStringList reasons;
    const auto &skipReasons = m_model->skipReasons();
    for (int i = 0; i < skipReasons.size(); ++i) {
        if (i == reasonsListed) {
            qint64 rest = 0;
            for (int j = i; j < skipReasons.size(); ++j)
                rest += skipReasons.at(j).second;
            reasons << tr("… and %Ln other reasons (%1 rows)", nullptr, int(skipReasons.size() - i))
                           .arg(number(rest));
            break;
        }
        reasons << tr("%1 × %2").arg(number(skipReasons.at(i).second), skipReasons.at(i).first);
    }
    m_reasons->setText(reasons.isEmpty() ? QString()
                                         : tr("Skipped, and why:") + u'\n' + reasons.join(u'\n'));
    m_reasons->setVisible(!reasons.isEmpty());
}

// What the action does to each row, in words.
void ActionPreviewDialog::setUpNotes()
{
    const ActionOptions &options = m_model->plan().options;
    m_notes = textLabel(u"notes"_s, this);
    QStringList notes;
    switch (options.kind) {
    case ActionKind::Replay:
        if (options.target == ReplayTarget::Database)
            notes << (options.resetRetries ? tr("Each becomes pending again with its retry "
                                                "count back to 0.")
                                           : tr("Each becomes pending again; retry counts are "
                                                "kept."));
        else if (!options.redisUrl.isEmpty())
            notes << tr("Published again to %1, each with a replay id.").arg(options.redisUrl);
        if (options.overrideBudget)
            notes << tr("The replay budget (%n replays) is overridden: rows replayed that often "
                        "already are replayed again. The override is recorded in the audit log.",
                        nullptr, options.replayBudget);
        else
            notes << tr("Rows replayed %n times already are skipped (the replay budget).", nullptr,
                        options.replayBudget);
        break;
    case ActionKind::Purge:
        notes << tr("Purged rows leave every listing but are kept: they can be restored.");
        break;
    case ActionKind::Restore:
        notes << tr("Restored rows come back with the status they had.");
        break;
    case ActionKind::Move:
        break;
    }
    notes << tr("Rows that arrive after this dry run are not touched.");
    m_notes->setText(notes.join(u' '));
}

void ActionPreviewDialog::setUpWarning()
{
    m_warning = textLabel(u"warning"_s, this);
    QPalette warning = m_warning->palette();
    warning.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_warning->setPalette(warning);
    if (m_model->plan().truncated)
        m_warning->setText(tr("More rows match than one action may take: only the first %1 are "
                              "planned, shown here and acted on. Run the action again "
                              "afterwards for the rest.")
                               .arg(number(m_model->rowCount())));
    m_warning->setVisible(m_model->plan().truncated);
}

void ActionPreviewDialog::setUpView()
{
    m_skippedOnly = new QCheckBox(tr("Show only the rows that will be &skipped"), this);
    m_skippedOnly->setObjectName(u"skippedOnly"_s);
    m_skippedOnly->setEnabled(m_model->skipCount() > 0);

    // A plain view over the plan: one line a row, all of one height, no widget per row, so that
    // a plan of 100,000 rows opens and scrolls at once.
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(ActionPlanModel::SkippedRole);
    m_proxy->setFilterKeyColumn(ActionPlanModel::IdColumn);
    m_view = new QTableView(this);
    m_view->setObjectName(u"planView"_s);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setCornerButtonEnabled(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setSortIndicator(-1, Qt::AscendingOrder); // the plan's order until a click
    m_view->setSortingEnabled(true);
    // Each column but the outcome as wide as its title and the rows' text (the first thousand
    // rows, the header's precision): a port's or an id's name is never cut.
    for (int column = 0; column < ActionPlanModel::OutcomeColumn; ++column)
        m_view->resizeColumnToContents(column);
    connect(m_skippedOnly, &QCheckBox::toggled, this,
            [this](bool on) { m_proxy->setFilterFixedString(on ? u"true"_s : QString()); });
}

// The typed count and the rate limit, in the row above the buttons.
QHBoxLayout *ActionPreviewDialog::setUpConfirmRow()
{
    m_confirmRow = new QWidget(this);
    m_confirmLabel = new QLabel(m_confirmRow);
    m_confirm = new QLineEdit(m_confirmRow);
    m_confirm->setObjectName(u"confirmField"_s);
    m_confirm->setMaximumWidth(m_confirm->fontMetrics().horizontalAdvance(u"0000000000000"_s));
    m_confirmLabel->setBuddy(m_confirm);
    auto *confirmLayout = new QHBoxLayout(m_confirmRow);
    confirmLayout->setContentsMargins(0, 0, 0, 0);
    confirmLayout->addWidget(m_confirmLabel);
    confirmLayout->addWidget(m_confirm);
    confirmLayout->addStretch();
    m_rate = new QSpinBox(this);
    m_rate->setObjectName(u"rateLimit"_s);
    m_rate->setRange(0, 1000000);
    m_rate->setSingleStep(100);
    m_rate->setSpecialValueText(tr("no limit"));
    m_rate->setSuffix(tr(" messages/s"));
    m_rate->setToolTip(tr("Go no faster than this, to spare the pipeline; 0: as fast as the "
                          "database and Redis go"));
    auto *rateLabel = new QLabel(tr("&Rate limit:"), this);
    rateLabel->setBuddy(m_rate);
    // The typed count comes and goes; the rate limit is always offered.
    auto *lastRow = new QHBoxLayout;
    lastRow->addWidget(m_confirmRow, 1);
    lastRow->addWidget(rateLabel);
    lastRow->addWidget(m_rate);
    connect(m_confirm, &QLineEdit::textChanged, this, &ActionPreviewDialog::updateGate);
    return lastRow;
}

QDialogButtonBox *ActionPreviewDialog::setUpButtons()
{
    const ActionOptions &options = m_model->plan().options;
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(u"okButton"_s);
    m_ok->setText(actionText(options, m_model->actCount()));
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    m_cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    return buttons;
}

const ActionPlan &ActionPreviewDialog::plan() const
{
    return m_model->plan();
}

QString ActionPreviewDialog::headline(const ActionPlanModel &model)
{
    const ActionOptions &options = model.plan().options;
    const int count = int(model.actCount());
    if (count == 0)
        return nothingText(options.kind, model.rowCount());
    // English has no translation to pick "1 dead letter" or "2 dead letters" from: each
    // headline is two texts, both with %Ln, so that a translation has every form of its own.
    const bool one = count == 1;
    const Rows rows = rowsActedOn(model);
    const bool dead = rows == Rows::DeadLetters;
    switch (options.kind) {
    case ActionKind::Replay: {
        if (options.target == ReplayTarget::Database) {
            if (dead)
                return one ? tr("Replay %Ln dead letter to the database", nullptr, count)
                           : tr("Replay %Ln dead letters to the database", nullptr, count);
            return one ? tr("Replay %Ln message to the database", nullptr, count)
                       : tr("Replay %Ln messages to the database", nullptr, count);
        }
        const QStringList &keys = model.redisKeys();
        if (keys.size() == 1) {
            if (dead)
                return (one ? tr("Replay %Ln dead letter to Redis key %1", nullptr, count)
                            : tr("Replay %Ln dead letters to Redis key %1", nullptr, count))
                    .arg(keys.constFirst());
            return (one ? tr("Replay %Ln message to Redis key %1", nullptr, count)
                        : tr("Replay %Ln messages to Redis key %1", nullptr, count))
                .arg(keys.constFirst());
        }
        // A key for each port: %1 is how many keys, %2 the key as typed ("replay:{port}").
        if (dead)
            return (one ? tr("Replay %Ln dead letter to %1 Redis keys (%2)", nullptr, count)
                        : tr("Replay %Ln dead letters to %1 Redis keys (%2)", nullptr, count))
                .arg(number(keys.size()), options.redisKey);
        return (one ? tr("Replay %Ln message to %1 Redis keys (%2)", nullptr, count)
                    : tr("Replay %Ln messages to %1 Redis keys (%2)", nullptr, count))
            .arg(number(keys.size()), options.redisKey);
    }
    case ActionKind::Purge:
        if (dead)
            return one ? tr("Purge %Ln dead letter", nullptr, count)
                       : tr("Purge %Ln dead letters", nullptr, count);
        return one ? tr("Purge %Ln message", nullptr, count)
                   : tr("Purge %Ln messages", nullptr, count);
    case ActionKind::Restore:
        return one ? tr("Restore %Ln purged message", nullptr, count)
                   : tr("Restore %Ln purged messages", nullptr, count);
    case ActionKind::Move:
        if (dead)
            return (one ? tr("Move %Ln dead letter to port %1", nullptr, count)
                        : tr("Move %Ln dead letters to port %1", nullptr, count))
                .arg(options.toPort);
        return (one ? tr("Move %Ln message to port %1", nullptr, count)
                    : tr("Move %Ln messages to port %1", nullptr, count))
            .arg(options.toPort);
    }
    return {};
}

QString ActionPreviewDialog::actionText(const ActionOptions &options, qint64 count)
{
    switch (options.kind) {
    case ActionKind::Replay:
        //: The button that runs the action, with how many rows it acts on
        return count > 0 ? tr("Replay %L1").arg(count) : tr("Replay");
    case ActionKind::Purge:
        return count > 0 ? tr("Purge %L1").arg(count) : tr("Purge");
    case ActionKind::Restore:
        return count > 0 ? tr("Restore %L1").arg(count) : tr("Restore");
    case ActionKind::Move:
        return count > 0 ? tr("Move %L1").arg(count) : tr("Move");
    }
    return {};
}

void ActionPreviewDialog::setConfirmThreshold(qint64 threshold)
{
    m_threshold = threshold;
    updateGate();
}

bool ActionPreviewDialog::needsTypedConfirmation() const
{
    return m_model->actCount() > 0 && m_model->actCount() >= m_threshold;
}

QString ActionPreviewDialog::confirmPrompt() const
{
    return needsTypedConfirmation()
               ? tr("Type %1 to confirm:").arg(QString::number(m_model->actCount()))
               : QString();
}

void ActionPreviewDialog::updateGate()
{
    const qint64 count = m_model->actCount();
    const bool typed = needsTypedConfirmation();
    m_confirmRow->setVisible(typed);
    m_confirmLabel->setText(confirmPrompt());
    m_confirm->setPlaceholderText(typed ? QString::number(count) : QString());
    const bool confirmed = !typed || m_confirm->text().trimmed() == QString::number(count);
    m_ok->setEnabled(count > 0 && confirmed);
    m_ok->setToolTip(count == 0 ? tr("No row would change.")
                     : !confirmed
                         ? tr("Type %1, the number of rows it acts on, to confirm.").arg(count)
                         : QString());
    // Enter cancels, until the count typed makes it the action's key: whoever typed the
    // count and pressed Enter meant the action.
    const bool enterActs = typed && confirmed && count > 0;
    (enterActs ? m_cancel : m_ok)->setDefault(false);
    (enterActs ? m_ok : m_cancel)->setDefault(true);
    if (typed)
        m_confirm->setFocus(Qt::OtherFocusReason);
}

QString ActionPreviewDialog::headlineText() const
{
    return m_headline->text();
}

QString ActionPreviewDialog::summaryText() const
{
    return m_summary->text();
}

QString ActionPreviewDialog::skipReasonsText() const
{
    return m_reasons->text();
}

QString ActionPreviewDialog::notesText() const
{
    return m_notes->text();
}

QString ActionPreviewDialog::warningText() const
{
    return m_warning->text();
}

double ActionPreviewDialog::rateLimit() const
{
    return m_rate->value();
}

} // namespace porthole
