// CheckpointsPane: the selected version's document, or the differences between two, and
// copying a value or its path from them.
#include "checkpointmodel.h"
#include "checkpointspane.h"
#include "checkpointtext.h"
#include "checkpointversionmodel.h"
#include "exportsource.h"
#include "icons.h"
#include "jsondiffmodel.h"
#include "jsontreemodel.h"
#include "listingparts.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFont>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

QString elided(const QString &text, qsizetype length)
{
    return text.size() <= length ? text : text.left(length) + u'…';
}

// A checkpoint's metadata for a heading: an object as JSON with a space after each comma and
// colon, so that the heading wraps between its fields on a narrow screen; other text as it is.
QString metadataText(const QByteArray &metadata)
{
    const QJsonDocument document = QJsonDocument::fromJson(metadata);
    if (!document.isObject())
        return QString::fromUtf8(metadata).simplified();
    // Any value as compact JSON: the one element of an array, without its brackets.
    const auto json = [](const QJsonValue &value) {
        return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
            .mid(1)
            .chopped(1);
    };
    QStringList fields;
    const QJsonObject object = document.object();
    for (auto field = object.constBegin(); field != object.constEnd(); ++field)
        fields << json(field.key()) + u": "_s + json(field.value());
    return u"{"_s + fields.join(u", "_s) + u"}"_s;
}

} // namespace

// --- The document or the differences -------------------------------------------------------

QString CheckpointsPane::namesStateText() const
{
    return m_nameStack->stateText();
}

QString CheckpointsPane::versionsStateText() const
{
    return m_versionStack->stateText();
}

QString CheckpointsPane::versionLabel(qint64 version) const
{
    return tr("%1 version %2").arg(m_versions->checkpointName()).arg(version);
}

void CheckpointsPane::showMessage(const QString &heading, const QString &message)
{
    m_shownVersions.clear();
    m_detail->showMessage(heading, message);
}

QJsonValue CheckpointsPane::documentValue(qint64 version, QString *error) const
{
    const Checkpoint *checkpoint = m_versions->document(version);
    if (!checkpoint)
        return QJsonValue::Undefined;
    // Wrapped in an array, so that a document that is a bare number or string (which JSONB
    // allows) parses as well as an object does.
    QJsonParseError parseError;
    const QJsonDocument wrapped =
        QJsonDocument::fromJson('[' + checkpoint->data + ']', &parseError);
    if (parseError.error != QJsonParseError::NoError || wrapped.array().size() != 1) {
        *error = tr("Version %1 does not hold valid JSON: %2")
                     .arg(version)
                     .arg(parseError.errorString());
        return QJsonValue::Undefined;
    }
    return wrapped.array().at(0);
}

void CheckpointsPane::updateDetail()
{
    const bool listed =
        m_versions->state() == CheckpointVersionModel::State::Ready && m_versions->rowCount() > 0;
    const QList<qint64> selected = listed ? selectedVersions() : QList<qint64>{};
    m_compare->setEnabled(selected.size() == 1 &&
                          m_versions->previousVersion(selected.constFirst()) > 0);
    if (!selected.isEmpty())
        m_goneVersion = 0;
    if (selected.isEmpty() && m_goneVersion > 0) {
        showMessage(tr("%1 version %2").arg(m_chosenName).arg(m_goneVersion),
                    listed
                        ? tr("Version %1 of %2 is no longer stored: retention deletes older "
                             "versions (File > Delete Old Data). The versions listed are those "
                             "still stored.")
                              .arg(m_goneVersion)
                              .arg(m_chosenName)
                        : tr("%1 is no longer stored, nor any of its versions.").arg(m_chosenName));
        return;
    }
    if (selected.isEmpty()) {
        showMessage(QString(), listed ? tr("Select a version to see what it holds, or two "
                                           "(Ctrl+click) to see what changed between them.")
                                      : QString());
        return;
    }
    if (selected.size() > 2) {
        showMessage(QString(), tr("%n versions are selected: select one to see what it holds, or "
                                  "two to compare them.",
                                  nullptr, int(selected.size())));
        return;
    }
    // Both documents at hand first; they come in the background.
    QStringList reading;
    for (const qint64 version : selected) {
        if (!m_versions->document(version)) {
            m_versions->loadDocument(version);
            reading << QString::number(version);
        }
    }
    if (!reading.isEmpty()) {
        showMessage(
            selected.size() == 1 ? versionLabel(selected.constFirst()) : QString(),
            reading.size() == 1
                ? tr("Reading version %1…").arg(reading.constFirst())
                : tr("Reading version %1 and %2…").arg(reading.constFirst(), reading.constLast()));
        return;
    }
    if (selected == m_shownVersions)
        return; // shown already: the tree keeps what the operator expanded
    if (selected.size() == 1)
        showVersion(selected.constFirst());
    else
        showDifferences(selected.at(0), selected.at(1));
}

