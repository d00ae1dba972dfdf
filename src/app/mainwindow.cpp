#include "mainwindow.h"

#include "clientpane.h"
#include "eventlogmodel.h"
#include "serverpane.h"
#include "session/session.h"
#include "ui_mainwindow.h"

#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollBar>

namespace tcplab {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_session(new Session(this))
    , m_logModel(new EventLogModel(m_session, this))
{
    m_ui->setupUi(this);
    m_ui->clientPane->setSession(m_session);
    m_ui->serverPane->setSession(m_session);
    m_ui->clientPane->setServerPort(45001);

    m_ui->logView->setModel(m_logModel);
    m_ui->logView->verticalHeader()->hide();
    m_ui->logView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->logView->horizontalHeader()->setSectionResizeMode(EventLogModel::TimeColumn,
                                                            QHeaderView::ResizeToContents);
    m_ui->logView->horizontalHeader()->setStretchLastSection(true);
    connect(m_logModel, &QAbstractItemModel::rowsInserted, m_ui->logView,
            &QTableView::scrollToBottom);

    // The panes scroll vertically on small screens but never sideways: each column is as
    // wide as its pane needs, and the log in the middle takes the rest.
    for (QScrollArea *scroll : {m_ui->clientScroll, m_ui->serverScroll}) {
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setMinimumWidth(scroll->widget()->minimumSizeHint().width()
                                + scroll->verticalScrollBar()->sizeHint().width());
    }
    const QFontMetrics metrics(m_ui->logView->font());
    m_ui->logView->horizontalHeader()->setSectionResizeMode(EventLogModel::SideColumn,
                                                            QHeaderView::Fixed);
    m_ui->logView->setColumnWidth(EventLogModel::SideColumn,
                                  metrics.horizontalAdvance(tr("server #%1").arg(99)) + 24);

    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setStretchFactor(2, 0);
    m_ui->splitter->setSizes(
        {m_ui->clientScroll->minimumWidth(), width(), m_ui->serverScroll->minimumWidth()});

    connect(m_ui->serverPane, &ServerPane::listening, m_ui->clientPane, &ClientPane::setServerPort);
    connect(m_ui->clientPane, &ClientPane::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 8000); });
    connect(m_ui->serverPane, &ServerPane::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 8000); });

    m_ui->newSessionAction->setShortcut(QKeySequence::New);
    m_ui->saveSessionAction->setShortcut(QKeySequence::Save);
    m_ui->quitAction->setShortcut(QKeySequence::Quit);
    connect(m_ui->newSessionAction, &QAction::triggered, this, &MainWindow::newSession);
    connect(m_ui->saveSessionAction, &QAction::triggered, this, &MainWindow::saveSession);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::about);

    statusBar()->showMessage(tr("Seed experiment ready: press listen() on the server, then "
                                "connect() and write() on the client."));
}

MainWindow::~MainWindow() = default;

ClientPane *MainWindow::clientPane() const
{
    return m_ui->clientPane;
}

ServerPane *MainWindow::serverPane() const
{
    return m_ui->serverPane;
}

void MainWindow::newSession()
{
    m_ui->clientPane->reset();
    m_ui->serverPane->reset();
    m_session->clear();
    statusBar()->showMessage(tr("New session: every socket was closed."), 5000);
}

void MainWindow::saveSession()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save session"), QStringLiteral("session.json"),
                                       tr("TCP Lab sessions (*.json *.tcplab)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_session->toJsonBytes()) < 0
        || !file.commit()) {
        QMessageBox::warning(this, tr("Save session"),
                             tr("Could not write %1: %2").arg(path, file.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Saved %1.").arg(path), 5000);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About TCP Lab"),
                       tr("<h3>TCP Lab %1</h3><p>Drive a real TCP connection one system call at a "
                          "time and see what the kernel does.</p><p>Licensed under the GNU GPL, "
                          "version 3 or later.</p>")
                           .arg(QStringLiteral(TCPLAB_VERSION)));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        m_ui->retranslateUi(this);
    QMainWindow::changeEvent(event);
}

} // namespace tcplab
