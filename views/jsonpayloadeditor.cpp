#include "jsonpayloadeditor.h"

#include "jsondiffmodel.h"
#include "pane.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBlock>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

// Typing settles before the text is parsed again.
constexpr int checkDelayMs = 150;

const QColor errorColour(0xc6, 0x28, 0x28);
const QColor validColour(0x2e, 0x7d, 0x32);

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
}

// The error at byte `index` of the text (clamped to it), moved to the token it is about: Qt
// reports an error just before that token, or, for a misspelt literal or number (`inToken`),
// anywhere from its first character to just after it.
JsonPayloadEditor::ParseResult errorAt(const QByteArray &utf8, qsizetype index,
                                       const QString &message, bool inToken = false)
{
    const qsizetype size = utf8.size();
    index = std::clamp<qsizetype>(index, 0, size);
    qsizetype back = std::min(index, size - 1);
    while (inToken && back > 0 && isJsonSpace(utf8.at(back)))
        --back;
    if (inToken && back >= 0 && isTokenChar(utf8.at(back))) {
        while (back > 0 && isTokenChar(utf8.at(back - 1)))
            --back;
        index = back;
    }
    while (index < size && isJsonSpace(utf8.at(index)))
        ++index;
    JsonPayloadEditor::ParseResult result;
    result.message = message;
    result.line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < index; ++i) {
        if (utf8.at(i) == '\n') {
            ++result.line;
            lineStart = i + 1;
        }
    }
    // Characters, not bytes: a UTF-8 continuation byte (10xxxxxx) adds none.
    result.column = 1;
    for (qsizetype i = lineStart; i < index; ++i) {
        if ((static_cast<uchar>(utf8.at(i)) & 0xc0) != 0x80)
            ++result.column;
    }
    result.position = QString::fromUtf8(utf8.constData(), index).size();
    return result;
}

// Why a text does not parse, for an operator: Qt's own words name its parser's states ("object
// is missing after a comma" for a value left out).
QString describe(const QJsonParseError &error)
{
    switch (error.error) {
    case QJsonParseError::UnterminatedObject:
        return JsonPayloadEditor::tr("the object is not closed (a } is missing)");
    case QJsonParseError::MissingNameSeparator:
        return JsonPayloadEditor::tr("a colon (:) is missing after the member name");
    case QJsonParseError::UnterminatedArray:
        return JsonPayloadEditor::tr("the array is not closed (a ] is missing)");
    case QJsonParseError::MissingValueSeparator:
        return JsonPayloadEditor::tr("a comma is missing between two values");
    case QJsonParseError::IllegalValue:
        return JsonPayloadEditor::tr("not a JSON value (text needs double quotes; true, false "
                                     "and null are lower case)");
    case QJsonParseError::TerminationByNumber:
        return JsonPayloadEditor::tr("the text ends in a number");
    case QJsonParseError::IllegalNumber:
        return JsonPayloadEditor::tr("not a valid number");
    case QJsonParseError::IllegalEscapeSequence:
        return JsonPayloadEditor::tr("invalid escape sequence in a string");
    case QJsonParseError::IllegalUTF8String:
        return JsonPayloadEditor::tr("invalid UTF-8 in a string");
    case QJsonParseError::UnterminatedString:
        return JsonPayloadEditor::tr("the string is not closed (a \" is missing)");
    case QJsonParseError::MissingObject:
        return JsonPayloadEditor::tr("missing value");
    case QJsonParseError::GarbageAtEnd:
        return JsonPayloadEditor::tr("more text after the end of the value");
    default:
        return error.errorString();
    }
}

bool inToken(QJsonParseError::ParseError error)
{
    return error == QJsonParseError::IllegalValue || error == QJsonParseError::IllegalNumber;
}

// Where a second value starts in a text of several top-level values ("1, 2"): the first comma
// outside any string, object or array.
qsizetype topLevelComma(const QByteArray &utf8)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            ++depth;
            break;
        case '}':
        case ']':
            --depth;
            break;
        case ',':
            if (depth == 0)
                return i;
            break;
        default:
            break;
        }
    }
    return 0;
}

QString prettyText(const QByteArray &json, const QJsonValue &value)
{
    if (value.isObject() || value.isArray()) {
        const QJsonDocument document =
            value.isObject() ? QJsonDocument(value.toObject()) : QJsonDocument(value.toArray());
        QString text = QString::fromUtf8(document.toJson(QJsonDocument::Indented));
        if (text.endsWith(u'\n'))
            text.chop(1);
        return text;
    }
    if (!value.isUndefined())
        return QString::fromUtf8(JsonPayloadEditor::compactJson(value));
    return QString::fromUtf8(json); // as stored, to be mended
}

} // namespace