void CheckpointsPane::showVersion(qint64 version)
{
    QString error;
    const QJsonValue value = documentValue(version, &error);
    if (value.isUndefined()) {
        showMessage(versionLabel(version), error);
        return;
    }
    const Checkpoint &checkpoint = *m_versions->document(version);
    QStringList heading{versionLabel(version)};
    const int row = m_versions->rowOfVersion(version);
    const QModelIndex index = m_versions->index(row, 0);
    if (index.data(CheckpointVersionModel::IsLatestRole).toBool())
        heading << tr("latest");
    heading << tr("saved %1")
                   .arg(QLocale().toString(checkpoint.createdAt.toLocalTime(),
                                           u"yyyy-MM-dd HH:mm:ss"_s));
    if (index.data(CheckpointVersionModel::ExpiredRole).toBool())
        heading << tr("expired %1")
                       .arg(QLocale().toString(checkpoint.expiresAt.toLocalTime(),
                                               u"yyyy-MM-dd HH:mm:ss"_s));
    else if (checkpoint.expiresAt.isValid())
        heading << tr("expires %1")
                       .arg(QLocale().toString(checkpoint.expiresAt.toLocalTime(),
                                               u"yyyy-MM-dd HH:mm:ss"_s));
    heading << tr("component %1").arg(checkpoint.component);
    if (!checkpoint.metadata.isEmpty())
        heading << tr("metadata %1").arg(elided(metadataText(checkpoint.metadata), 120));
    m_detail->showDocument(heading.join(u" · "_s), value);
    m_shownVersions = {version};
}

void CheckpointsPane::showDifferences(qint64 older, qint64 newer)
{
    QString error;
    const QJsonValue oldValue = documentValue(older, &error);
    const QJsonValue newValue = documentValue(newer, &error);
    if (oldValue.isUndefined() || newValue.isUndefined()) {
        showMessage(QString(), error);
        return;
    }
    m_detail->showDifferences(
        tr("%1: version %2 → version %3").arg(m_versions->checkpointName()).arg(older).arg(newer),
        oldValue, newValue, tr("Versions %1 and %2 hold the same data.").arg(older).arg(newer));
    m_shownVersions = {older, newer};
}

// --- Copying ------------------------------------------------------------------------------

void CheckpointsPane::copyValue()
{
    QAbstractItemView *view = m_detail->copySource();
    const QModelIndex current = view ? view->currentIndex() : QModelIndex();
    if (!current.isValid())
        return;
    QString value;
    QString path;
    if (view == treeView()) {
        value = treeModel()->compactJson(current.siblingAtColumn(0));
        path = treeModel()->path(current.siblingAtColumn(0));
    } else {
        // The side clicked; from elsewhere in the row, the new value (the old one if removed).
        int column = current.column();
        if (column != JsonDiffModel::OldColumn && column != JsonDiffModel::NewColumn)
            column = current.siblingAtColumn(JsonDiffModel::NewColumn)
                             .data(JsonDiffModel::CompactJsonRole)
                             .isValid()
                         ? JsonDiffModel::NewColumn
                         : JsonDiffModel::OldColumn;
        value = current.siblingAtColumn(column).data(JsonDiffModel::CompactJsonRole).toString();
        path = current.data(JsonDiffModel::PathRole).toString();
    }
    QApplication::clipboard()->setText(value);
    Q_EMIT statusMessage(tr("Copied the value at %1").arg(path));
}

void CheckpointsPane::copyPath()
{
    QAbstractItemView *view = m_detail->copySource();
    const QModelIndex current = view ? view->currentIndex() : QModelIndex();
    if (!current.isValid())
        return;
    const QString path = view == treeView() ? treeModel()->path(current.siblingAtColumn(0))
                                            : current.data(JsonDiffModel::PathRole).toString();
    QApplication::clipboard()->setText(path);
    Q_EMIT statusMessage(tr("Copied the path %1").arg(path));
}

} // namespace porthole
