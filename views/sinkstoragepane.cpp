#include "sinkstoragepane.h"

#include "icons.h"
#include "jsontreemodel.h"
#include "listingparts.h"
#include "sinkstoragemodel.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsGroup = u"sinkstorage"_s;
constexpr int filterDelayMs = 400;

QLineEdit *filterField(const QString &placeholder, const QString &toolTip, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setPlaceholderText(placeholder);
    field->setToolTip(toolTip);
    field->setClearButtonEnabled(true);
    return field;
}

} // namespace

SinkStoragePane::SinkStoragePane(SinkStorageModel *model, QWidget *parent)
    : Pane(u"sinkstorage"_s, tr("Sink storage"), parent)
    , m_model(model)
    , m_treeModel(new JsonTreeModel(this))
{
    QGridLayout *bar = setUpFilterBar();
    connectFilter();
    m_count = new QLabel(this);
    m_count->setObjectName(u"countLabel"_s);

    setUpRows();
    QWidget *detail = setUpDetail();

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"sinkStorageSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_stack);
    m_splitter->addWidget(detail);
    shareSplitter(m_splitter, {3, 2});
    // The rows have the width until one is selected.
    foldDetailsUntilSelected(m_splitter, detail, m_view->selectionModel());

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_count);
    layout->addWidget(m_splitter, 1);

    openOnEnter(m_view, m_tree);

    connectModel();
    followWhileShown([this] { return QList<PagedTableModel *>{m_model}; },
                     [this] { return isLive(); });
    restoreSettings();
    updateState();
    updateDetails();
}

QGridLayout *SinkStoragePane::setUpFilterBar()
{
    m_sink = filterField(tr("all sinks"), tr("Only rows of the sink of this name"), this);
    m_sink->setObjectName(u"sinkField"_s);
    m_type = filterField(tr("any data type"), tr("Only rows of this data_type"), this);
    m_type->setObjectName(u"typeField"_s);
    m_path = filterField(tr("$.key = value"),
                         tr("Only rows whose data holds this value at this JSON path, such as "
                            "$.order_id = 42, $.customer.\"first name\" = \"Ann\" or "
                            "$.items[0].price >= 9.5 (= != < <= > >=)"),
                         this);
    m_path->setObjectName(u"pathField"_s);
    m_path->setMinimumWidth(fontMetrics().averageCharWidth() * 32);
    m_pathError = new QLabel(this);
    m_pathError->setObjectName(u"pathError"_s);
    m_pathError->setWordWrap(true);
    m_pathError->setStyleSheet(u"color: #c01c28"_s);
    m_pathError->hide();
    auto *sinkLabel = new QLabel(tr("&Sink:"), this);
    sinkLabel->setBuddy(m_sink);
    auto *typeLabel = new QLabel(tr("Data &type:"), this);
    typeLabel->setBuddy(m_type);
    auto *pathLabel = new QLabel(tr("&Where:"), this);
    pathLabel->setBuddy(m_path);
    m_live = new QCheckBox(tr("&Live"), this);
    m_live->setChecked(true);
    m_live->setToolTip(tr("Shows new rows as the sinks store them"));
    auto *refreshButton = new QPushButton(themedIcon(IconId::Refresh), tr("&Refresh"), this);
    refreshButton->setToolTip(tr("Reads sink storage again (F5)"));
    connect(refreshButton, &QPushButton::clicked, this, &SinkStoragePane::refresh);
    m_export = new QPushButton(tr("&Export…"), this);
    m_export->setObjectName(u"exportButton"_s);
    m_export->setToolTip(tr("Writes every row the filter matches to a CSV, JSON or JSON Lines "
                            "file (Ctrl+E)"));

    auto *bar = new QGridLayout;
    bar->addWidget(sinkLabel, 0, 0);
    bar->addWidget(m_sink, 0, 1);
    bar->addWidget(typeLabel, 0, 2);
    bar->addWidget(m_type, 0, 3);
    bar->addWidget(pathLabel, 0, 4);
    bar->addWidget(m_path, 0, 5);
    bar->addWidget(m_pathError, 1, 5);
    bar->setColumnStretch(5, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_live);
    buttons->addWidget(refreshButton);
    buttons->addWidget(m_export);
    bar->addLayout(buttons, 0, 6);
    return bar;
}

void SinkStoragePane::connectFilter()
{
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(filterDelayMs);
    connect(&m_filterTimer, &QTimer::timeout, this, &SinkStoragePane::applyFilter);
    for (QLineEdit *field : {m_sink, m_type, m_path}) {
        connect(field, &QLineEdit::textChanged, &m_filterTimer, qOverload<>(&QTimer::start));
        connect(field, &QLineEdit::returnPressed, this, &SinkStoragePane::applyFilter);
    }
    connect(m_live, &QCheckBox::toggled, this, &SinkStoragePane::updateFollow);
    connect(m_export, &QPushButton::clicked, this, [this] {
        applyFilter(); // what the bar says is what is written
        Q_EMIT exportRequested();
    });
}

