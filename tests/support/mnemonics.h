#pragma once

#include <QAbstractButton>
#include <QHash>
#include <QLabel>
#include <QStringList>
#include <QWidget>

namespace porthole::test {

// The labels in `window` that draw the '&' of their mnemonic ("&Open:") as it is: a label
// takes its key for a buddy, and one without a buddy shows the '&'. A '&' before a space ("A & B")
// or doubled ("&&") is text, not a mnemonic.
inline QStringList labelsShowingTheirAmpersand(const QWidget &window)
{
    QStringList found;
    const QList<QLabel *> labels = window.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        QString text = label->text();
        if (label->buddy() || label->textFormat() == Qt::RichText || Qt::mightBeRichText(text))
            continue;
        text.replace(QStringLiteral("&&"), QString());
        const qsizetype at = text.indexOf(u'&');
        if (at >= 0 && at + 1 < text.size() && text.at(at + 1).isLetterOrNumber())
            found << label->text();
    }
    return found;
}

// The key of a text's mnemonic, lower case ('o' for "&Open"), or a null QChar.
inline QChar mnemonicOf(const QString &text)
{
    for (qsizetype at = 0; at + 1 < text.size(); ++at) {
        if (text.at(at) != u'&')
            continue;
        if (text.at(at + 1) == u'&') {
            ++at;
            continue;
        }
        return text.at(at + 1).toLower();
    }
    return {};
}

// The mnemonics in `window` that more than one of its labels (with a buddy) and buttons
// claims, each with the texts that claim it ("o: &Open: | &Open"): Alt and the key would not
// reach all of them.
inline QStringList clashingMnemonics(const QWidget &window)
{
    QHash<QChar, QStringList> claims;
    const auto claim = [&claims, &window](const QWidget *widget, const QString &text) {
        const QChar key = mnemonicOf(text);
        if (!key.isNull() && widget->isVisibleTo(&window))
            claims[key] << text;
    };
    const QList<QLabel *> labels = window.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->buddy())
            claim(label, label->text());
    }
    const QList<QAbstractButton *> buttons = window.findChildren<QAbstractButton *>();
    for (const QAbstractButton *button : buttons)
        claim(button, button->text());
    QStringList clashes;
    for (auto it = claims.cbegin(); it != claims.cend(); ++it) {
        if (it.value().size() > 1)
            clashes << QString(it.key()) + QStringLiteral(": ") +
                           it.value().join(QStringLiteral(" | "));
    }
    clashes.sort();
    return clashes;
}

} // namespace porthole::test
