#include "actionoptionsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

ActionOptionsDialog::ActionOptionsDialog(ActionKind kind, const QString &scope, QWidget *parent)
    : QDialog(parent)
    , m_kind(kind)
{
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    if (kind == ActionKind::Replay) {
        setWindowTitle(tr("Replay"));
        //: %1: the rows, as "the 3 selected rows", "every row shown" or "message ID"
        intro->setText(tr("Replay %1. A dry run shows next what each row becomes, and which are "
                          "skipped and why.")
                           .arg(scope));
        m_toDatabase = new QRadioButton(tr("To the data&base: status back to pending"), this);
        m_toDatabase->setObjectName(u"toDatabase"_s);
        m_toDatabase->setChecked(true);
        m_resetRetries = new QCheckBox(tr("&Reset the retry count to 0"), this);
        m_resetRetries->setObjectName(u"resetRetries"_s);
        m_resetRetries->setChecked(true);
        m_toRedis = new QRadioButton(tr("To Redi&s: publish the payload again"), this);
        m_toRedis->setObjectName(u"toRedis"_s);
        m_redisLabel = new QLabel(this);
        m_redisLabel->setTextFormat(Qt::PlainText);
        m_key = new QLineEdit(u"{port}"_s, this);
        m_key->setObjectName(u"key"_s);
        m_key->setToolTip(tr("The stream or list to publish to; {port} stands for each row's "
                             "port. Each message goes with a replay id, so that a consumer "
                             "that deduplicates ignores a second copy."));
        form->addRow(m_toDatabase);
        form->addRow(QString(), m_resetRetries);
        form->addRow(m_toRedis);
        form->addRow(tr("Server:"), m_redisLabel);
        form->addRow(tr("&Key:"), m_key);
        m_budget = new QSpinBox(this);
        m_budget->setObjectName(u"budget"_s);
        m_budget->setRange(0, 1000);
        m_budget->setValue(3);
        m_budget->setSuffix(tr(" replays"));
        m_budget->setToolTip(tr("The loop guard: a row replayed this often already is skipped, "
                                "so that a message that always fails does not go round for "
                                "ever."));
        m_override =
            new QCheckBox(tr("&Override the loop guard (recorded in the audit log)"), this);
        m_override->setObjectName(u"overrideBudget"_s);
        form->addRow(tr("Loop &guard:"), m_budget);
        form->addRow(QString(), m_override);
        for (QAbstractButton *button : {static_cast<QAbstractButton *>(m_toDatabase),
                                        static_cast<QAbstractButton *>(m_toRedis)})
            connect(button, &QAbstractButton::toggled, this, &ActionOptionsDialog::update);
        connect(m_key, &QLineEdit::textChanged, this, &ActionOptionsDialog::update);
    } else if (kind == ActionKind::Move) {
        setWindowTitle(tr("Move"));
        intro->setText(
            //: %1: the rows, as "the 3 selected rows" or "every row shown"
            tr("Move %1 to another port. A dry run shows next which rows move.").arg(scope));
        m_port = new QComboBox(this);
        m_port->setObjectName(u"port"_s);
        m_port->setEditable(true);
        m_port->setInsertPolicy(QComboBox::NoInsert);
        m_port->setMinimumContentsLength(30);
        form->addRow(tr("To &port:"), m_port);
        connect(m_port, &QComboBox::currentTextChanged, this, &ActionOptionsDialog::update);
    } else {
        setWindowTitle(kind == ActionKind::Purge ? tr("Purge") : tr("Restore"));
        intro->setText(scope);
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Dry run…"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setRedisServer({});
}

void ActionOptionsDialog::setRedisServer(const QString &display)
{
    m_redisServer = display;
    if (m_redisLabel)
        m_redisLabel->setText(display.isEmpty() ? tr("(none open: File > Open Connection names "
                                                     "one)")
                                                : display);
    if (m_toRedis) {
        m_toRedis->setEnabled(!display.isEmpty());
        if (display.isEmpty())
            m_toDatabase->setChecked(true);
    }
    update();
}

void ActionOptionsDialog::setPorts(const QStringList &ports)
{
    if (!m_port)
        return;
    const QString typed = m_port->currentText();
    m_port->clear();
    m_port->addItems(ports);
    m_port->setCurrentText(typed);
    update();
}

void ActionOptionsDialog::setOptions(const ActionOptions &options)
{
    if (m_toDatabase) {
        (options.target == ReplayTarget::Redis && m_toRedis->isEnabled() ? m_toRedis : m_toDatabase)
            ->setChecked(true);
        m_key->setText(options.redisKey);
        m_resetRetries->setChecked(options.resetRetries);
        m_budget->setValue(options.replayBudget);
        m_override->setChecked(options.overrideBudget);
    }
    if (m_port)
        m_port->setCurrentText(options.toPort);
    update();
}

ActionOptions ActionOptionsDialog::options() const
{
    ActionOptions options;
    options.kind = m_kind;
    if (m_toDatabase) {
        options.target = m_toRedis->isChecked() ? ReplayTarget::Redis : ReplayTarget::Database;
        options.redisUrl = m_redisServer;
        options.redisKey = m_key->text().trimmed();
        options.resetRetries = m_resetRetries->isChecked();
        options.replayBudget = m_budget->value();
        options.overrideBudget = m_override->isChecked();
    }
    if (m_port)
        options.toPort = m_port->currentText().trimmed();
    return options;
}

void ActionOptionsDialog::update()
{
    bool ready = true;
    if (m_toDatabase) {
        const bool redis = m_toRedis->isChecked();
        m_key->setEnabled(redis);
        m_resetRetries->setEnabled(!redis);
        ready = !redis || !m_key->text().trimmed().isEmpty();
    }
    if (m_port)
        ready = !m_port->currentText().trimmed().isEmpty();
    if (m_ok)
        m_ok->setEnabled(ready);
}

} // namespace porthole
