#include "settingsdialog.h"

#include "auditlog.h"
#include "datadirectory.h"
#include "journey.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {
QSpinBox *spinBox(const QString &objectName, int min, int max, const QString &suffix)
{
    auto *box = new QSpinBox;
    box->setObjectName(objectName);
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setAccelerated(true);
    return box;
}

QLabel *note(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}
} // namespace

SettingsDialog::SettingsDialog(const Preferences &preferences, const QStringList &profiles,
                               QWidget *parent)
    : QDialog(parent)
    , m_dataDirectory(new QLineEdit)
    , m_profile(new QComboBox)
    , m_operator(new QLineEdit)
    , m_refresh(spinBox(u"overviewRefresh"_s, Preferences::minRefreshSeconds,
                        Preferences::maxRefreshSeconds, tr(" s")))
    , m_stale(spinBox(u"staleAfter"_s, Preferences::minStaleSeconds, Preferences::maxStaleSeconds,
                      tr(" s")))
    , m_backlogSample(spinBox(u"backlogSample"_s, 0, Preferences::maxSampleSeconds, tr(" s")))
    , m_groupMessages(spinBox(u"groupMessages"_s, Preferences::minGroupMessages,
                              Preferences::maxGroupMessages, tr(" messages")))
    , m_groupWait(spinBox(u"groupWait"_s, Preferences::minGroupWaitMs, Preferences::maxGroupWaitMs,
                          tr(" ms")))
    , m_theme(new QComboBox)
    , m_font(spinBox(u"tableFont"_s, Preferences::minFontPoints - 1, Preferences::maxFontPoints,
                     tr(" pt")))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                     QDialogButtonBox::RestoreDefaults))
{
    setObjectName(u"SettingsDialog"_s);
    setWindowTitle(tr("Settings"));

    QGroupBox *data = makeDataGroup(profiles);
    auto *dataForm = static_cast<QFormLayout *>(data->layout());

    auto *overview = new QGroupBox(tr("Overview"));
    auto *overviewForm = new QFormLayout(overview);
    overviewForm->addRow(tr("&Refresh every:"), m_refresh);
    overviewForm->addRow(tr("Heartbeat &stale after:"), m_stale);
    m_backlogSample->setSpecialValueText(tr("never"));
    overviewForm->addRow(tr("Sample bac&klogs every:"), m_backlogSample);

    auto *receiver = new QGroupBox(tr("Receiver"));
    auto *receiverForm = new QFormLayout(receiver);
    receiverForm->addRow(tr("&Group at most:"), m_groupMessages);
    receiverForm->addRow(tr("&Wait for a group at most:"), m_groupWait);
    receiverForm->addRow(note(tr("Each group is stored in one transaction and acknowledged "
                                 "after it; larger groups store faster, smaller ones show "
                                 "sooner. Used when the receiver starts next.")));

    QGroupBox *journey = makeJourneyGroup();
    auto *journeyForm = static_cast<QFormLayout *>(journey->layout());

    m_theme->setObjectName(u"theme"_s);
    m_theme->addItem(tr("As the desktop"), int(Preferences::Theme::System));
    m_theme->addItem(tr("Light"), int(Preferences::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Preferences::Theme::Dark));
    m_font->setSpecialValueText(tr("As the desktop"));
    auto *appearance = new QGroupBox(tr("Appearance"));
    auto *appearanceForm = new QFormLayout(appearance);
    appearanceForm->addRow(tr("&Theme:"), m_theme);
    appearanceForm->addRow(tr("Table &font size:"), m_font);

    // One column of labels down the four groups, and so one column of fields, however long the
    // labels of each group are.
    QList<QWidget *> labels;
    for (QFormLayout *form : {dataForm, overviewForm, receiverForm, journeyForm, appearanceForm}) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole);
                item && item->widget())
                labels << item->widget();
        }
    }
    int labelWidth = 0;
    for (const QWidget *label : std::as_const(labels))
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    for (QWidget *label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setPreferences(Preferences()); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(data);
    layout->addWidget(overview);
    layout->addWidget(receiver);
    layout->addWidget(journey);
    layout->addWidget(appearance);
    layout->addStretch();
    layout->addWidget(m_buttons);
    setPreferences(preferences);
    resize(560, sizeHint().height());
}

Preferences SettingsDialog::preferences() const
{
    Preferences preferences;
    preferences.dataDirectory = m_dataDirectory->text().trimmed();
    preferences.defaultProfile = m_profile->currentData().toString();
    preferences.operatorName = m_operator->text().trimmed();
    preferences.overviewRefreshSeconds = m_refresh->value();
    preferences.staleAfterSeconds = m_stale->value();
    preferences.backlogSampleSeconds = m_backlogSample->value();
    preferences.groupMessages = m_groupMessages->value();
    preferences.groupWaitMs = m_groupWait->value();
    preferences.journeyKeys = m_journeyKeys->text().trimmed();
    preferences.journeyCauseKeys = m_journeyCauseKeys->text().trimmed();
    preferences.theme = static_cast<Preferences::Theme>(m_theme->currentData().toInt());
    preferences.tableFontPoints =
        m_font->value() < Preferences::minFontPoints ? 0 : m_font->value();
    return preferences;
}

