#include "attentionstrip.h"

#include <QLabel>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QLabel *lineLabel(const QString &html, QWidget *parent)
{
    auto *label = new QLabel(html, parent);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    return label;
}

QString bullet(StatusTone tone)
{
    return u"<span style=\"color:%1\">●</span>&nbsp;"_s.arg(statusColour(tone).name());
}

} // namespace

AttentionStrip::AttentionStrip(QWidget *parent)
    : QFrame(parent)
    , m_lines(new QVBoxLayout(this))
{
    setObjectName(u"attentionStrip"_s);
    setFrameShape(QFrame::StyledPanel);
    m_lines->setContentsMargins(6, 3, 6, 3);
    m_lines->setSpacing(2);
    setItems({});
}

void AttentionStrip::setItems(const QList<AttentionItem> &items)
{
    m_items = items;
    while (QLayoutItem *item = m_lines->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (items.isEmpty()) {
        m_lines->addWidget(lineLabel(
            bullet(StatusTone::Ok) +
                tr("Nothing needs attention: no alert fires, every component beats, no backlog "
                   "grows, no new dead letters.")
                    .toHtmlEscaped(),
            this));
        return;
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const AttentionItem &item = items.at(i);
        auto *label = lineLabel(
            bullet(item.tone) + u"<a href=\"%1\">%2</a>"_s.arg(i).arg(item.text.toHtmlEscaped()),
            this);
        label->setToolTip(tr("Open the pane that shows it"));
        connect(label, &QLabel::linkActivated, this, [this](const QString &link) {
            bool ok = false;
            const int index = link.toInt(&ok);
            if (ok && index >= 0 && index < m_items.size())
                Q_EMIT activated(m_items.at(index));
        });
        m_lines->addWidget(label);
    }
}

QStringList AttentionStrip::texts() const
{
    QStringList texts;
    for (int i = 0; i < m_lines->count(); ++i) {
        if (auto *label = qobject_cast<QLabel *>(m_lines->itemAt(i)->widget()))
            texts << QTextDocumentFragment::fromHtml(label->text()).toPlainText().mid(2);
    }
    return texts;
}

} // namespace porthole