void SinkStoragePane::setUpRows()
{
    m_view = makeListingTable(this, m_model, u"sinkStorageView"_s,
                              [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_view->horizontalHeader()->setStretchLastSection(false);
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    fitColumn(m_view, SinkStorageModel::CreatedColumn, u"0000-00-00 00:00:00"_s);
    m_view->setColumnWidth(SinkStorageModel::SinkColumn, charWidth * 16);
    m_view->setColumnWidth(SinkStorageModel::TypeColumn, charWidth * 14);
    m_view->setColumnWidth(SinkStorageModel::MetadataColumn, charWidth * 24);
    // What was stored takes the room the others leave; they fit what they hold.
    m_view->horizontalHeader()->setSectionResizeMode(SinkStorageModel::DataColumn,
                                                     QHeaderView::Stretch);
    widenColumnsToRows(m_view, {SinkStorageModel::SinkColumn, SinkStorageModel::TypeColumn,
                                SinkStorageModel::MetadataColumn});

    m_stack = new ListingStack(m_view, this);
}

QWidget *SinkStoragePane::setUpDetail()
{
    const JsonDetail detail = makeJsonDetail(this, m_treeModel, u"rowTree"_s);
    m_detailHeading = detail.heading;
    m_tree = detail.tree;
    return detail.widget;
}

void SinkStoragePane::connectModel()
{
    watchListing(
        m_model, m_view, this, [this] { updateState(); }, [this] { updateDetails(); });
}

SinkStoragePane::~SinkStoragePane()
{
    saveSettings();
}

QIcon SinkStoragePane::icon() const
{
    return themedIcon(IconId::SinkStorage);
}

std::shared_ptr<const ExportSource> SinkStoragePane::exportSource() const
{
    return m_model->exportSource();
}

QString SinkStoragePane::exportDescription() const
{
    return tr("the sink storage rows shown (%1)")
        .arg(PagedTableModel::countText(m_model->totalCount()));
}

void SinkStoragePane::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    settings.setValue(u"columns"_s, m_view->horizontalHeader()->saveState());
    settings.setValue(u"detailsShare"_s, m_splitter->property(openDetailsShare));
}

void SinkStoragePane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup);
    m_view->horizontalHeader()->restoreState(settings.value(u"columns"_s).toByteArray());
    if (const QVariant share = settings.value(u"detailsShare"_s); share.isValid())
        m_splitter->setProperty(openDetailsShare, share.toDouble());
}

// --- The filter ---------------------------------------------------------------------------

void SinkStoragePane::applyFilter()
{
    m_filterTimer.stop();
    SinkStorageFilter filter;
    filter.sink = m_sink->text().trimmed();
    filter.dataType = m_type->text().trimmed();
    const QString expression = m_path->text().trimmed();
    if (!expression.isEmpty()) {
        auto parsed = JsonPathFilter::parse(expression);
        if (!parsed) {
            // The storage layer's message is English, as its errors are; the frame is not.
            m_pathError->setText(tr("Not applied: %1").arg(parsed.errorMessage()));
            m_pathError->show();
            return;
        }
        filter.path = *parsed;
    }
    m_pathError->clear();
    m_pathError->hide();
    m_model->setFilter(filter);
    updateState();
}

QString SinkStoragePane::pathError() const
{
    return m_pathError->text();
}

void SinkStoragePane::refresh()
{
    applyFilter();
    m_model->refresh();
}

bool SinkStoragePane::isLive() const
{
    return m_live->isChecked();
}

void SinkStoragePane::setLive(bool live)
{
    m_live->setChecked(live);
}

// --- What the pane says -------------------------------------------------------------------

QString SinkStoragePane::countText() const
{
    return m_count->text();
}

QString SinkStoragePane::stateText() const
{
    return m_stack->stateText();
}

QString SinkStoragePane::detailHeading() const
{
    return m_detailHeading->text();
}

void SinkStoragePane::updateState()
{
    const SinkStorageFilter filter = m_model->filter();
    const bool filtered =
        !filter.sink.isEmpty() || !filter.dataType.isEmpty() || filter.path.has_value();
    const QString error = showListingState(
        m_stack, m_count, m_model,
        {tr("Reading sink storage…"), tr("Cannot read sink storage.\n%1\nPress F5 to try again."),
         filtered ? tr("No stored row matches the filter.") : tr("No sink has stored a row yet.")});
    if (!error.isEmpty())
        Q_EMIT statusMessage(error);
    if (!m_view->selectionModel()->currentIndex().isValid())
        updateDetails();
}

void SinkStoragePane::updateDetails()
{
    const QModelIndex current = readCurrentRow(
        m_view, m_detailHeading, m_treeModel, tr("Select a row to see its data and metadata here."),
        tr("Reading the row…"));
    if (!current.isValid())
        return;
    const auto row = current.data(SinkStorageModel::RowRole).value<SinkStorageRow>();
    QStringList heading{row.sinkName};
    if (!row.dataType.isEmpty())
        heading << row.dataType;
    heading << tr("stored %1").arg(row.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s))
            << tr("id %1").arg(row.id);
    m_detailHeading->setText(heading.join(u" · "_s));
    m_treeModel->setValue(SinkStorageModel::rowJson(row));
    m_tree->expandToDepth(1);
}

} // namespace porthole
