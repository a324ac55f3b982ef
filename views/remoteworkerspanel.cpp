#include "remoteworkerspanel.h"

#include "remoteworkermodel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

const QString settingsArray = u"overview/remoteWorkers"_s;

} // namespace

// --- The dialog ---------------------------------------------------------------------------

RemoteWorkerDialog::RemoteWorkerDialog(QWidget *parent)
    : QDialog(parent)
    , m_urlField(new QLineEdit(this))
    , m_nameField(new QLineEdit(this))
    , m_tokenField(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Worker"));
    m_urlField->setPlaceholderText(u"http://10.0.0.5:9464"_s);
    m_urlField->setObjectName(u"workerUrl"_s);
    m_nameField->setPlaceholderText(tr("optional, e.g. ingest-2"));
    m_nameField->setObjectName(u"workerName"_s);
    m_tokenField->setEchoMode(QLineEdit::Password);
    m_tokenField->setPlaceholderText(tr("only if the worker has one"));
    m_tokenField->setObjectName(u"workerToken"_s);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(u"workerProblem"_s);

    auto *note = new QLabel(tr("The address `porthole ingest --listen` prints on start. The "
                               "token is sent with every request to this worker and kept until "
                               "Porthole closes, not on disk."),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Address:"), m_urlField);
    form->addRow(tr("&Name:"), m_nameField);
    form->addRow(tr("&Token:"), m_tokenField);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_urlField, &QLineEdit::textChanged, this, &RemoteWorkerDialog::check);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    check();
    resize(460, sizeHint().height());
}

void RemoteWorkerDialog::setFixedWorker(const QUrl &url, const QString &name)
{
    setWindowTitle(tr("Set Token"));
    m_urlField->setText(url.toString());
    m_urlField->setReadOnly(true);
    m_nameField->setText(name);
    m_nameField->setReadOnly(true);
    m_tokenField->setFocus();
}

QString RemoteWorkerDialog::name() const
{
    return m_nameField->text().trimmed();
}

QString RemoteWorkerDialog::token() const
{
    return m_tokenField->text().trimmed();
}

QPushButton *RemoteWorkerDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString RemoteWorkerDialog::problemText() const
{
    return m_problem->text();
}

void RemoteWorkerDialog::check()
{
    QString problem;
    m_url = m_urlField->text().trimmed().isEmpty()
                ? QUrl()
                : RemoteWorkerModel::workerUrl(m_urlField->text(), &problem);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    okButton()->setEnabled(m_url.isValid());
}

// --- The panel ----------------------------------------------------------------------------

RemoteWorkersPanel::RemoteWorkersPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new RemoteWorkerModel(this))
    , m_view(new QTableView(this))
    , m_note(new QLabel(this))
    , m_add(new QPushButton(tr("&Add worker…"), this))
    , m_token(new QPushButton(tr("Set &token…"), this))
    , m_remove(new QPushButton(tr("Remo&ve"), this))
{
    setObjectName(u"remoteWorkers"_s);
    m_view->setObjectName(u"remoteWorkersView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(RemoteWorkerModel::StateColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(RemoteWorkerModel::RateColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(RemoteWorkerModel::PendingColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->setColumnWidth(RemoteWorkerModel::WorkerColumn, 240);
    m_note->setWordWrap(true);
    m_note->setObjectName(u"remoteWorkersNote"_s);
    m_add->setToolTip(tr("Follow a worker on another machine by the address its "
                         "`porthole ingest --listen` prints"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_note, 1);
    bar->addWidget(m_add);
    bar->addWidget(m_token);
    bar->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_add, &QPushButton::clicked, this, &RemoteWorkersPanel::addWorker);
    connect(m_token, &QPushButton::clicked, this, &RemoteWorkersPanel::setToken);
    connect(m_remove, &QPushButton::clicked, this, &RemoteWorkersPanel::removeWorker);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RemoteWorkersPanel::update);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RemoteWorkersPanel::update);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RemoteWorkersPanel::update);
    load();
    update();
}

QString RemoteWorkersPanel::noteText() const
{
    return m_note->text();
}

int RemoteWorkersPanel::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.constFirst().row();
}

void RemoteWorkersPanel::update()
{
    const int workers = m_model->rowCount();
    m_view->setVisible(workers > 0);
    // As tall as its rows (up to eight; more scroll): the Overview's other tables take the rest.
    m_view->setMaximumHeight(m_view->horizontalHeader()->sizeHint().height() +
                             std::min(std::max(workers, 1), 8) *
                                 m_view->verticalHeader()->defaultSectionSize() +
                             2 * m_view->frameWidth() + 2);
    m_note->setText(workers == 0 ? tr("No worker on another machine is followed. Start one with "
                                      "`porthole ingest --listen HOST:PORT` and add it here.")
                                 : tr("Workers on other machines, asked for their health every "
                                      "%1 s.")
                                       .arg(m_model->pollInterval() / 1000));
    const bool selected = selectedRow() >= 0;
    m_token->setEnabled(selected);
    m_remove->setEnabled(selected);
}

void RemoteWorkersPanel::addWorker()
{
    auto *dialog = new RemoteWorkerDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_model->rowOf(dialog->url()) >= 0) {
            m_view->selectRow(m_model->rowOf(dialog->url()));
            m_model->setToken(m_model->rowOf(dialog->url()), dialog->token());
        } else {
            m_model->addWorker({dialog->url(), dialog->name(), !dialog->token().isEmpty()},
                               dialog->token());
            m_view->selectRow(m_model->rowCount() - 1);
        }
        save();
    });
    dialog->open();
}

void RemoteWorkersPanel::setToken()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const RemoteWorkerModel::Entry entry = m_model->entries().at(row);
    auto *dialog = new RemoteWorkerDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFixedWorker(entry.url, entry.name);
    const QUrl url = entry.url;
    connect(dialog, &QDialog::accepted, this, [this, dialog, url] {
        const int at = m_model->rowOf(url);
        if (at < 0)
            return; // removed meanwhile
        m_model->setToken(at, dialog->token());
        save();
    });
    dialog->open();
}

void RemoteWorkersPanel::removeWorker()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    m_model->removeWorker(row);
    save();
}

void RemoteWorkersPanel::load()
{
    QSettings settings;
    const int size = settings.beginReadArray(settingsArray);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        QString problem;
        const QUrl url =
            RemoteWorkerModel::workerUrl(settings.value(u"url"_s).toString(), &problem);
        if (url.isValid())
            m_model->addWorker({url, settings.value(u"name"_s).toString(),
                                settings.value(u"needsToken"_s).toBool()});
    }
    settings.endArray();
}

void RemoteWorkersPanel::save() const
{
    QSettings settings;
    settings.remove(settingsArray);
    const QList<RemoteWorkerModel::Entry> entries = m_model->entries();
    settings.beginWriteArray(settingsArray, int(entries.size()));
    for (qsizetype i = 0; i < entries.size(); ++i) {
        settings.setArrayIndex(int(i));
        settings.setValue(u"url"_s, entries.at(i).url.toString());
        settings.setValue(u"name"_s, entries.at(i).name);
        settings.setValue(u"needsToken"_s, entries.at(i).needsToken);
    }
    settings.endArray();
}

} // namespace porthole
