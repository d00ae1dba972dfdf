#include "eventlogmodel.h"

#include "session/eventtext.h"
#include "session/session.h"
#include "statestyle.h"

#include <QBrush>
#include <QFont>

namespace tcplab {

EventLogModel::EventLogModel(Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_rows(session->size())
{
    connect(session, &Session::aboutToInsert, this,
            [this](int index) { beginInsertRows({}, index, index); });
    connect(session, &Session::eventInserted, this, [this] {
        ++m_rows;
        endInsertRows();
    });
    connect(session, &Session::aboutToRemove, this,
            [this](int index) { beginRemoveRows({}, index, index); });
    connect(session, &Session::eventRemoved, this, [this] {
        --m_rows;
        endRemoveRows();
    });
    connect(session, &Session::eventsChanged, this, [this] {
        if (m_rows > 0)
            Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
    });
    connect(session, &Session::reset, this, [this] {
        beginResetModel();
        m_rows = m_session->size();
        endResetModel();
    });
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!m_session
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Event &e = m_session->at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QString::number(double(e.tUs) / 1000.0, 'f', 3);
        case SideColumn:
            return EventText::sideLabel(e, m_session->connections().size() > 1);
        case EventColumn:
            return EventText::describe(e);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (index.column() == EventColumn && e.failed())
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        if (index.column() == SideColumn)
            return QBrush(e.side == Side::Client ? QColor(0x15, 0x65, 0xc0)
                                                 : QColor(0x6a, 0x1b, 0x9a));
        break;
    case Qt::BackgroundRole:
        if (e.kind == Event::Kind::State && index.column() == EventColumn) {
            QColor c = StateStyle::forState(e.state).background;
            c.setAlpha(50);
            return QBrush(c);
        }
        break;
    case Qt::FontRole:
        if (e.kind == Event::Kind::State && index.column() == EventColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ToolTipRole:
        if (e.isReading())
            return tr("Read from the kernel (%1) between %2 and %3 ms.")
                .arg(EventText::readingVia(e))
                .arg(double(e.readFromUs) / 1000.0, 0, 'f', 3)
                .arg(double(e.tUs) / 1000.0, 0, 'f', 3);
        if (e.kind == Event::Kind::State) {
            const int cause = m_session->indexOfId(e.cause);
            return EventText::stateOrigin(e, cause >= 0 ? &m_session->at(cause) : nullptr);
        }
        return EventText::line(e, m_session->connections().size() > 1);
    }
    return {};
}

void EventLogModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (m_rows > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time (ms)");
    case SideColumn:
        return tr("Side");
    case EventColumn:
        return tr("Call or state");
    }
    return {};
}

} // namespace tcplab
