#include "editpayloaddialog.h"

#include "jsonpayloadeditor.h"
#include "pane.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

EditPayloadDialog::EditPayloadDialog(const PortMessage &message, QWidget *parent)
    : QDialog(parent)
    , m_message(message)
{
    setWindowTitle(tr("Edit and replay"));
    m_heading = new QLabel(this);
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_heading->setWordWrap(true);
    m_problem = makeProblemLabel(this);
    m_editor = new JsonPayloadEditor(this);
    m_editor->setOriginal(message.messageData);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_saveAndReplay = buttons->addButton(tr("Save and &replay…"), QDialogButtonBox::AcceptRole);
    m_saveAndReplay->setObjectName(u"saveAndReplay"_s);
    m_save = buttons->addButton(tr("&Save"), QDialogButtonBox::ApplyRole);
    m_save->setObjectName(u"save"_s);
    m_saveAndReplay->setDefault(true);
    connect(m_saveAndReplay, &QPushButton::clicked, this, [this] { save(true); });
    connect(m_save, &QPushButton::clicked, this, [this] { save(false); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The buttons say what they do; the box must not close the dialog before the app saved.
    disconnect(buttons, &QDialogButtonBox::accepted, nullptr, nullptr);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_problem);
    layout->addWidget(m_editor, 1);
    layout->addWidget(buttons);
    connect(m_editor, &JsonPayloadEditor::validityChanged, this, &EditPayloadDialog::update);
    connect(m_editor, &JsonPayloadEditor::changed, this, &EditPayloadDialog::update);
    showMessage();
    update();
    resize(900, 620);
}

void EditPayloadDialog::showMessage()
{
    m_heading->setText(tr("Port message %1 on %2, %3, version %4. The edit is kept in the row's "
                          "history and the audit log.")
                           .arg(m_message.id, m_message.portName, m_message.status)
                           .arg(m_message.version));
}

QString EditPayloadDialog::problemText() const
{
    return m_problem->isVisible() ? m_problem->text() : QString();
}

void EditPayloadDialog::showError(const QString &message)
{
    m_busy = false;
    m_problem->setText(message);
    m_problem->show();
    update();
}

void EditPayloadDialog::showConflict(const QString &message, const PortMessage &current)
{
    m_busy = false;
    if (!current.id.isEmpty()) {
        const QString edited = m_editor->text();
        m_message = current;
        m_editor->setOriginal(current.messageData);
        m_editor->setText(edited);
        m_editor->validateNow();
        showMessage();
        m_problem->setText(message + u"\n\n"_s +
                           tr("The changes below are now against its current payload; save "
                              "again to write over it."));
    } else {
        m_problem->setText(message);
    }
    m_problem->show();
    update();
}

void EditPayloadDialog::save(bool replay)
{
    if (!m_editor->isValid() || m_busy)
        return;
    m_busy = true;
    update();
    emit saveRequested(m_message.id, m_message.version, m_editor->editedJson(), replay);
}

void EditPayloadDialog::update()
{
    const bool valid = m_editor->isValid();
    m_save->setEnabled(valid && !m_busy && m_editor->isChanged());
    m_saveAndReplay->setEnabled(valid && !m_busy);
    m_saveAndReplay->setText(m_editor->isChanged() ? tr("Save and &replay…") : tr("&Replay…"));
}

} // namespace porthole
