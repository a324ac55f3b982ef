#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace porthole {

class JsonDiffModel;

// One message's payload to edit as JSON text: the text pretty-printed in a monospace editor,
// a line below it that says whether it parses ("Valid JSON", or where and why it does not:
// "Line 3, column 14: missing value", both 1-based, the column in characters), with the place
// of the error marked in the text, and below that what the edit changes, path by path, against
// the original (a JsonDiffModel, as the Checkpoints pane compares two versions).
//
// The text is checked a moment (150 ms) after the operator stops typing; validateNow() checks
// it at once. Any JSON value is a payload, a bare number or string too. Objects are compared
// and written with their members sorted by key (QJsonObject keeps them so), which changes no
// meaning.
class JsonPayloadEditor : public QWidget
{
    Q_OBJECT

public:
    // Where a JSON text fails to parse. line and column are 1-based, the column in characters
    // (not UTF-8 bytes); position is where that is in the QString of the text (UTF-16).
    struct ParseResult
    {
        QJsonValue value = QJsonValue::Undefined; // undefined when the text does not parse
        QString message;                          // empty when it parses
        int line = 0;
        int column = 0;
        qsizetype position = -1;

        bool ok() const { return message.isEmpty(); }
    };
    static ParseResult parse(const QByteArray &utf8);
    // "Line 3, column 14: missing value"; empty when it parses.
    static QString errorText(const ParseResult &result);
    // A value as compact UTF-8 JSON text, a scalar too; empty for an undefined value.
    static QByteArray compactJson(const QJsonValue &value);

    explicit JsonPayloadEditor(QWidget *parent = nullptr);

    // The payload as stored; the text becomes it, pretty-printed (as it is when it does not
    // parse), and the edit starts over. Checked at once.
    void setOriginal(const QByteArray &json);
    QByteArray original() const { return m_original; }

    // The text as edited, and setting it as if typed (checked after the usual pause).
    QString text() const;
    void setText(const QString &text);

    // As of the last check (validateNow() makes that now).
    bool isValid() const { return m_result.ok(); }
    QString errorText() const { return errorText(m_result); }
    int errorLine() const { return m_result.line; }
    int errorColumn() const { return m_result.column; }
    // The edited value as compact UTF-8 JSON; empty while the text does not parse.
    QByteArray editedJson() const;
    // Whether the edited value differs from the original as JSON (white space and the order of
    // members do not count); while the text does not parse, whether it differs from the
    // original text.
    bool isChanged() const;

    // For tests and screenshots.
    QPlainTextEdit *textEdit() const { return m_edit; }
    QLabel *validationLabel() const { return m_validation; }
    QString validationText() const;
    JsonDiffModel *diffModel() const { return m_diffModel; }
    QTableView *diffView() const { return m_diffView; }
    QString changesHeading() const;
    QSplitter *splitter() const { return m_splitter; }

public Q_SLOTS:
    // Checks the text now rather than after the pause.
    void validateNow();
    // Back to the original.
    void revert();

Q_SIGNALS:
    // The text started or stopped parsing.
    void validityChanged(bool valid);
    // The text was checked after an edit: isValid(), isChanged(), editedJson() and the
    // differences may say something new.
    void changed();

private:
    void onTextChanged();
    void showResult();
    void markError();

    QByteArray m_original;
    QJsonValue m_originalValue = QJsonValue::Undefined;
    QString m_originalText;
    ParseResult m_result;
    QString m_checkedText;
    bool m_checked = false; // m_result is that of the text as it is
    QTimer m_checkTimer;

    QPlainTextEdit *m_edit = nullptr;
    QLabel *m_validation = nullptr;
    QLabel *m_changesHeading = nullptr;
    QStackedWidget *m_changesStack = nullptr;
    QLabel *m_changesMessage = nullptr;
    QTableView *m_diffView = nullptr;
    JsonDiffModel *m_diffModel = nullptr;
    QSplitter *m_splitter = nullptr;
};

} // namespace porthole
