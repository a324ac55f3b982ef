#include "versiondetail.h"

#include "jsondiffmodel.h"
#include "jsontreemodel.h"
#include "listingparts.h"
#include "pane.h"

#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

VersionDetail::VersionDetail(Widths widths, QWidget *parent)
    : QWidget(parent)
    , m_treeModel(new JsonTreeModel(this))
    , m_diffModel(new JsonDiffModel(this))
{
    const int charWidth = fontMetrics().averageCharWidth();
    m_heading = new QLabel(this);
    m_heading->setObjectName(u"detailHeading"_s);
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = makeStateLabel(this);
    m_message->setObjectName(u"detailMessage"_s);
    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(u"treeView"_s);
    m_treeView->setModel(m_treeModel);
    m_treeView->setUniformRowHeights(true); // large documents stay quick to scroll
    m_treeView->setAlternatingRowColors(true);
    m_treeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treeView->setColumnWidth(JsonTreeModel::KeyColumn, charWidth * widths.key);
    m_treeView->setColumnWidth(JsonTreeModel::ValueColumn, charWidth * widths.value);
    m_diffView = new QTableView(this);
    m_diffView->setObjectName(u"diffView"_s);
    setUpListingTable(m_diffView);
    m_diffView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_diffView->setModel(m_diffModel);
    m_diffView->setColumnWidth(JsonDiffModel::PathColumn, charWidth * widths.key);
    m_diffView->setColumnWidth(JsonDiffModel::OldColumn, charWidth * widths.oldValue);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_message);
    m_stack->addWidget(m_treeView);
    m_stack->addWidget(m_diffView);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_stack, 1);
}

void VersionDetail::showMessage(const QString &heading, const QString &message)
{
    m_treeModel->clear();
    m_diffModel->clear();
    m_heading->setText(heading);
    m_message->setText(message);
    m_stack->setCurrentWidget(m_message);
}

void VersionDetail::showDocument(const QString &heading, const QJsonValue &value)
{
    m_diffModel->clear();
    m_treeModel->setValue(value);
    m_treeView->expand(m_treeModel->index(0, 0));
    m_heading->setText(heading);
    m_stack->setCurrentWidget(m_treeView);
}

void VersionDetail::showDifferences(const QString &versions, const QJsonValue &older,
                                    const QJsonValue &newer, const QString &same)
{
    m_treeModel->clear();
    m_diffModel->compare(older, newer);
    if (m_diffModel->rowCount() == 0) {
        showMessage(versions, same);
        return;
    }
    const JsonDiffModel::Counts counts = m_diffModel->counts();
    m_heading->setText(tr("%1 · %2 added, %3 removed, %4 changed")
                           .arg(versions)
                           .arg(counts.added)
                           .arg(counts.removed)
                           .arg(counts.changed));
    m_stack->setCurrentWidget(m_diffView);
}

VersionDetail::Shown VersionDetail::shown() const
{
    if (m_stack->currentWidget() == m_treeView)
        return Shown::Tree;
    if (m_stack->currentWidget() == m_diffView)
        return Shown::Diff;
    return Shown::Message;
}

QString VersionDetail::heading() const
{
    return m_heading->text();
}

QString VersionDetail::message() const
{
    return shown() == Shown::Message ? m_message->text() : QString();
}

QAbstractItemView *VersionDetail::copySource() const
{
    if (m_diffView->hasFocus())
        return m_diffView;
    if (m_treeView->hasFocus())
        return m_treeView;
    switch (shown()) {
    case Shown::Tree:
        return m_treeView;
    case Shown::Diff:
        return m_diffView;
    case Shown::Message:
        return nullptr;
    }
    return nullptr;
}

QWidget *VersionDetail::views() const
{
    return m_stack;
}

} // namespace porthole
