#include "helpbrowser.h"

#include "icons.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QHBoxLayout>
#include <QImage>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>
#include <QTextList>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
const QString helpRoot = u":/porthole/help/"_s;

// The resource file behind a help URL (qrc:/porthole/help/X), or empty.
QString resourcePath(const QUrl &url)
{
    if (url.scheme() != u"qrc"_s)
        return {};
    const QString path = u':' + url.path();
    return path.startsWith(helpRoot) ? path : QString();
}

// How far a block's text starts from the document's margin: its own indentation and its
// list's.
qreal indentOf(const QTextBlock &block)
{
    const QTextDocument *document = block.document();
    const QTextBlockFormat format = block.blockFormat();
    qreal indent = format.leftMargin() + format.indent() * document->indentWidth();
    if (const QTextList *list = block.textList())
        indent += list->format().indent() * document->indentWidth();
    return indent;
}

// Screenshots are wider than a help window often is: each is shown at most as wide as the
// text beside it, keeping its proportions.
void fitImages(QTextDocument *document, const QUrl &base, qreal textWidth)
{
    QTextCursor cursor(document);
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const qreal width = std::max<qreal>(textWidth - indentOf(block), 1);
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid() || !fragment.charFormat().isImageFormat())
                continue;
            QTextImageFormat format = fragment.charFormat().toImageFormat();
            const QImage image(resourcePath(base.resolved(QUrl(format.name()))));
            if (image.isNull())
                continue;
            const qreal shown = std::min<qreal>(image.width(), width);
            if (qFuzzyCompare(format.width(), shown))
                continue;
            format.setWidth(shown);
            format.setHeight(shown * image.height() / image.width());
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.setCharFormat(format);
        }
    }
}
} // namespace

HelpBrowser::HelpBrowser(QWidget *parent)
    : QWidget(parent)
{
    setWindowTitle(tr("Porthole User Guide"));
    m_back = new QToolButton(this);
    m_back->setIcon(themedIcon(IconId::Back));
    m_back->setToolTip(tr("Back (Alt+Left)"));
    m_back->setShortcut(QKeySequence::Back);
    m_forward = new QToolButton(this);
    m_forward->setIcon(themedIcon(IconId::Forward));
    m_forward->setToolTip(tr("Forward (Alt+Right)"));
    m_forward->setShortcut(QKeySequence::Forward);
    m_home = new QToolButton(this);
    m_home->setText(tr("&Contents"));
    m_home->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_text = new QTextBrowser(this);
    m_text->setOpenLinks(false);
    // Every page scrolls; a scroll bar that came and went would change the width the
    // screenshots were just fitted to.
    m_text->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_text->document()->setDocumentMargin(16);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addWidget(m_forward);
    buttons->addWidget(m_home);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_text, 1);

    connect(m_back, &QToolButton::clicked, m_text, &QTextBrowser::backward);
    connect(m_forward, &QToolButton::clicked, m_text, &QTextBrowser::forward);
    connect(m_home, &QToolButton::clicked, this, [this] { open(guideUrl()); });
    connect(m_text, &QTextBrowser::anchorClicked, this, &HelpBrowser::follow);
    connect(m_text, &QTextBrowser::historyChanged, this, &HelpBrowser::updateButtons);
    connect(m_text, &QTextBrowser::sourceChanged, this, [this](const QUrl &url) {
        m_current = url;
        fitImages();
    });

    // Images follow the window's width, once it has settled.
    auto *refit = new QTimer(this);
    refit->setSingleShot(true);
    refit->setInterval(100);
    connect(refit, &QTimer::timeout, this, &HelpBrowser::fitImages);
    m_text->viewport()->installEventFilter(this);
    m_refit = refit;

    resize(960, 720);
    open(guideUrl());
    updateButtons();
}

QUrl HelpBrowser::guideUrl()
{
    return QUrl(u"qrc:/porthole/help/USER_GUIDE.md"_s);
}

QString HelpBrowser::headingAnchor(const QString &heading)
{
    QString anchor;
    for (const QChar c : heading.trimmed().toLower()) {
        if (c.isLetterOrNumber() || c == u'-' || c == u'_')
            anchor += c;
        else if (c == u' ')
            anchor += u'-';
    }
    return anchor;
}

bool HelpBrowser::open(const QUrl &url)
{
    QUrl document = url;
    document.setFragment({});
    if (!QFile::exists(resourcePath(document)))
        return false;
    if (document != m_current)
        m_text->setSource(document, QTextDocument::MarkdownResource);
    if (url.hasFragment())
        return scrollToHeading(url.fragment());
    m_text->verticalScrollBar()->setValue(0);
    return true;
}

bool HelpBrowser::scrollToHeading(const QString &anchor)
{
    QTextDocument *document = m_text->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() == 0 || headingAnchor(block.text()) != anchor)
            continue;
        const QRectF where = document->documentLayout()->blockBoundingRect(block);
        m_text->verticalScrollBar()->setValue(static_cast<int>(where.top()));
        return true;
    }
    return false;
}

void HelpBrowser::follow(const QUrl &link)
{
    const QUrl target = m_current.resolved(link);
    if (target.scheme() == u"qrc"_s)
        open(target);
    else
        Q_EMIT externalLinkClicked(target);
}

void HelpBrowser::updateButtons()
{
    m_back->setEnabled(m_text->isBackwardAvailable());
    m_forward->setEnabled(m_text->isForwardAvailable());
}

void HelpBrowser::fitImages()
{
    QTextDocument *document = m_text->document();
    porthole::fitImages(document, m_current,
                        m_text->viewport()->width() - 2 * document->documentMargin());
    Q_EMIT imagesFitted();
}

bool HelpBrowser::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_text->viewport() && event->type() == QEvent::Resize)
        m_refit->start();
    return QWidget::eventFilter(watched, event);
}

} // namespace porthole
