#pragma once

#include "preferences.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLineEdit;
class QSpinBox;

namespace porthole {

// File > Settings: Porthole's preferences, in five groups (where data is, how often the
// Overview looks, how the receiver groups its writes, which keys tie a message's journey, how
// the window looks). OK keeps them;
// Restore Defaults fills in the defaults, to keep or not.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // `profiles`: the names of the connection profiles, for the default profile.
    SettingsDialog(const Preferences &preferences, const QStringList &profiles,
                   QWidget *parent = nullptr);

    Preferences preferences() const;
    void setPreferences(const Preferences &preferences);

    QLineEdit *dataDirectoryField() const { return m_dataDirectory; }
    QComboBox *profileBox() const { return m_profile; }
    QSpinBox *refreshBox() const { return m_refresh; }
    QSpinBox *staleBox() const { return m_stale; }
    QSpinBox *groupMessagesBox() const { return m_groupMessages; }
    QSpinBox *groupWaitBox() const { return m_groupWait; }
    QComboBox *themeBox() const { return m_theme; }
    QSpinBox *fontBox() const { return m_font; }
    QLineEdit *journeyKeysField() const { return m_journeyKeys; }
    QLineEdit *journeyCauseKeysField() const { return m_journeyCauseKeys; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    QGroupBox *makeDataGroup(const QStringList &profiles);
    QGroupBox *makeJourneyGroup();
    void browseDataDirectory();

    QLineEdit *m_dataDirectory = nullptr;
    QComboBox *m_profile = nullptr;
    QLineEdit *m_operator = nullptr;
    QSpinBox *m_refresh = nullptr;
    QSpinBox *m_stale = nullptr;
    QSpinBox *m_backlogSample = nullptr;
    QSpinBox *m_groupMessages = nullptr;
    QSpinBox *m_groupWait = nullptr;
    QComboBox *m_theme = nullptr;
    QSpinBox *m_font = nullptr;
    QLineEdit *m_journeyKeys = nullptr;
    QLineEdit *m_journeyCauseKeys = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace porthole