JsonPayloadEditor::ParseResult JsonPayloadEditor::parse(const QByteArray &utf8)
{
    qsizetype first = 0;
    while (first < utf8.size() && isJsonSpace(utf8.at(first)))
        ++first;
    if (first == utf8.size())
        return errorAt(utf8, first, tr("no JSON value (a payload needs one, e.g. {})"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &error);
    ParseResult result;
    if (error.error == QJsonParseError::NoError) {
        result.value =
            document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
        return result;
    }
    // QJsonParseError::offset is just past the byte at fault, give or take.
    const char c = utf8.at(first);
    if (c == '{' || c == '[')
        return errorAt(utf8, error.offset - 1, describe(error), inToken(error.error));
    // A bare number, string, true, false or null is a JSON text too, which QJsonDocument does
    // not take on its own: parsed as the one element of an array.
    QJsonParseError wrappedError;
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + utf8 + ']', &wrappedError);
    if (wrappedError.error != QJsonParseError::NoError)
        return errorAt(utf8, wrappedError.offset - 2, describe(wrappedError),
                       inToken(wrappedError.error));
    const QJsonArray values = wrapped.array();
    if (values.size() != 1)
        return errorAt(utf8, topLevelComma(utf8),
                       tr("more than one value (a payload is one JSON value)"));
    result.value = values.at(0);
    return result;
}

QString JsonPayloadEditor::errorText(const ParseResult &result)
{
    if (result.ok())
        return {};
    return tr("Line %1, column %2: %3").arg(result.line).arg(result.column).arg(result.message);
}

QByteArray JsonPayloadEditor::compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isUndefined())
        return {};
    // A scalar: written as the one element of an array, the brackets taken off again.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

