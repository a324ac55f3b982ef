#include "sinkstoragepane.h"

#include "icons.h"
#include "listingparts.h"
#include "sinkstoragemodel.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

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
    : ListingPane(u"sinkstorage"_s, paneTitle(), model,
                  {u"sinkstorage"_s, u"sinkStorageView"_s, u"rowTree"_s, u"sinkStorageSplitter"_s},
                  filterDelayMs, parent)
    , m_model(model)
{
    QGridLayout *bar = setUpFilterBar();
    connectFilter();
    sizeColumns();
    layOut(bar, true);
    followWhileShown([this] { return QList<PagedTableModel *>{m_model}; },
                     [this] { return isLive(); });
    // The journey that ended in the row: the hops its metadata's keys lead to.
    addJourneyAction(view(), this, [this] {
        const QModelIndex current = view()->currentIndex();
        return current.isValid()
                   ? current.data(SinkStorageModel::RowRole).value<SinkStorageRow>().id
                   : QString();
    });
}

QGridLayout *SinkStoragePane::setUpFilterBar()
{
    m_id = filterField(tr("any row"), tr("Only the row of this id"), this);
    m_id->setObjectName(u"idField"_s);
    m_id->setMinimumWidth(fontMetrics().averageCharWidth() * 30); // a UUID, read whole
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
    auto *idLabel = new QLabel(tr("&Id:"), this);
    idLabel->setBuddy(m_id);
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
    exportButton()->setToolTip(tr("Writes every row the filter matches to a CSV, JSON or JSON "
                                  "Lines file (Ctrl+E)"));

    auto *bar = new QGridLayout;
    int column = 0;
    for (const auto &[label, field] : {std::pair<QLabel *, QLineEdit *>(idLabel, m_id),
                                       {sinkLabel, m_sink},
                                       {typeLabel, m_type},
                                       {pathLabel, m_path}}) {
        bar->addWidget(label, 0, column++);
        bar->addWidget(field, 0, column++);
    }
    bar->addWidget(m_pathError, 1, column - 1);
    bar->setColumnStretch(column - 1, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_live);
    buttons->addWidget(refreshButton);
    buttons->addWidget(exportButton());
    bar->addLayout(buttons, 0, column);
    return bar;
}

void SinkStoragePane::connectFilter()
{
    for (QLineEdit *field : {m_id, m_sink, m_type, m_path}) {
        connect(field, &QLineEdit::textChanged, filterTimer(), qOverload<>(&QTimer::start));
        connect(field, &QLineEdit::returnPressed, this, &SinkStoragePane::applyFilter);
    }
    connect(m_live, &QCheckBox::toggled, this, &SinkStoragePane::updateFollow);
}

void SinkStoragePane::sizeColumns()
{
    QTableView *table = view();
    table->horizontalHeader()->setStretchLastSection(false);
    const int charWidth = table->fontMetrics().averageCharWidth();
    fitColumn(table, SinkStorageModel::CreatedColumn, u"0000-00-00 00:00:00"_s);
    table->setColumnWidth(SinkStorageModel::SinkColumn, charWidth * 16);
    table->setColumnWidth(SinkStorageModel::TypeColumn, charWidth * 14);
    // What was stored and its metadata (ids that tie it to a journey: long, and read whole in
    // the detail below) share the room the others leave; they fit what they hold.
    for (const int column : {SinkStorageModel::DataColumn, SinkStorageModel::MetadataColumn})
        table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
    widenColumnsToRows(table, {SinkStorageModel::SinkColumn, SinkStorageModel::TypeColumn});
}

QIcon SinkStoragePane::paneIcon()
{
    return themedIcon(IconId::SinkStorage);
}

void SinkStoragePane::focusOn(const PaneFocus &focus)
{
    if (focus.search.isEmpty())
        return;
    for (QLineEdit *field : {m_sink, m_type, m_path})
        field->clear();
    m_id->setText(focus.search);
    applyFilter();
    selectWhenRead([id = focus.search](const QModelIndex &index) {
        return index.data(SinkStorageModel::RowRole).value<SinkStorageRow>().id == id;
    });
}

QString SinkStoragePane::exportDescription() const
{
    return tr("the sink storage rows shown (%1)")
        .arg(PagedTableModel::countText(m_model->totalCount()));
}

// --- The filter ---------------------------------------------------------------------------

void SinkStoragePane::applyFilter()
{
    filterTimer()->stop();
    SinkStorageFilter filter;
    filter.id = m_id->text().trimmed();
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

bool SinkStoragePane::isLive() const
{
    return m_live->isChecked();
}

void SinkStoragePane::setLive(bool live)
{
    m_live->setChecked(live);
}

// --- What the pane says -------------------------------------------------------------------

void SinkStoragePane::updateState()
{
    const SinkStorageFilter filter = m_model->filter();
    const bool filtered = !filter.id.isEmpty() || !filter.sink.isEmpty() ||
                          !filter.dataType.isEmpty() || filter.path.has_value();
    showState(
        {tr("Reading sink storage…"), tr("Cannot read sink storage.\n%1\nPress F5 to try again."),
         filtered ? tr("No stored row matches the filter.") : tr("No sink has stored a row yet.")});
}

void SinkStoragePane::updateDetails()
{
    const QModelIndex current =
        currentRow(tr("Select a row to see its data and metadata here."), tr("Reading the row…"));
    if (!current.isValid())
        return;
    const auto row = current.data(SinkStorageModel::RowRole).value<SinkStorageRow>();
    QStringList heading{row.sinkName};
    if (!row.dataType.isEmpty())
        heading << row.dataType;
    heading << tr("stored %1").arg(row.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s))
            << tr("id %1").arg(row.id);
    showDetail(heading, SinkStorageModel::rowJson(row), 1);
}

} // namespace porthole
