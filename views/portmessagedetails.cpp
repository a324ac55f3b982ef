#include "portmessagedetails.h"

#include "jsontreemodel.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// More than this is shown cut off: a text view lays out all it holds on the GUI thread.
constexpr qsizetype mostTextShown = 1 << 20;

QString prettyJson(const QByteArray &json)
{
    if (json.isNull())
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QString text = error.error == QJsonParseError::NoError
                       ? QString::fromUtf8(document.toJson(QJsonDocument::Indented))
                       : QString::fromUtf8(json);
    if (text.size() > mostTextShown)
        text = text.left(mostTextShown) +
               PortMessageDetails::tr("\n… (%Ln characters more not shown)", nullptr,
                                      int(text.size() - mostTextShown));
    return text;
}

QString localTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) : u"—"_s;
}

QPlainTextEdit *textView(QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

PortMessageDetails::PortMessageDetails(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_heading(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_tree(new QTreeView(this))
    , m_treeModel(new JsonTreeModel(this))
{
    auto *none = new QLabel(tr("Select a message to see it here."), this);
    none->setAlignment(Qt::AlignCenter);
    none->setWordWrap(true);
    none->setEnabled(false);

    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_heading->setWordWrap(true);

    auto *message = new QWidget(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setContentsMargins(0, 0, 0, 0);
    const auto field = [&](const QString &name, const QString &label) {
        auto *value = new QLabel(message);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label, value);
        m_fields.append({name, value});
    };
    field(u"port"_s, tr("Port:"));
    field(u"status"_s, tr("Status:"));
    field(u"route"_s, tr("From → to:"));
    field(u"retries"_s, tr("Retries:"));
    field(u"created"_s, tr("Created:"));
    field(u"processed"_s, tr("Processed:"));
    field(u"completed"_s, tr("Completed:"));

    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    m_dataText = textView(this);
    m_metadataText = textView(this);
    m_errorText = textView(this);
    m_tabs->addTab(m_tree, tr("&Data"));
    m_tabs->addTab(m_dataText, tr("Data as &text"));
    m_tabs->addTab(m_metadataText, tr("&Metadata"));
    m_tabs->addTab(m_errorText, tr("&Error"));

    auto *messageLayout = new QVBoxLayout(message);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    messageLayout->addWidget(m_heading);
    messageLayout->addLayout(form);
    messageLayout->addWidget(m_tabs, 1);

    m_stack->addWidget(none);
    m_stack->addWidget(message);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setFocusProxy(m_tabs);
}

void PortMessageDetails::clear()
{
    m_message.reset();
    m_treeModel->clear();
    m_dataText->clear();
    m_metadataText->clear();
    m_errorText->clear();
    m_stack->setCurrentIndex(0);
}

void PortMessageDetails::setMessage(const PortMessage &message)
{
    if (m_message && *m_message == message)
        return;
    m_message = message;
    m_heading->setText(tr("Message %1").arg(message.id));
    const auto set = [this](const QString &name, const QString &text, const QString &tip = {}) {
        for (const auto &[fieldName, label] : std::as_const(m_fields)) {
            if (fieldName == name) {
                label->setText(text);
                label->setToolTip(tip);
            }
        }
    };
    const auto utc = [](const QDateTime &time) {
        return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
    };
    set(u"port"_s, message.portName);
    set(u"status"_s,
        message.isDeadLetter() ? tr("%1 (dead letter)").arg(message.status) : message.status);
    set(u"route"_s, tr("%1 → %2").arg(message.sourceComponent, message.targetComponent));
    set(u"retries"_s, tr("%1 of %2").arg(message.retryCount).arg(message.maxRetries));
    set(u"created"_s, localTime(message.createdAt), utc(message.createdAt));
    set(u"processed"_s, localTime(message.processedAt), utc(message.processedAt));
    set(u"completed"_s, localTime(message.completedAt), utc(message.completedAt));

    m_treeModel->setDocument(QJsonDocument::fromJson(message.messageData));
    m_tree->expandToDepth(0);
    m_tree->resizeColumnToContents(JsonTreeModel::KeyColumn);
    m_dataText->setPlainText(prettyJson(message.messageData));
    m_metadataText->setPlainText(message.messageMetadata.isNull()
                                     ? tr("No metadata.")
                                     : prettyJson(message.messageMetadata));
    QString error = message.errorMessage.isEmpty() ? tr("No error.") : message.errorMessage;
    if (!message.errorDetails.isNull())
        error += u"\n\n"_s + prettyJson(message.errorDetails);
    m_errorText->setPlainText(error);
    // The tab says that there is an error to read, without taking the operator there.
    m_tabs->setTabText(3, message.errorMessage.isEmpty() ? tr("&Error") : tr("&Error ⚠"));
    m_stack->setCurrentIndex(1);
}

QString PortMessageDetails::headingText() const
{
    return m_message ? m_heading->text() : QString();
}

QString PortMessageDetails::fieldText(const QString &name) const
{
    for (const auto &[fieldName, label] : m_fields) {
        if (fieldName == name)
            return label->text();
    }
    return {};
}

QString PortMessageDetails::dataText() const
{
    return m_dataText->toPlainText();
}

QString PortMessageDetails::metadataText() const
{
    return m_metadataText->toPlainText();
}

QString PortMessageDetails::errorText() const
{
    return m_errorText->toPlainText();
}

} // namespace porthole
