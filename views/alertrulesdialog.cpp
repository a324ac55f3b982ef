#include "alertrulesdialog.h"

#include "jsonpayloadeditor.h"
#include "pane.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

AlertRulesDialog::AlertRulesDialog(const QList<AlertRule> &rules, QWidget *parent)
    : QDialog(parent)
    , m_rules(rules)
{
    setWindowTitle(tr("Alert Rules"));
    auto *heading = new QLabel(
        tr("Each rule watches one value and fires when it passes <b>threshold</b> for "
           "<b>for</b>; it resolves back past <b>clear</b>. What each kind watches and the keys "
           "it takes: Help &gt; User Guide, \"Be told when something goes wrong\". Saved "
           "rules take effect at once, in this window and the next."),
        this);
    heading->setWordWrap(true);
    m_problem = makeProblemLabel(this);
    m_editor = new JsonPayloadEditor(this);
    m_editor->setOriginal(alertRulesToJson(rules));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(u"save"_s);
    m_save->setDefault(true);
    m_defaults = buttons->addButton(tr("Restore &Defaults"), QDialogButtonBox::ResetRole);
    m_defaults->setObjectName(u"defaults"_s);
    // Save checks first; the box must not close the dialog on its own.
    disconnect(buttons, &QDialogButtonBox::accepted, nullptr, nullptr);
    connect(m_save, &QPushButton::clicked, this, &AlertRulesDialog::save);
    connect(m_defaults, &QPushButton::clicked, this, [this] {
        m_editor->setText(QString::fromUtf8(alertRulesToJson(defaultAlertRules())));
        m_editor->validateNow();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_problem);
    layout->addWidget(m_editor, 1);
    layout->addWidget(buttons);
    connect(m_editor, &JsonPayloadEditor::validityChanged, this, &AlertRulesDialog::update);
    connect(m_editor, &JsonPayloadEditor::changed, this, &AlertRulesDialog::update);
    update();
    resize(900, 680);
}

QString AlertRulesDialog::problemText() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void AlertRulesDialog::save()
{
    m_editor->validateNow();
    if (!m_editor->isValid())
        return;
    auto rules = alertRulesFromJson(m_editor->editedJson());
    if (!rules) {
        m_problem->setText(rules.errorMessage());
        m_problem->show();
        return;
    }
    m_rules = *rules;
    accept();
}

void AlertRulesDialog::update()
{
    m_problem->hide();
    m_save->setEnabled(m_editor->isValid() && m_editor->isChanged());
}

} // namespace porthole
