#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace tcplab {

class Session;

// The session as a table for the window's event log: time, side, what happened.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, SideColumn, EventColumn, ColumnCount };

    explicit EventLogModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The words changed language: headers and texts are asked for again.
    void retranslate();

private:
    QPointer<Session> m_session;
    int m_rows = 0;
};

} // namespace tcplab
