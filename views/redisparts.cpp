#include "redisparts.h"

#include "jsontreemodel.h"
#include "pane.h"
#include "redislistings.h"
#include "redisvaluemodels.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

QTableView *listingTable(QWidget *parent)
{
    auto *view = new QTableView(parent);
    setUpListingTable(view);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    return view;
}

namespace {

// The first `shownBytes` of `text` (whole characters), then a line saying how many more there
// are: laying out megabytes of text would hold the GUI thread for seconds.
QString textExcerpt(const QByteArray &text)
{
    if (text.size() <= PayloadView::shownBytes)
        return QString::fromUtf8(text);
    const QByteArray shown =
        text.first(StringRangeModel::wholeCharacters(text.first(PayloadView::shownBytes)));
    return QString::fromUtf8(shown) + u'\n' + moreBytesNotShown(text.size() - shown.size());
}

} // namespace

PayloadView::PayloadView(QWidget *parent)
    : QWidget(parent)
    , m_heading(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_treeModel(new JsonTreeModel(this))
    , m_text(new QPlainTextEdit(this))
{
    m_heading->setObjectName(u"payloadHeading"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_tree->setObjectName(u"payloadTree"_s);
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(JsonTreeModel::TypeColumn,
                                           QHeaderView::ResizeToContents);
    m_tree->setColumnWidth(JsonTreeModel::KeyColumn, fontMetrics().averageCharWidth() * 24);
    m_text->setObjectName(u"payloadText"_s);
    m_text->setReadOnly(true);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_tree);
    m_stack->addWidget(m_text);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_stack, 1);
    clear({});
}

void PayloadView::setPayload(const QByteArray &payload)
{
    const QString size = QLocale().formattedDataSize(payload.size());
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(payload, &error);
    if (error.error == QJsonParseError::NoError && !json.isNull()) {
        m_heading->setText(tr("Payload: JSON, %1").arg(size));
        m_treeModel->setDocument(json);
        m_tree->expandToDepth(1);
        m_stack->setCurrentWidget(m_tree);
        m_shownAs = u"json"_s;
        return;
    }
    const bool text = isReadableText(payload);
    m_heading->setText(text ? tr("Payload: text, %1").arg(size)
                            : tr("Payload: binary, %1 (hex)").arg(size));
    m_text->setFont(text ? font() : QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlainText(text ? textExcerpt(payload) : hexDump(payload, shownBytes));
    m_stack->setCurrentWidget(m_text);
    m_shownAs = text ? u"text"_s : u"hex"_s;
}

void PayloadView::clear(const QString &message)
{
    m_heading->setText(tr("Payload"));
    m_empty->setText(message);
    m_treeModel->clear();
    m_text->clear();
    m_stack->setCurrentWidget(m_empty);
    m_shownAs = u"none"_s;
}

QString PayloadView::heading() const
{
    return m_heading->text();
}

QString PayloadView::shownAs() const
{
    return m_shownAs;
}

} // namespace porthole
