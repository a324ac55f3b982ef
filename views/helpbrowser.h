#pragma once

#include <QUrl>
#include <QWidget>

class QTextBrowser;
class QTimer;
class QToolButton;

namespace porthole {

// Help > User Guide: the guide and the documents it links to, read from the program's
// resources (qrc:/porthole/help/), with their screenshots. Links to a heading of a document
// ("#follow-ingest", "CONSOLE.md#panes") scroll to that heading; links out of the guide open
// in the desktop's browser.
class HelpBrowser : public QWidget
{
    Q_OBJECT

public:
    explicit HelpBrowser(QWidget *parent = nullptr);

    // The user guide's address; every document of the help lies beside it.
    static QUrl guideUrl();
    // The anchor a heading gets, as GitHub makes it: lower case, spaces to '-', punctuation
    // other than '-' and '_' dropped ("Connect to the pipeline's data" is
    // "connect-to-the-pipelines-data").
    static QString headingAnchor(const QString &heading);

    // Opens a document of the help, and scrolls to its heading `url.fragment()` if any.
    // False when the document or the heading is not there (the page shown stays).
    bool open(const QUrl &url);
    QUrl currentUrl() const { return m_current; }
    QTextBrowser *text() const { return m_text; }

Q_SIGNALS:
    // A link that leaves the help: opened with QDesktopServices unless the test listens.
    void externalLinkClicked(const QUrl &url);
    // The screenshots were fitted to the text's width (after a page opened or the window was
    // resized and settled).
    void imagesFitted();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitImages();
    bool scrollToHeading(const QString &anchor);
    void follow(const QUrl &link);
    void updateButtons();

    QTextBrowser *m_text = nullptr;
    QToolButton *m_back = nullptr;
    QToolButton *m_forward = nullptr;
    QToolButton *m_home = nullptr;
    QTimer *m_refit = nullptr;
    QUrl m_current;
};

} // namespace porthole
