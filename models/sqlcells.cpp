#include "sqlcells.h"

#include <QCoreApplication>
#include <QString>

using namespace Qt::StringLiterals;

namespace porthole {

namespace {

constexpr qsizetype maxCellLength = 300;

QString shortened(const QString &text)
{
    QString line = text;
    line.replace(u'\n', u' ');
    return line.size() > maxCellLength ? line.left(maxCellLength) + u'…' : line;
}

} // namespace

QVariant sqlCellData(const QVariant &value, int role, int isNullRole)
{
    const bool bytes = value.metaType() == QMetaType::fromType<QByteArray>();
    if (role == isNullRole)
        return value.isNull();
    switch (role) {
    case Qt::DisplayRole:
        if (value.isNull())
            return QString();
        if (bytes)
            return QCoreApplication::translate("porthole::SqlCells", "(%1 bytes)")
                .arg(value.toByteArray().size());
        return shortened(value.toString());
    case Qt::ToolTipRole:
        if (value.isNull())
            return u"NULL"_s;
        if (bytes)
            return QVariant();
        return value.toString().size() > maxCellLength ? QVariant(value.toString()) : QVariant();
    default:
        return {};
    }
}

} // namespace porthole