void SettingsDialog::setPreferences(const Preferences &preferences)
{
    m_dataDirectory->setText(QDir::toNativeSeparators(preferences.dataDirectory));
    int profile = m_profile->findData(preferences.defaultProfile);
    if (profile < 0) { // a profile deleted since: kept, and named as such
        m_profile->addItem(tr("%1 (no longer there)").arg(preferences.defaultProfile),
                           preferences.defaultProfile);
        profile = m_profile->count() - 1;
    }
    m_profile->setCurrentIndex(profile);
    m_operator->setText(preferences.operatorName);
    m_refresh->setValue(preferences.overviewRefreshSeconds);
    m_stale->setValue(preferences.staleAfterSeconds);
    m_backlogSample->setValue(preferences.backlogSampleSeconds);
    m_groupMessages->setValue(preferences.groupMessages);
    m_groupWait->setValue(preferences.groupWaitMs);
    m_journeyKeys->setText(preferences.journeyKeys);
    m_journeyCauseKeys->setText(preferences.journeyCauseKeys);
    m_theme->setCurrentIndex(m_theme->findData(int(preferences.theme)));
    m_font->setValue(preferences.tableFontPoints == 0 ? m_font->minimum()
                                                      : preferences.tableFontPoints);
}

// Where the data is, what opens at start, and who the operator is.
QGroupBox *SettingsDialog::makeDataGroup(const QStringList &profiles)
{
    m_dataDirectory->setObjectName(u"dataDirectory"_s);
    m_dataDirectory->setPlaceholderText(QDir::toNativeSeparators(DataDirectory::defaultRoot()));
    m_dataDirectory->setClearButtonEnabled(true);
    auto *browse = new QPushButton(tr("&Browse…"));
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::browseDataDirectory);
    auto *directoryRow = new QHBoxLayout;
    directoryRow->addWidget(m_dataDirectory, 1);
    directoryRow->addWidget(browse);
    m_profile->setObjectName(u"defaultProfile"_s);
    m_profile->addItem(tr("Porthole's own store"), QString());
    for (const QString &name : profiles)
        m_profile->addItem(name, name);

    auto *data = new QGroupBox(tr("Data"));
    auto *dataForm = new QFormLayout(data);
    dataForm->addRow(tr("&Data directory:"), directoryRow);
    static_cast<QLabel *>(dataForm->labelForField(directoryRow))->setBuddy(m_dataDirectory);
    dataForm->addRow(tr("&Open at start:"), m_profile);
    dataForm->addRow(note(tr("Both are used when Porthole starts without a connection on its "
                             "command line, from its next start on.")));
    m_operator->setObjectName(u"operatorName"_s);
    m_operator->setPlaceholderText(AuditLog::defaultOperator());
    m_operator->setClearButtonEnabled(true);
    dataForm->addRow(tr("Op&erator name:"), m_operator);
    dataForm->addRow(note(tr("Recorded in the audit log with everything you change, beside the "
                             "account Porthole runs as.")));
    return data;
}

// Which keys of a port message's metadata tie a message's journey together.
QGroupBox *SettingsDialog::makeJourneyGroup()
{
    // Keys are letters, digits and underscores, comma-separated: nothing else can be typed.
    const QRegularExpression keys(u"[A-Za-z0-9_]*(\\s*,\\s*[A-Za-z0-9_]*)*\\s*"_s);
    m_journeyKeys = new QLineEdit;
    m_journeyKeys->setObjectName(u"journeyKeys"_s);
    m_journeyCauseKeys = new QLineEdit;
    m_journeyCauseKeys->setObjectName(u"journeyCauseKeys"_s);
    const CorrelationKeys defaults;
    m_journeyKeys->setPlaceholderText(defaults.shared.join(u", "_s));
    m_journeyCauseKeys->setPlaceholderText(defaults.cause.join(u", "_s));
    for (QLineEdit *field : {m_journeyKeys, m_journeyCauseKeys}) {
        field->setValidator(new QRegularExpressionValidator(keys, field));
        field->setClearButtonEnabled(true);
    }
    auto *journey = new QGroupBox(tr("Journey"));
    auto *form = new QFormLayout(journey);
    form->addRow(tr("Keys its &hops share:"), m_journeyKeys);
    form->addRow(tr("Keys that name its ca&use:"), m_journeyCauseKeys);
    form->addRow(note(tr("Keys of a port message's metadata, comma-separated: what ties a "
                         "message's hops together in the Journey pane and `porthole trace`. "
                         "Used when data is opened next.")));
    return journey;
}

void SettingsDialog::browseDataDirectory()
{
    const QString start =
        m_dataDirectory->text().isEmpty() ? DataDirectory::defaultRoot() : m_dataDirectory->text();
    const QString chosen =
        QFileDialog::getExistingDirectory(this, tr("Porthole's Data Directory"), start);
    if (!chosen.isEmpty())
        m_dataDirectory->setText(QDir::toNativeSeparators(chosen));
}

} // namespace porthole
