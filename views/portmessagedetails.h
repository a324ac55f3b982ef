#pragma once

#include "portmessagerepository.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace porthole {

class JsonTreeModel;

// One port message in full, beside the table it was selected in: where it went and when, its
// message_data as a JSON tree and as pretty-printed text, its metadata, and why it failed.
class PortMessageDetails : public QWidget
{
    Q_OBJECT

public:
    explicit PortMessageDetails(QWidget *parent = nullptr);

    // Shows the message; the same message again changes nothing (the tree stays as expanded).
    void setMessage(const PortMessage &message);
    void clear();
    std::optional<PortMessage> message() const { return m_message; }

    // For tests and for focus (Enter in the table comes here).
    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *dataTree() const { return m_tree; }
    JsonTreeModel *dataModel() const { return m_treeModel; }
    QString headingText() const;
    QString fieldText(const QString &name) const; // "port", "status", "created", ...
    QString dataText() const;
    QString metadataText() const;
    QString errorText() const;

private:
    std::optional<PortMessage> m_message;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_heading = nullptr;
    QList<std::pair<QString, QLabel *>> m_fields;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_tree = nullptr;
    JsonTreeModel *m_treeModel = nullptr;
    QPlainTextEdit *m_dataText = nullptr;
    QPlainTextEdit *m_metadataText = nullptr;
    QPlainTextEdit *m_errorText = nullptr;
};

} // namespace porthole