JsonPayloadEditor::JsonPayloadEditor(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QPlainTextEdit(this))
    , m_validation(new QLabel(this))
    , m_changesHeading(new QLabel(this))
    , m_changesStack(new QStackedWidget(this))
    , m_changesMessage(new QLabel(this))
    , m_diffView(new QTableView(this))
    , m_diffModel(new JsonDiffModel(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
{
    m_edit->setObjectName(u"jsonEdit"_s);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setTabStopDistance(4 * m_edit->fontMetrics().horizontalAdvance(u' '));
    m_edit->setTabChangesFocus(false);
    m_validation->setObjectName(u"validationLabel"_s);
    m_validation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_validation->setWordWrap(true);

    m_changesHeading->setObjectName(u"changesHeading"_s);
    m_changesHeading->setWordWrap(true);
    m_changesHeading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changesMessage->setObjectName(u"changesMessage"_s);
    m_changesMessage->setAlignment(Qt::AlignCenter);
    m_changesMessage->setWordWrap(true);
    m_changesMessage->setEnabled(false);
    m_diffView->setObjectName(u"diffView"_s);
    m_diffView->setModel(m_diffModel);
    m_diffView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diffView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diffView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_diffView->setAlternatingRowColors(true);
    m_diffView->setWordWrap(false);
    m_diffView->setTextElideMode(Qt::ElideRight);
    m_diffView->setCornerButtonEnabled(false);
    m_diffView->verticalHeader()->hide();
    m_diffView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_diffView->verticalHeader()->setDefaultSectionSize(m_diffView->fontMetrics().height() + 6);
    m_diffView->horizontalHeader()->setHighlightSections(false);
    m_diffView->horizontalHeader()->setStretchLastSection(true);
    const int charWidth = m_diffView->fontMetrics().averageCharWidth();
    m_diffView->setColumnWidth(JsonDiffModel::ChangeColumn, charWidth * 12);
    m_diffView->setColumnWidth(JsonDiffModel::PathColumn, charWidth * 28);
    m_diffView->setColumnWidth(JsonDiffModel::OldColumn, charWidth * 24);
    m_changesStack->addWidget(m_changesMessage);
    m_changesStack->addWidget(m_diffView);

    auto *editPart = new QWidget(this);
    auto *editLayout = new QVBoxLayout(editPart);
    editLayout->setContentsMargins(0, 0, 0, 0);
    editLayout->addWidget(m_edit, 1);
    editLayout->addWidget(m_validation);
    auto *changesPart = new QWidget(this);
    auto *changesLayout = new QVBoxLayout(changesPart);
    changesLayout->setContentsMargins(0, 0, 0, 0);
    changesLayout->addWidget(m_changesHeading);
    changesLayout->addWidget(m_changesStack, 1);
    m_splitter->setObjectName(u"payloadSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(editPart);
    m_splitter->addWidget(changesPart);
    shareSplitter(m_splitter, {3, 2});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);
    setFocusProxy(m_edit);

    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(checkDelayMs);
    connect(&m_checkTimer, &QTimer::timeout, this, &JsonPayloadEditor::validateNow);
    connect(m_edit, &QPlainTextEdit::textChanged, this, &JsonPayloadEditor::onTextChanged);

    m_result = parse({});
    m_checked = true;
    showResult();
}

void JsonPayloadEditor::setOriginal(const QByteArray &json)
{
    m_original = json;
    const ParseResult original = parse(json);
    m_originalValue = original.value;
    m_originalText = prettyText(json, m_originalValue);
    m_edit->setPlainText(m_originalText);
    validateNow();
}

QString JsonPayloadEditor::text() const
{
    return m_edit->toPlainText();
}

void JsonPayloadEditor::setText(const QString &text)
{
    // Through a cursor rather than setPlainText(), so that the operator can undo it.
    QTextCursor cursor(m_edit->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
}

void JsonPayloadEditor::revert()
{
    setText(m_originalText);
    validateNow();
}

QByteArray JsonPayloadEditor::editedJson() const
{
    return m_result.ok() ? compactJson(m_result.value) : QByteArray();
}

bool JsonPayloadEditor::isChanged() const
{
    if (!m_result.ok())
        return m_checkedText != m_originalText;
    return m_originalValue.isUndefined() || m_result.value != m_originalValue;
}

void JsonPayloadEditor::onTextChanged()
{
    m_checked = false;
    m_checkTimer.start();
}

void JsonPayloadEditor::validateNow()
{
    m_checkTimer.stop();
    if (m_checked)
        return;
    const bool wasValid = m_result.ok();
    m_checkedText = text();
    m_result = parse(m_checkedText.toUtf8());
    m_checked = true;
    showResult();
    if (wasValid != m_result.ok())
        Q_EMIT validityChanged(m_result.ok());
    Q_EMIT changed();
}

void JsonPayloadEditor::showResult()
{
    QPalette palette = m_validation->palette();
    palette.setColor(QPalette::WindowText, m_result.ok() ? validColour : errorColour);
    m_validation->setPalette(palette);
    m_validation->setText(m_result.ok() ? tr("Valid JSON") : errorText());
    markError();

    if (!m_result.ok()) {
        m_diffModel->clear();
        m_changesHeading->setText(tr("Changes"));
        m_changesMessage->setText(tr("The changes show again once the text is valid JSON."));
        m_changesStack->setCurrentWidget(m_changesMessage);
        return;
    }
    if (m_originalValue.isUndefined()) {
        m_diffModel->clear();
        m_changesHeading->setText(tr("Changes"));
        m_changesMessage->setText(m_original.isEmpty()
                                      ? tr("There is no stored payload to compare with.")
                                      : tr("The stored payload is not valid JSON: there is "
                                           "nothing to compare with. Saving replaces it."));
        m_changesStack->setCurrentWidget(m_changesMessage);
        return;
    }
    m_diffModel->compare(m_originalValue, m_result.value);
    if (m_diffModel->rowCount() == 0) {
        m_changesHeading->setText(tr("Changes"));
        m_changesMessage->setText(tr("No changes: it is as saved."));
        m_changesStack->setCurrentWidget(m_changesMessage);
        return;
    }
    const JsonDiffModel::Counts counts = m_diffModel->counts();
    m_changesHeading->setText(tr("Changes against the saved version: %1 added, %2 removed, "
                                 "%3 changed")
                                  .arg(counts.added)
                                  .arg(counts.removed)
                                  .arg(counts.changed));
    m_changesStack->setCurrentWidget(m_diffView);
}

void JsonPayloadEditor::markError()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (!m_result.ok() && m_result.position >= 0) {
        QTextDocument *document = m_edit->document();
        const int end = std::max(0, document->characterCount() - 1);
        const int position = static_cast<int>(std::min<qsizetype>(m_result.position, end));

        QTextEdit::ExtraSelection line;
        line.cursor = QTextCursor(document);
        line.cursor.setPosition(position);
        line.format.setBackground(QColor(0xfd, 0xec, 0xea));
        line.format.setProperty(QTextFormat::FullWidthSelection, true);
        selections << line;

        // The character at fault; at the very end, the last one.
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(document);
        if (position < end) {
            mark.cursor.setPosition(position);
            mark.cursor.setPosition(position + 1, QTextCursor::KeepAnchor);
        } else if (end > 0) {
            mark.cursor.setPosition(end - 1);
            mark.cursor.setPosition(end, QTextCursor::KeepAnchor);
        }
        mark.format.setBackground(QColor(0xf5, 0xb7, 0xb1));
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(errorColour);
        selections << mark;
    }
    m_edit->setExtraSelections(selections);
}

QString JsonPayloadEditor::validationText() const
{
    return m_validation->text();
}

QString JsonPayloadEditor::changesHeading() const
{
    return m_changesHeading->text();
}

} // namespace porthole
