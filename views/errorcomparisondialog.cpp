#include "errorcomparisondialog.h"

#include "errorcomparisonmodel.h"
#include "pane.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qint64 hour = 3600;
constexpr qint64 day = 24 * hour;
constexpr qint64 sameLength = 0; // the offsets' entry "just before": the range's own length
constexpr qint64 chosen = -1;

} // namespace

ErrorComparisonDialog::ErrorComparisonDialog(ErrorComparisonModel *model, QWidget *parent)
    : QDialog(parent)
    , m_model(model)
{
    setWindowTitle(tr("Compare dead letters"));
    m_lengths = new QComboBox(this);
    m_lengths->addItem(tr("The last hour"), hour);
    m_lengths->addItem(tr("The last 6 hours"), 6 * hour);
    m_lengths->addItem(tr("The last day"), day);
    m_lengths->addItem(tr("The last week"), 7 * day);
    m_lengths->setCurrentIndex(2);
    m_offsets = new QComboBox(this);
    m_offsets->addItem(tr("The same length just before"), sameLength);
    m_offsets->addItem(tr("The same range a day before"), day);
    m_offsets->addItem(tr("The same range a week before"), 7 * day);
    m_offsets->addItem(tr("Chosen…"), chosen);
    m_offsets->setCurrentIndex(1);
    m_state = new QLabel(this);
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_model);
    m_view = new QTableView(this);
    m_view->setObjectName(u"comparisonView"_s);
    m_view->setModel(sorted);
    setUpListingTable(m_view);
    m_view->horizontalHeader()->setStretchLastSection(false); // the signature takes the room
    // The model's order (what changed most first) until a header is clicked.
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->horizontalHeader()->setSectionResizeMode(ErrorComparisonModel::SignatureColumn,
                                                     QHeaderView::Stretch);

    auto *form = new QFormLayout;
    form->addRow(tr("Dead letters of"), m_lengths);
    form->addRow(tr("Compared with"), m_offsets);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *again = buttons->addButton(tr("Compare &again"), QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_state);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(820, 460);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(again, &QPushButton::clicked, this, &ErrorComparisonDialog::compare);
    connect(m_lengths, &QComboBox::activated, this, &ErrorComparisonDialog::compare);
    connect(m_offsets, &QComboBox::activated, this, [this] {
        if (m_offsets->currentData().toLongLong() == chosen)
            chooseOffset();
        compare();
    });
    connect(m_model, &ErrorComparisonModel::compared, this, &ErrorComparisonDialog::onCompared);
    connect(m_model, &ErrorComparisonModel::failed, this, [this](const QString &message) {
        m_state->setText(tr("Cannot compare the dead letters: %1").arg(message));
    });
    compare();
}

void ErrorComparisonDialog::chooseOffset()
{
    bool ok = false;
    const int hours = QInputDialog::getInt(
        this, tr("Compare with"), tr("Compare with the same range this many hours before:"),
        m_chosenSeconds > 0 ? int(m_chosenSeconds / hour) : 48, 1, 24 * 366, 1, &ok);
    if (ok)
        m_chosenSeconds = qint64(hours) * hour;
    else if (m_chosenSeconds == 0)
        m_offsets->setCurrentIndex(1);
}

void ErrorComparisonDialog::compare()
{
    const qint64 length = m_lengths->currentData().toLongLong();
    qint64 offset = m_offsets->currentData().toLongLong();
    if (offset == sameLength)
        offset = length;
    else if (offset == chosen)
        offset = m_chosenSeconds > 0 ? m_chosenSeconds : day;
    const QDateTime to = m_clock();
    m_state->setText(tr("Comparing…"));
    m_model->compare({.from = to.addSecs(-length), .to = to, .offsetSeconds = offset});
}

void ErrorComparisonDialog::onCompared()
{
    const DeadLetterComparison &c = m_model->comparison();
    const QLocale locale;
    const auto range = [&locale](const QDateTime &from, const QDateTime &to) {
        return tr("%1 to %2")
            .arg(locale.toString(from.toLocalTime(), QLocale::ShortFormat),
                 locale.toString(to.toLocalTime(), QLocale::ShortFormat));
    };
    //: "12 dead letters from … to … against 3 from … to …"
    QString text = tr("%Ln dead letters from %1 against %L2 from %3.", nullptr, c.count)
                       .arg(range(c.request.from, c.request.to))
                       .arg(c.earlierCount)
                       .arg(range(c.request.earlierFrom(), c.request.earlierTo()));
    if (!c.complete)
        text += u' ' + tr("Only the newest %L1 of each range were grouped.").arg(c.request.limit);
    m_state->setText(text);
}

void ErrorComparisonDialog::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
    compare();
}

QString ErrorComparisonDialog::stateText() const
{
    return m_state->text();
}

} // namespace porthole
