<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClientPane</name>
    <message>
        <location filename="../ui/clientpane.ui" line="+10"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Which API the client&apos;s calls go through: the system calls themselves (socket, connect, write, read, shutdown, close) or Qt&apos;s QTcpSocket (connectToHost, write, readAll, disconnectFromHost, close, abort).</source>
        <translation>客户端的调用经由哪套 API：直接使用系统调用（socket、connect、write、read、shutdown、close），还是 Qt 的 QTcpSocket（connectToHost、write、readAll、disconnectFromHost、close、abort）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System calls</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt QTcpSocket</source>
        <translation>Qt QTcpSocket</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The client socket&apos;s TCP state, as the kernel reports it.</source>
        <translation>客户端套接字的 TCP 状态（由内核报告）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connect to the server</source>
        <translation>连接服务器</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server address or host name, e.g. 127.0.0.1 or localhost.</source>
        <translation>服务器的地址或主机名，例如 127.0.0.1 或 localhost。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server&apos;s port, 1 to 65535: the one the server shows once it listens.</source>
        <translation>服务器的端口，1 到 65535：即服务器开始监听后显示的那个端口。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Local port:</source>
        <translation>本地端口(&amp;L)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Optional: bind() the client to this port before connect(). Empty: the kernel picks an ephemeral port.</source>
        <translation>可选：在 connect() 之前用 bind() 把客户端绑定到这个端口。留空：由内核选择一个临时端口。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>connect(): the kernel sends SYN and the three-way handshake begins.</source>
        <translation>connect()：内核发送 SYN，三次握手开始。</translation>
    </message>
</context>
<context>
    <name>ConnectionBox</name>
    <message>
        <location filename="../ui/connectionbox.ui" line="+12"/>
        <source>Send and receive</source>
        <translation>发送与接收</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../src/app/connectionbox.cpp" line="+132"/>
        <source>Message to send</source>
        <translation>要发送的消息</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send the message with write(): the kernel puts it on the wire as one or more segments.</source>
        <translation>用 write() 发送消息：内核把它作为一个或多个报文段发到网络上。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Call read() as soon as data or end-of-file arrives. Off: data waits in the kernel&apos;s receive buffer until you press read().</source>
        <translation>数据或文件结束（EOF）一到就调用 read()。关闭此项：数据留在内核的接收缓冲区里，直到你按 read()。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read automatically</source>
        <translation>自动读取</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Call read() once: it returns the bytes waiting, 0 at end-of-file (the peer sent FIN), or an error.</source>
        <translation>调用一次 read()：返回等待中的字节；返回 0 表示文件结束（对端发送了 FIN）；或者返回错误。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>End the connection</source>
        <translation>结束连接</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Half-close: stop sending (the kernel sends FIN) but keep receiving.</source>
        <translation>半关闭：停止发送（内核发送 FIN），但继续接收。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop receiving: nothing is sent on the wire; later reads return end-of-file.</source>
        <translation>停止接收：网络上不发送任何报文段；之后的读取返回文件结束。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop both directions; the socket stays open until close().</source>
        <translation>收发两个方向都停止；套接字仍保持打开，直到调用 close()。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the socket: the kernel sends FIN (or RST if unread data is waiting).</source>
        <translation>关闭套接字：内核发送 FIN（如果还有未读数据，则发送 RST）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>QTcpSocket::disconnectFromHost(): Qt first sends what it still buffers, then closes the descriptor: FIN.</source>
        <translation>QTcpSocket::disconnectFromHost()：Qt 先发出缓冲区中尚未发出的数据，再关闭描述符：FIN。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Abortive close: set SO_LINGER {on, 0} and close(); the kernel sends RST instead of FIN.</source>
        <translation>异常终止：设置 SO_LINGER {on, 0} 后 close()；内核发送 RST 而不是 FIN。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abort (RST)</source>
        <translation>异常终止（RST）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Socket options</source>
        <translation>套接字选项</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turn off Nagle&apos;s algorithm: small writes go out at once.</source>
        <translation>关闭 Nagle 算法：小的写入立即发出。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hold partial segments back until the cork is removed (or 200 ms pass).</source>
        <translation>暂存不满的报文段，直到取消 cork（或经过 200 ms）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SO_LINGER on: close() waits up to the given seconds for unsent data; 0 seconds means close() sends RST.</source>
        <translation>开启 SO_LINGER：close() 最多等待指定秒数让未发送的数据发完；0 秒表示 close() 发送 RST。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bytes returned by read() appear here.</source>
        <translation>read() 返回的字节显示在这里。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show the received bytes in hexadecimal.</source>
        <translation>以十六进制显示接收到的字节。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show as hex</source>
        <translation>十六进制显示</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../src/core/socket/errortext.cpp" line="+16"/>
        <source>Connection refused: nothing is listening on %1, so the kernel there answered the SYN with RST. Start the server (Listen) first, or check the address and port.</source>
        <translation>连接被拒绝：%1 上没有程序在监听，所以那边的内核用 RST 回应了 SYN。请先启动服务器（按 listen()），或检查地址和端口。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connection reset by the peer: it sent RST, for example because it closed with unread data or aborted. The connection is gone; close this socket.</source>
        <translation>连接被对端重置：对端发送了 RST，例如它在还有未读数据时关闭，或异常终止了连接。连接已不存在；请关闭这个套接字。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Broken pipe: this side can no longer send (it called shutdown(SHUT_WR), or the peer reset the connection). Close the socket.</source>
        <translation>管道已断开：这一端不能再发送（它调用过 shutdown(SHUT_WR)，或对端重置了连接）。请关闭套接字。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Timed out: the peer did not answer, so the kernel gave up after its retransmissions. Check that the host is reachable.</source>
        <translation>连接超时：对端没有应答，内核在多次重传后放弃了。请检查主机是否可达。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Address already in use: another socket holds %1. Often it is a connection still in TIME_WAIT from an earlier run (TIME_WAIT lasts 60 s on Linux). Wait a minute, or choose another port.</source>
        <translation>地址已被占用：另一个套接字占用了 %1。常见原因是上一次运行留下的连接仍处于 TIME_WAIT（Linux 上持续 60 s）。请等一分钟，或换一个端口。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Address not available: %1 is not an address of this machine.</source>
        <translation>地址不可用：%1 不是本机的地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Permission denied: ports below 1024 need administrator rights. Use a port from 1024 to 65535.</source>
        <translation>权限不足：1024 以下的端口需要管理员权限。请使用 1024 到 65535 之间的端口。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The socket is not connected.</source>
        <translation>套接字没有连接。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to do right now (EAGAIN): no data has arrived yet.</source>
        <translation>暂时没有数据可读（EAGAIN）：还没有数据到达。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No route to %1: the network or host cannot be reached from here.</source>
        <translation>没有到 %1 的路由：从这里无法到达该网络或主机。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Address already in use: another socket holds %1, most often a server still listening there. This socket had SO_REUSEADDR on, so a connection left in TIME_WAIT was not the cause. Stop the other server, or choose another port.</source>
        <translation>地址已被占用：另一个套接字占用了 %1，最常见的是一个仍在那里监听的服务器。这个套接字已打开 SO_REUSEADDR，所以原因不是留在 TIME_WAIT 的连接。请停止另一个服务器，或换一个端口。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Address already in use: another socket holds %1. Often it is a connection still in TIME_WAIT from an earlier run (TIME_WAIT lasts 60 s on Linux), which only a socket with SO_REUSEADDR on may bind past. Wait a minute, or choose another port.</source>
        <translation>地址已被占用：另一个套接字占用了 %1。常见原因是上一次运行留下的连接仍处于 TIME_WAIT（Linux 上持续 60 s），只有打开了 SO_REUSEADDR 的套接字才能在这种情况下仍绑定该端口。请等一分钟，或换一个端口。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&quot;%1&quot; is not a port: enter a whole number from 1 to 65535.</source>
        <translation>“%1”不是端口：请输入 1 到 65535 之间的整数。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown host &quot;%1&quot;: the name could not be looked up (%2). Check the spelling, or enter an IP address such as 127.0.0.1.</source>
        <translation>未知主机“%1”：无法解析这个名字（%2）。请检查拼写，或输入 IP 地址，例如 127.0.0.1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The socket is not open.</source>
        <translation>套接字没有打开。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.ui" line="+6"/>
        <source>TCP Lab</source>
        <translation>TCP 实验室</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Show sequence and acknowledgement numbers as on the wire instead of counting from each side&apos;s initial sequence number.</source>
        <translation>按网络上的原值显示序列号和确认号，而不是从各方的初始序列号开始计数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absolute numbers</source>
        <translation>绝对序列号</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show each segment&apos;s window field.</source>
        <translation>显示每个报文段的窗口字段。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One row per event instead of spacing by time.</source>
        <translation>每个事件占一行，而不是按时间比例排布。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Even spacing</source>
        <translation>等距排列</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>After an experiment, draw the segments it expected but did not see as faint ghosts.</source>
        <translation>实验结束后，把预期出现却没有出现的报文段画成淡色的虚影。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show expected</source>
        <translation>显示预期</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Zoom out (Ctrl+wheel)</source>
        <translation>缩小（Ctrl+滚轮）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fit the diagram to the width of the view (Ctrl+0)</source>
        <translation>使时序图适应视图宽度（Ctrl+0）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>适应宽度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Zoom in (Ctrl+wheel)</source>
        <translation>放大（Ctrl+滚轮）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Segment details</source>
        <translation>报文段详情</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Event log</source>
        <translation>事件记录</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Network</source>
        <translation>网络(&amp;N)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Lab network</source>
        <translation>实验网络(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panes&apos; sockets live on the lab network: a client host and a server host of their own, joined by the wire that the Wire bar controls. A new session starts.</source>
        <translation>两侧面板的套接字位于实验网络上：各自独立的客户端主机和服务器主机，由“线路”栏控制的线路相连。切换后将开始一个新会话。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loo&amp;pback</source>
        <translation>回环(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The panes&apos; sockets live on this computer&apos;s own stack (127.0.0.1): no wire, so nothing is lost or delayed; Qt&apos;s QTcpSocket can be chosen. A new session starts.</source>
        <translation>两侧面板的套接字位于这台计算机自己的协议栈上（127.0.0.1）：没有线路，所以报文段不会丢失或延迟；可以选择 Qt 的 QTcpSocket。切换后将开始一个新会话。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;New session</source>
        <translation>新建会话(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close every socket and start again with an empty log.</source>
        <translation>关闭所有套接字，以空白记录重新开始。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open an experiment written as a JSON scenario file.</source>
        <translation>打开以 JSON 场景文件编写的实验。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;session…</source>
        <translation>打开会话(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a session saved by TCP Lab (.tcplab) and show its diagram.</source>
        <translation>打开 TCP 实验室保存的会话（.tcplab）并显示其时序图。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;capture…</source>
        <translation>打开抓包文件(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a pcap or pcapng capture and draw one of its TCP connections.</source>
        <translation>打开 pcap 或 pcapng 抓包文件，并画出其中的一条 TCP 连接。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save captured &amp;frames as pcap…</source>
        <translation>将抓到的帧保存为 pcap(&amp;F)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export diagram…</source>
        <translation>导出时序图(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the diagram as PNG, SVG, PDF, a text ladder or Mermaid.</source>
        <translation>把时序图导出为 PNG、SVG、PDF、文本时序图或 Mermaid。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Copy diagram</source>
        <translation>复制时序图(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the diagram to the clipboard as a picture.</source>
        <translation>把时序图作为图片复制到剪贴板。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Save session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;About TCP Lab</source>
        <translation>关于 TCP 实验室(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ServerPane</name>
    <message>
        <location filename="../ui/serverpane.ui" line="+10"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Which API the server&apos;s calls go through: the system calls themselves (socket, bind, listen, accept, ...) or Qt&apos;s QTcpServer, whose nextPendingConnection() hands over QTcpSockets.</source>
        <translation>服务器的调用经由哪套 API：直接使用系统调用（socket、bind、listen、accept……），还是 Qt 的 QTcpServer（由 nextPendingConnection() 交出 QTcpSocket）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System calls</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt QTcpServer</source>
        <translation>Qt QTcpServer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The TCP state of the selected connection (or of the listening socket), as the kernel reports it.</source>
        <translation>所选连接（或监听套接字）的 TCP 状态，由内核报告。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Listen and accept</source>
        <translation>监听与接受连接</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where to listen. 127.0.0.1 accepts only this computer; all interfaces lets other computers in the classroom connect.</source>
        <translation>在哪里监听。127.0.0.1 只接受来自本机的连接；所有接口（0.0.0.0）允许教室里的其他计算机连接。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Port to listen on, 1 to 65535, or 0 (the default) to let the kernel choose a free one, so that two users of one computer never meet by accident.</source>
        <translation>要监听的端口，1 到 65535；或填 0（默认），由内核选一个空闲端口，这样同一台计算机上的两个用户就不会误连到对方。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Backlog:</source>
        <translation>backlog(&amp;B)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>listen() backlog: how many finished handshakes may wait for accept().</source>
        <translation>listen() 的 backlog：最多有多少个已完成握手的连接可以等待 accept()。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Set SO_REUSEADDR before bind(), so the port can be reused while an old connection on it is in TIME_WAIT.</source>
        <translation>在 bind() 之前设置 SO_REUSEADDR，这样端口上的旧连接还处于 TIME_WAIT 时也能重新使用该端口。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Call accept() as soon as a handshake completes. Off: connections wait in the accept queue until you press accept().</source>
        <translation>握手一完成就调用 accept()。关闭此项：连接在 accept 队列里等待，直到你按 accept()。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept automatically</source>
        <translation>自动接受连接</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>bind() and listen(): the socket enters LISTEN and the kernel answers SYNs.</source>
        <translation>bind() 和 listen()：套接字进入 LISTEN，内核开始应答 SYN。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>accept(): take one finished connection from the accept queue.</source>
        <translation>accept()：从 accept 队列中取出一个已完成握手的连接。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the listening socket. Connections already accepted stay open.</source>
        <translation>关闭监听套接字。已经接受的连接保持打开。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop listening</source>
        <translation>停止监听</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Accepted connections. The selected one is the one the controls below act on.</source>
        <translation>已接受的连接。下面的控件作用于所选的连接。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Answer like the article&apos;s server.c</source>
        <translation>像文章中的 server.c 那样回复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>After the first read(), print the message and write this answer.</source>
        <translation>第一次 read() 之后，打印消息并写回这个答复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer with</source>
        <translation>回复内容</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>close() right after answering: the server closes first, as in the article.</source>
        <translation>回复后立即 close()：像文章中那样由服务器先关闭。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>close() after answering</source>
        <translation>回复后 close()</translation>
    </message>
</context>
<context>
    <name>tcplab::CaptureFile</name>
    <message>
        <location filename="../src/core/capture/capturefile.cpp" line="+20"/>
        <source>handshake complete</source>
        <translation>握手完成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>partial</source>
        <translation>不完整</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>one FIN</source>
        <translation>仅一方发送了 FIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not closed</source>
        <translation>未关闭</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%1 → %2, %n packet(s), %3 bytes, %4, %5</source>
        <translation>
            <numerusform>%1 → %2，%n 个包，%3 字节，%4，%5</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 does not exist</source>
        <translation>%1 不存在</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is empty: a pcap or pcapng capture was expected</source>
        <translation>%1 是空文件：此处应为 pcap 或 pcapng 抓包文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is not a capture file libpcap can read (%2): a pcap or pcapng file was expected</source>
        <translation>%1 不是 libpcap 能读取的抓包文件（%2）：此处应为 pcap 或 pcapng 文件</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>reading stopped after frame %1: %2</source>
        <translation>读到第 %1 帧后停止：%2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>a timestamp out of range (a damaged file); the frame keeps the time of the one before it</source>
        <translation>时间戳超出范围（文件已损坏）；该帧沿用前一帧的时间</translation>
    </message>
    <message numerus="yes">
        <location line="+64"/>
        <source>%1 holds no TCP connection that TCP Lab can read: %2 (%n frame(s)).</source>
        <translation>
            <numerusform>%1 中没有 TCP 实验室能读取的 TCP 连接：%2（%n 个帧）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 holds no TCP connection</source>
        <translation>%1 中没有 TCP 连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 holds no TCP connection (%2)</source>
        <translation>%1 中没有 TCP 连接（%2）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>link type %1 is not supported</source>
        <translation>不支持链路类型 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>link type %1 (%2) is not supported</source>
        <translation>不支持链路类型 %1（%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1-encapsulated traffic is not decoded</source>
        <translation>%1 封装的流量不予解码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>damaged frames (%1)</source>
        <translation>损坏的帧（%1）</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n frame(s) not read: %1</source>
        <translation>
            <numerusform>%n 个帧未能读取：%1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>there is no connection %1 in this file; it has %2</source>
        <translation>文件中没有第 %1 条连接；它共有 %2 条</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>no frames were captured (a modelled session has none): nothing to save as pcap</source>
        <translation>没有抓到任何帧（模型推算的会话没有帧）：没有可保存为 pcap 的内容</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>tcplab::Cli</name>
    <message>
        <location filename="../src/app/cli.cpp" line="+64"/>
        <source>Try &apos;tcplab --help&apos;.</source>
        <translation>请运行 &apos;tcplab --help&apos; 查看用法。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: ok — %2, %3, %4</source>
        <translation>%1: 通过 — %2，%3，%4</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n 个步骤</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n expected connection(s)</source>
        <translation>
            <numerusform>预期 %n 条连接</numerusform>
        </translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Listening on %1</source>
        <translation>正在 %1 上监听</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Students connect to %1. Ctrl+C stops the server.</source>
        <translation>学生连接到 %1。按 Ctrl+C 停止服务器。</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Students connect to %1. The server stops after %n student(s).</source>
        <translation>
            <numerusform>学生连接到 %1。服务 %n 个学生后服务器停止。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>#%1  %2  %3 (after %4)</source>
        <translation>#%1  %2  %3（%4 后）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>#%1  %2  closed at once: end-of-file before any message; answered and closed in %3</source>
        <translation>#%1  %2  立即关闭：没有收到任何消息就读到文件结束；%3 内已答复并关闭</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>#%1  %2  Here is the message: %3  → answered and closed first in %4</source>
        <translation>#%1  %2  Here is the message: %3  → %4 内已答复并先关闭</translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>Served %n student(s); %1 still connected, closed now.</source>
        <translation>
            <numerusform>共服务 %n 个学生；还有 %1 个仍在连接，现已关闭。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Served %n student(s).</source>
        <translation>
            <numerusform>共服务 %n 个学生。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>TCP Lab: drive a real TCP connection one system call at a time.

Commands:
  (none)             open the window with the seed experiment ready
  list               list the built-in experiments
  run SCENARIO       run an experiment on real sockets, without a window
  check FILE...      check experiment files without running them: each problem with its JSON path
  open CAPTURE       read a pcap or pcapng capture: list its connections (--list) or draw one (--stream N)</source>
        <translation>TCP 实验室：一次一个系统调用，驱动一条真实的 TCP 连接。

命令：
  （无）             打开窗口，经典实验已准备好
  list               列出内置实验
  run SCENARIO       不开窗口，在真实套接字上运行一个实验
  check FILE...      检查实验文件而不运行：每个问题都给出它的 JSON 路径
  open CAPTURE       读取 pcap 或 pcapng 抓包文件：列出其中的连接（--list）或画出其中一条（--stream N）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the version.</source>
        <translation>显示版本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Language of the window and of all output: zh_CN or en.</source>
        <translation>窗口和所有输出的语言：zh_CN 或 en。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>both (default: both sides here, on loopback), server (wait for any client) or client (connect to --connect).</source>
        <translation>both（默认：两端都在本进程、经回环接口），server（等待任意客户端）或 client（连接到 --connect 指定的服务器）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server port; 0 (default) picks a free one and prints it.</source>
        <translation>服务器端口；0（默认）表示选择一个空闲端口并打印出来。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces).</source>
        <translation>服务器监听的地址（默认 127.0.0.1；0.0.0.0 表示所有接口）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For --role client: the server to connect to.</source>
        <translation>用于 --role client：要连接的服务器。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the client sends (default &quot;hello&quot;).</source>
        <translation>客户端发送的内容（默认 &quot;hello&quot;）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>auto (default: capture when permitted, else model the segments), live (capture or fail) or off (model the segments).</source>
        <translation>auto（默认：有权限时抓包，否则用模型推算报文段）、live（必须抓包，否则失败）或 off（用模型推算报文段）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Also write the diagram to this file; the format comes from the suffix (.png .svg .pdf .txt .mmd). May be given several times.</source>
        <translation>同时把时序图写入这个文件；格式由扩展名决定（.png .svg .pdf .txt .mmd）。可以多次指定。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the captured frames as a pcap file.</source>
        <translation>把抓到的帧保存为 pcap 文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For open: list the TCP connections in the file.</source>
        <translation>用于 open：列出文件中的 TCP 连接。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For open: which connection to draw (1 = the first).</source>
        <translation>用于 open：画哪一条连接（1 = 第一条）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the session as JSON to this file.</source>
        <translation>把会话以 JSON 格式写入这个文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For the seed experiment: native (default: the system calls) or qt (Qt&apos;s QTcpSocket and QTcpServer), for the sides this run plays.</source>
        <translation>用于经典实验：native（默认：系统调用）或 qt（Qt 的 QTcpSocket 和 QTcpServer），对本次运行所扮演的一端或两端生效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The client&apos;s engine: native or qt.</source>
        <translation>客户端的引擎：native 或 qt。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s engine: native or qt.</source>
        <translation>服务器的引擎：native 或 qt。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>lab (the default where the system allows it: a client host .1 and a server host .2 of a documentation network such as 192.0.2.0/24, and a wire this run controls, captured for every user), loopback (this computer&apos;s own stack, 127.0.0.1) or host (this computer&apos;s own interfaces, for one side against a program on another machine: the default of --role server and --role client).</source>
        <translation>lab（系统允许时的默认值：文档专用网络（例如 192.0.2.0/24）中的客户端主机 .1 和服务器主机 .2，以及一条由本次运行控制的线路，任何用户都能实时抓包）、loopback（本机自己的协议栈，127.0.0.1）或 host（本机自己的网络接口，用于一端与另一台机器上的程序对接：--role server 和 --role client 的默认值）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The lab network&apos;s wire, instead of the experiment&apos;s: comma-separated settings, per direction with client: or server: (the sender). delay=50ms jitter=5ms rate=1mbit loss=5% seed=N mtu=576; drop=client:fin, drop=server:data#2, drop=client:last-ack (#* every match); dup=client:data@30ms; hold=client:data (behind the next one); rst=server:data (a middlebox&apos;s RST). Segments: any syn syn-ack fin rst data ack ack-of-fin last-ack len=N.</source>
        <translation>实验网络的线路设置，代替实验自带的设置：用逗号分隔，按方向用 client: 或 server:（发送方）限定。delay=50ms jitter=5ms rate=1mbit loss=5% seed=N mtu=576；drop=client:fin、drop=server:data#2、drop=client:last-ack（#* 表示每一个匹配）；dup=client:data@30ms；hold=client:data（压到下一个之后）；rst=server:data（中间设备发出的 RST）。报文段：any syn syn-ack fin rst data ack ack-of-fin last-ack len=N。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Print only what the programs print, not every event.</source>
        <translation>只打印程序本身的输出，不打印每个事件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For --export: the student&apos;s name, written under the title with the date, the experiment&apos;s explanation and its verdict.</source>
        <translation>用于 --export：学生姓名，与日期、实验说明和结论一起写在标题下方。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>With --role server: stop after N students&apos; clients. Without it the server serves a class, one after another and at once, until interrupted (Ctrl+C), with one line per student; --clients 1 serves one and draws its ladder.</source>
        <translation>用于 --role server：服务 N 个学生的客户端后停止。不加此项时，服务器为全班服务——一个接一个或同时到来都行——直到被中断（Ctrl+C），每个学生输出一行；--clients 1 只服务一个学生，并画出它的时序图。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>--lang takes zh_CN or en, not &quot;%1&quot;.</source>
        <translation>--lang 只接受 zh_CN 或 en，不接受“%1”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no command given.</source>
        <translation>没有给出命令。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;list&apos; takes no arguments.</source>
        <translation>&apos;list&apos; 不接受参数。</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>&apos;run&apos; takes one experiment, e.g. &apos;tcplab run seed&apos;.</source>
        <translation>&apos;run&apos; 需要一个实验，例如 &apos;tcplab run seed&apos;。</translation>
    </message>
    <message>
        <location line="-387"/>
        <location line="+399"/>
        <source>tcplab: cannot read %1: %2</source>
        <translation>tcplab：无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>list, run, check or open</source>
        <translation>list、run、check 或 open</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>&apos;check&apos; takes one or more experiment files, e.g. &apos;tcplab check mine.json&apos;.</source>
        <translation>“check”需要一个或多个实验文件，例如“tcplab check mine.json”。</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>unknown command &quot;%1&quot; (commands: %2).</source>
        <translation>未知命令“%1”（可用命令：%2）。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>tcplab: %1 is not a usable scenario: %2</source>
        <translation>tcplab：%1 不是可用的场景：%2</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>tcplab: %1 is not a usable scenario: %2 (and %n more problem(s): &apos;tcplab check %1&apos; lists them)</source>
        <translation>
            <numerusform>tcplab：%1 不是可用的场景：%2（另有 %n 个问题，“tcplab check %1”会全部列出）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>unknown experiment &quot;%1&quot;; &apos;tcplab list&apos; shows them.</source>
        <translation>未知实验“%1”；&apos;tcplab list&apos; 可以列出所有实验。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>--role takes both, server or client, not &quot;%1&quot;.</source>
        <translation>--role 只接受 both、server 或 client，不接受“%1”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--bind takes an IP address such as 127.0.0.1 or 0.0.0.0, not &quot;%1&quot;.</source>
        <translation>--bind 需要一个 IP 地址，例如 127.0.0.1 或 0.0.0.0，而不是“%1”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--role client needs --connect HOST:PORT.</source>
        <translation>--role client 需要 --connect 主机:端口。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--connect takes HOST:PORT, e.g. 127.0.0.1:45001, not &quot;%1&quot;.</source>
        <translation>--connect 需要 主机:端口，例如 127.0.0.1:45001，而不是“%1”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--connect is only for --role client.</source>
        <translation>--connect 只用于 --role client。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--message needs at least one character: write() of nothing sends no segment, and the server would wait for one.</source>
        <translation>--message 至少需要一个字符：write() 空内容不会发出任何报文段，服务器会一直等下去。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>--capture takes auto, live or off, not &quot;%1&quot;.</source>
        <translation>--capture 只接受 auto、live 或 off，不接受“%1”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--%1 takes native or qt, not &quot;%2&quot;.</source>
        <translation>--%1 只接受 native 或 qt，不接受“%2”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--engine, --client-engine and --server-engine are for the seed experiment; the qt-… experiments choose their own.</source>
        <translation>--engine、--client-engine 和 --server-engine 只用于经典实验；qt-… 实验自己选择引擎。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>--client-engine is for --role client or both.</source>
        <translation>--client-engine 只用于 --role client 或 both。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--server-engine is for --role server or both.</source>
        <translation>--server-engine 只用于 --role server 或 both。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>--clients takes a number of students from 1 up, not &quot;%1&quot;.</source>
        <translation>--clients 需要一个不小于 1 的学生人数，而不是“%1”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--clients is for the seed experiment&apos;s server: tcplab run seed --role server --clients N.</source>
        <translation>--clients 用于经典实验的服务器：tcplab run seed --role server --clients N。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>--%1 is for one run; a server for a class prints a line per student and keeps no session: add --clients 1 to serve one student and keep that run.</source>
        <translation>--%1 只用于单次运行；为全班服务的服务器每个学生输出一行，不保存会话：加上 --clients 1 即可只服务一个学生并保存那次运行。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--capture live is for one run; a server for a class captures nothing: add --clients 1 to capture one student&apos;s connection.</source>
        <translation>--capture live 只用于单次运行；为全班服务的服务器不抓包：加上 --clients 1 即可抓取一个学生的连接。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>--role server and --role client talk across this computer&apos;s own interfaces; the lab network is for both sides here.</source>
        <translation>--role server 和 --role client 通过本机自己的网络接口通信；实验网络用于双方都在本机运行的情况。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Qt&apos;s QTcpSocket and QTcpServer make their sockets on this computer&apos;s own stack: experiments on Qt&apos;s engine run on loopback.</source>
        <translation>Qt 的 QTcpSocket 和 QTcpServer 在本机自己的协议栈上创建套接字：使用 Qt 引擎的实验在回环接口上运行。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>--wire: %1</source>
        <translation>--wire：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--wire sets the lab network&apos;s wire; this run is on loopback.</source>
        <translation>--wire 设置的是实验网络的线路；本次运行在回环接口上。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>tcplab: the lab network is not available, so this runs on loopback. %1</source>
        <translation>tcplab：实验网络不可用，因此在回环接口上运行。%1</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>✗ Not as expected: %1</source>
        <translation>✗ 与预期不符：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+22"/>
        <source>Not checked: %1</source>
        <translation>未检查：%1</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>✓ The experiment went as expected.</source>
        <translation>✓ 实验结果与预期一致。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The modelled segments differ from the expectation: %1</source>
        <translation>模型推算的报文段与预期不同：%1</translation>
    </message>
    <message>
        <location line="-724"/>
        <source>tcplab: cannot write %1: %2</source>
        <translation>tcplab：无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+376"/>
        <source>--export %1: the format comes from the suffix; use .png, .svg, .pdf, .txt or .mmd.</source>
        <translation>--export %1：格式由扩展名决定；请使用 .png、.svg、.pdf、.txt 或 .mmd。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&apos;open&apos; takes one capture file, e.g. &apos;tcplab open capture.pcap&apos;.</source>
        <translation>&apos;open&apos; 需要一个抓包文件，例如 &apos;tcplab open capture.pcap&apos;。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>--stream takes a connection number from 1 on (&apos;--list&apos; shows them).</source>
        <translation>--stream 需要从 1 开始的连接编号（&apos;--list&apos; 可以列出）。</translation>
    </message>
    <message>
        <location line="+178"/>
        <source>--network host is for one side against a program on another machine (--role server or --role client); both sides on this computer meet on --network loopback.</source>
        <translation>--network host 用于一端与另一台机器上的程序对接（--role server 或 --role client）；两端都在本机时，请用 --network loopback。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--network takes lab, loopback or host, not &quot;%1&quot;.</source>
        <translation>--network 的取值为 lab、loopback 或 host，而不是“%1”。</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>The experiment went as expected.</source>
        <translation>实验结果符合预期。</translation>
    </message>
</context>
<context>
    <name>tcplab::ClientPane</name>
    <message>
        <location filename="../src/app/clientpane.cpp" line="+49"/>
        <source>QTcpSocket::connectToHost(): Qt makes the socket and calls connect(); it emits connected() once the handshake is done.</source>
        <translation>QTcpSocket::connectToHost()：Qt 创建套接字并调用 connect()；握手完成后发出 connected()。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connect(): the kernel sends SYN and the three-way handshake begins.</source>
        <translation>connect()：内核发送 SYN，三次握手开始。</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Enter the server&apos;s port first: the server pane shows it, large, once it listens (the kernel chooses a free one).</source>
        <translation>请先填写服务器的端口：服务器开始监听后，服务器面板会用大字显示它（由内核选一个空闲端口）。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>This client is still connected: close() it first.</source>
        <translation>这个客户端仍然连接着：请先 close()。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Connected from %1:%2 to %3.</source>
        <translation>已从 %1:%2 连接到 %3。</translation>
    </message>
</context>
<context>
    <name>tcplab::ConnectionBox</name>
    <message>
        <location filename="../src/app/connectionbox.cpp" line="-111"/>
        <source>Qt&apos;s QTcpSocket makes its sockets on this computer&apos;s own stack: choose Network → Loopback to use it.</source>
        <translation>Qt 的 QTcpSocket 在这台计算机自己的协议栈上创建套接字：要使用它，请选择“网络 → 回环”。</translation>
    </message>
    <message numerus="yes">
        <location line="+95"/>
        <source>The last write() sent %n byte(s).</source>
        <translation>
            <numerusform>上一次 write() 发送了 %n 字节。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+114"/>
        <source>QTcpSocket::write(): the bytes go into Qt&apos;s buffer; Qt sends them from the event loop and then emits bytesWritten().</source>
        <translation>QTcpSocket::write()：字节进入 Qt 的缓冲区；Qt 在事件循环中把它们发出，然后发出 bytesWritten()。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>QTcpSocket::readAll(): what Qt has already read from the kernel into its buffer.</source>
        <translation>QTcpSocket::readAll()：取出 Qt 已经从内核读进自己缓冲区的数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call readAll() on readyRead(). Qt reads from the kernel by itself either way; off, the bytes wait in Qt&apos;s buffer.</source>
        <translation>收到 readyRead() 时调用 readAll()。无论如何 Qt 都会自己从内核读取；关闭此项时，字节留在 Qt 的缓冲区里。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>QTcpSocket::close(): Qt sends what it still buffers, closes the descriptor (FIN) and closes the device.</source>
        <translation>QTcpSocket::close()：Qt 发出缓冲区中尚未发出的数据，关闭描述符（FIN），并关闭设备。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>QTcpSocket::abort(): Qt drops what it still buffers and closes the descriptor. The kernel sends FIN, not RST.</source>
        <translation>QTcpSocket::abort()：Qt 丢弃缓冲区中尚未发出的数据并关闭描述符。内核发送的是 FIN，不是 RST。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>setSocketOption(QAbstractSocket::LowDelayOption, 1): TCP_NODELAY underneath.</source>
        <translation>setSocketOption(QAbstractSocket::LowDelayOption, 1)：底层就是 TCP_NODELAY。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The peer sent FIN (or RST): Qt closed this socket itself (RemoteHostClosedError). write() now returns -1.</source>
        <translation>对端发送了 FIN（或 RST）：Qt 自己关闭了这个套接字（RemoteHostClosedError）。现在 write() 返回 -1。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n byte(s) waiting in Qt&apos;s buffer</source>
        <translation>
            <numerusform>%n 个字节在 Qt 的缓冲区里等待</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>read() returned 0: end-of-file</source>
        <translation>read() 返回 0：文件结束（EOF）</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n byte(s) waiting</source>
        <translation>
            <numerusform>%n 个字节等待读取</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>end-of-file or an error is waiting</source>
        <translation>有文件结束（EOF）或错误等待读取</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>end-of-file: the peer sent FIN</source>
        <translation>文件结束（EOF）：对端发送了 FIN</translation>
    </message>
</context>
<context>
    <name>tcplab::EventLogModel</name>
    <message>
        <location filename="../src/app/eventlogmodel.cpp" line="+94"/>
        <source>Read from the kernel (%1) between %2 and %3 ms.</source>
        <translation>在 %2 到 %3 ms 之间从内核读取（%1）。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Time (ms)</source>
        <translation>时间（ms）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Side</source>
        <translation>端</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call or state</source>
        <translation>调用或状态</translation>
    </message>
</context>
<context>
    <name>tcplab::EventText</name>
    <message>
        <location filename="../src/core/session/eventtext.cpp" line="+91"/>
        <location line="+185"/>
        <source>listener</source>
        <comment>a close() of the listening socket</comment>
        <translation>监听套接字</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>dropped by the wire</source>
        <translation>被线路丢弃</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lost on the wire (random loss)</source>
        <translation>在线路上丢失（随机丢包）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a second copy, made by the wire</source>
        <translation>线路制造的第二份副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>made by a middlebox on the wire</source>
        <translation>由线路上的中间设备制造</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>swallowed by a middlebox, which answered with RST</source>
        <translation>被中间设备截下，它以 RST 作答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>dropped: the wire&apos;s queue was full</source>
        <translation>被丢弃：线路的队列已满</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>dropped</source>
        <translation>已丢弃</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lost</source>
        <translation>已丢失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>duplicate</source>
        <translation>重复副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>middlebox</source>
        <translation>中间设备</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>swallowed</source>
        <translation>被截下</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>queue full</source>
        <translation>队列已满</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>win %1 (scale unknown)</source>
        <translation>win %1（扩大因子未知）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>sock_diag: gone</source>
        <translation>sock_diag：套接字已消失</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Inferred from the segments (RFC 9293): this end sent %1.</source>
        <translation>根据报文段推断（RFC 9293）：这一端发送了 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inferred from the segments (RFC 9293): this end sent a segment.</source>
        <translation>根据报文段推断（RFC 9293）：这一端发送了一个报文段。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inferred from the segments (RFC 9293): this end received %1.</source>
        <translation>根据报文段推断（RFC 9293）：这一端收到了 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inferred from the segments (RFC 9293): this end received a segment.</source>
        <translation>根据报文段推断（RFC 9293）：这一端收到了一个报文段。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inferred from the call %1 (RFC 9293).</source>
        <translation>根据调用 %1 推断（RFC 9293）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inferred from a call (RFC 9293).</source>
        <translation>根据一次调用推断（RFC 9293）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The kernel no longer has this connection: its timer ran out and it went to CLOSED.</source>
        <translation>内核中已没有这条连接：它的定时器到期，连接进入 CLOSED。</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>QTcpServer::close() dropped %n connection(s) that waited for nextPendingConnection().</source>
        <translation>
            <numerusform>QTcpServer::close() 丢弃了 %n 个等待 nextPendingConnection() 的连接。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+33"/>
        <source>kernel: %1  (%2)</source>
        <translation>内核：%1  (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s left</source>
        <translation>还剩 %1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>→ %1  (inferred: %2)</source>
        <translation>→ %1  （推断：%2）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>(modelled)</source>
        <translation>（模型推算）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>listener</source>
        <translation>监听套接字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 #%2</source>
        <comment>side and connection number: client #2</comment>
        <translation>%1 #%2</translation>
    </message>
</context>
<context>
    <name>tcplab::Expectation</name>
    <message>
        <location filename="../src/core/lab/expectation.cpp" line="+124"/>
        <source>%1 from the client</source>
        <translation>客户端发出的 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 from the server</source>
        <translation>服务器发出的 %1</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Linux sent its ACK together with its next segment (%1) because the application answered within the delayed-ACK time (about 40 ms), so no separate ACK was needed.</source>
        <translation>Linux 把 ACK 和它的下一个报文段（%1）一起发出，因为应用程序在延迟确认时间（约 40 ms）内就作出了回应，所以不需要单独的 ACK。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Expected %1 at the end, but nothing more was seen.</source>
        <translation>预期最后还有%1，但之后什么也没有出现。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expected %1 here, but saw %2.</source>
        <translation>这里预期是%1，实际看到的是%2。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Linux sent a separate ACK (%1): the application took longer than the delayed-ACK time (about 40 ms) to answer, so the kernel acknowledged on its own.</source>
        <translation>Linux 单独发送了一个 ACK（%1）：应用程序的回应超过了延迟确认时间（约 40 ms），所以内核自行发送了确认。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 was not expected here.</source>
        <translation>这里不应出现%1。</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+218"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>The client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="-226"/>
        <source>Connection %1 (%2 → %3) was not expected by this experiment.</source>
        <translation>连接 %1（%2 → %3）不在这个实验的预期之内。</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>The client answered the previous message only %1 after it arrived, later than the delayed-ACK time, so Linux did not take the exchange for an interactive one and kept acknowledging at once.</source>
        <translation>客户端在上一条消息到达 %1 之后才作出答复，晚于延迟 ACK 时间，所以 Linux 没有把这次往来当作交互式的，而是继续立即确认。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server answered the previous message only %1 after it arrived, later than the delayed-ACK time, so Linux did not take the exchange for an interactive one and kept acknowledging at once.</source>
        <translation>服务器在上一条消息到达 %1 之后才作出答复，晚于延迟 ACK 时间，所以 Linux 没有把这次往来当作交互式的，而是继续立即确认。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Connection %1 never appeared.</source>
        <translation>连接 %1 始终没有出现。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Connection %1: </source>
        <translation>连接 %1：</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>%1 was sent again %2 after the first copy: the kernel retransmitted it because no acknowledgement came back in time.</source>
        <translation>%1在第一次发送 %2 后又发送了一次：由于没有及时收到确认，内核对它进行了超时重传。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The lab&apos;s wire delivered the first copy %1 after it was sent, because this computer was busy: the retransmission is real, but the wire, not the lesson, caused it. Run the experiment again.</source>
        <translation>实验网络的线路在第一份发出 %1 后才把它送到，因为这台计算机太忙：重传确实发生了，但它是线路造成的，不是本实验要讲的现象。请再运行一次实验。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The lab&apos;s wire delivered its acknowledgement %1 after it was sent, because this computer was busy, and only after the retransmission had gone: the retransmission is real, but the wire, not the lesson, caused it. Run the experiment again.</source>
        <translation>实验网络的线路在它的确认发出 %1 后才把确认送到（这台计算机太忙），那时重传已经发出：重传确实发生了，但它是线路造成的，不是本实验要讲的现象。请再运行一次实验。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The wire differs from the expectation at segment %1 (observed %2; expected %3). %4</source>
        <translation>网络上的报文段从第 %1 个起与预期不同（实际 %2；预期 %3）。%4</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>segment %1 (%2)</source>
        <translation>第 %1 个报文段（%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 has relative seq %2; expected %3.</source>
        <translation>%1的相对序列号为 %2；预期为 %3。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has sequence number %2 on the wire; expected %3.</source>
        <translation>%1在网络上的序列号为 %2；预期为 %3。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 has relative ack %2; expected %3.</source>
        <translation>%1的相对确认号为 %2；预期为 %3。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 carries %2 bytes; expected %3.</source>
        <translation>%1携带 %2 字节；预期为 %3 字节。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 has window %2; expected %3.</source>
        <translation>%1的窗口为 %2；预期为 %3。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 carries no SACK blocks; expected some.</source>
        <translation>%1没有携带 SACK 块；预期应当有。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 carries SACK blocks; expected none.</source>
        <translation>%1携带了 SACK 块；预期不应有。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 offers MSS %2; expected %3.</source>
        <translation>%1通告的 MSS 为 %2；预期为 %3。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 came %2 after the segment before it; expected at once (under 5 ms).</source>
        <translation>%1在前一个报文段之后 %2 才出现；预期应立即出现（5 ms 以内）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 came %2 after the segment before it; expected a delayed ACK (30 to 250 ms): this kernel acknowledged at once.</source>
        <translation>%1在前一个报文段之后 %2 就出现了；预期是延迟 ACK（30 到 250 ms）：这个内核立即作了确认。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 came %2 after the segment before it; a delayed ACK waits 200 ms at most, so this was not one.</source>
        <translation>%1在前一个报文段之后 %2 才出现；延迟 ACK 最多等待 200 ms，所以这不是延迟 ACK。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+23"/>
        <source>%1 is not a retransmission of an earlier segment.</source>
        <translation>%1不是对先前某个报文段的重传。</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>%1 was resent %2 after the first copy; a retransmission timeout is at least %3.</source>
        <translation>%1在第一次发送 %2 后就被重发了；而超时重传时间（RTO）至少为 %3。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 came %2 after the segment before it; expected %3 to %4 ms.</source>
        <translation>%1在前一个报文段之后 %2 才出现；预期为 %3 到 %4 ms。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 was resent %2 after the copy before it; expected %3 to %4 ms.</source>
        <translation>%1在上一次发送之后 %2 才重发；预期为 %3 到 %4 ms。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 went %2; expected %3.</source>
        <translation>%1的状态经历了 %2；预期为 %3。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1&apos;s %2 was not confirmed by the kernel (no TCP_INFO or sock_diag reading showed it).</source>
        <translation>%1的 %2 没有得到内核确认（没有任何 TCP_INFO 或 sock_diag 读数显示这个状态）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1&apos;s %2 timer read %3 s in the kernel; expected about %4 s.</source>
        <translation>内核中%1的 %2 定时器读数为 %3 s；预期约为 %4 s。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The listener went %1; expected %2.</source>
        <translation>监听套接字的状态经历了 %1；预期为 %2。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The client never called %1.</source>
        <translation>客户端始终没有调用 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server never called %1.</source>
        <translation>服务器始终没有调用 %1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The kernel read %1 for the client of connection %2 (%3) where the segments say otherwise.</source>
        <translation>内核读到连接 %2 的客户端处于 %1（%3），而报文段表明并非如此。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The kernel read %1 for the server of connection %2 (%3) where the segments say otherwise.</source>
        <translation>内核读到连接 %2 的服务器处于 %1（%3），而报文段表明并非如此。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The segments were modelled from the calls, not captured, so what the kernel put on the wire was not checked.</source>
        <translation>报文段是根据调用推算的，不是抓包得到的，所以没有检查内核实际发到网络上的内容。</translation>
    </message>
</context>
<context>
    <name>tcplab::HelperCapture</name>
    <message>
        <location filename="../src/core/capture/helpercapture.cpp" line="+105"/>
        <source>the capture helper tcplab-capture is not installed</source>
        <translation>抓包助手 tcplab-capture 没有安装</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>this user may not run the capture helper %1</source>
        <translation>当前用户不能运行抓包助手 %1</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>The capture helper did not start: %1</source>
        <translation>抓包助手没有启动：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>The capture helper did not begin capturing within %n second(s).</source>
        <translation>
            <numerusform>抓包助手在 %n 秒内没有开始抓包。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+60"/>
        <source>the capture helper %1 does not have the CAP_NET_RAW capability</source>
        <translation>抓包助手 %1 没有 CAP_NET_RAW 能力</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The capture helper stopped before capturing.</source>
        <translation>抓包助手在开始抓包之前就停止了。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The capture helper&apos;s output is not a pcap stream; capturing stopped.</source>
        <translation>抓包助手的输出不是 pcap 数据流；抓包已停止。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The capture helper refused: no socket of yours holds TCP port %1, and only your own connections may be captured.</source>
        <translation>抓包助手拒绝了：你的套接字都没有占用 TCP 端口 %1，而只有你自己的连接才能被抓包。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The capture helper stopped: no socket of yours holds TCP port %1 any more.</source>
        <translation>抓包助手停止了：你的套接字都不再占用 TCP 端口 %1。</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>The kernel dropped %n captured frame(s).</source>
        <translation>
            <numerusform>内核丢弃了 %n 个已抓取的帧。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>The capture helper withheld %n frame(s) on the port that the kernel could not prove yours.</source>
        <translation>
            <numerusform>抓包助手扣下了该端口上 %n 个内核无法证明属于你的帧。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The capture helper cannot capture: %1</source>
        <translation>抓包助手无法抓包：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The capture helper could not ask the kernel for your sockets (sock_diag).</source>
        <translation>抓包助手无法向内核查询你的套接字（sock_diag）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The capture helper could not give up its capabilities, so it does not capture.</source>
        <translation>抓包助手无法放弃它的权限，因此不抓包。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The capture helper was given &quot;%1&quot;, which is not a port.</source>
        <translation>抓包助手收到的“%1”不是端口。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The capture helper was started the wrong way.</source>
        <translation>抓包助手的启动方式不正确。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The capture helper said something the lab does not know: %1</source>
        <translation>抓包助手返回了本程序无法识别的内容：%1</translation>
    </message>
</context>
<context>
    <name>tcplab::HostSetting</name>
    <message>
        <location filename="../src/core/net/hostsettings.cpp" line="+12"/>
        <source>SACK</source>
        <translation>SACK</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timestamps</source>
        <translation>时间戳</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Window scaling</source>
        <translation>窗口扩大</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ECN</source>
        <translation>ECN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SYN retries</source>
        <translation>SYN 重传次数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SYN/ACK retries</source>
        <translation>SYN/ACK 重传次数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FIN_WAIT_2 timeout (s)</source>
        <translation>FIN_WAIT_2 超时（s）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SYN cookies</source>
        <translation>SYN cookies</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Receive buffer (bytes)</source>
        <translation>接收缓冲区（字节）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send buffer (bytes)</source>
        <translation>发送缓冲区（字节）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>tcp_sack: whether the host offers selective acknowledgements (SACK permitted in its SYN) and sends SACK blocks.</source>
        <translation>tcp_sack：主机是否提供选择确认（在 SYN 中带 SACK permitted）并发送 SACK 块。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_timestamps: whether the host&apos;s SYN carries the timestamp option (TS).</source>
        <translation>tcp_timestamps：主机的 SYN 是否带时间戳选项（TS）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tcp_window_scaling: whether the host&apos;s SYN carries a window scale option; without it the window stays under 64 KiB.</source>
        <translation>tcp_window_scaling：主机的 SYN 是否带窗口扩大选项；没有它，窗口始终小于 64 KiB。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_ecn: whether the host asks for Explicit Congestion Notification in its SYN (ECE and CWR flags).</source>
        <translation>tcp_ecn：主机是否在 SYN 中请求显式拥塞通知（ECE 和 CWR 标志）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_syn_retries: how often connect() sends its SYN again before it gives up with ETIMEDOUT.</source>
        <translation>tcp_syn_retries：connect() 在以 ETIMEDOUT 放弃之前重发 SYN 的次数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_synack_retries: how often the server sends its SYN/ACK again when the handshake&apos;s last ACK does not come.</source>
        <translation>tcp_synack_retries：握手的最后一个 ACK 没有到来时，服务器重发 SYN/ACK 的次数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_fin_timeout: how long a closed connection waits in FIN_WAIT_2 for the peer&apos;s FIN.</source>
        <translation>tcp_fin_timeout：已关闭的连接在 FIN_WAIT_2 中等待对端 FIN 的时长。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_syncookies: whether the server answers with a SYN cookie when its SYN queue is full.</source>
        <translation>tcp_syncookies：SYN 队列（半连接队列）满时，服务器是否用 SYN cookie 应答。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_rmem: the receive buffer&apos;s least, first and largest size; it sets the window the host advertises and its window scale.</source>
        <translation>tcp_rmem：接收缓冲区的最小、初始和最大大小；它决定主机通告的窗口和窗口扩大因子。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tcp_wmem: the send buffer&apos;s least, first and largest size; write() blocks or returns EAGAIN when it is full.</source>
        <translation>tcp_wmem：发送缓冲区的最小、初始和最大大小；缓冲区满时 write() 会阻塞或返回 EAGAIN。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+2"/>
        <location line="+56"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location line="-58"/>
        <location line="+58"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>on, without a random offset</source>
        <translation>开，不加随机偏移</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ask for it</source>
        <translation>主动请求</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>only when the peer asks</source>
        <translation>仅在对端请求时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>when the SYN queue is full</source>
        <translation>SYN 队列满时</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>always</source>
        <translation>总是</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1: %2 (%3 = %4)</source>
        <translation>%1：%2（%3 = %4）</translation>
    </message>
</context>
<context>
    <name>tcplab::HostSettingsButton</name>
    <message>
        <location filename="../src/app/hostsettingsbutton.cpp" line="+43"/>
        <source>TCP settings</source>
        <translation>TCP 设置</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>TCP settings (%n changed)</source>
        <translation>
            <numerusform>TCP 设置（已修改 %n 项）</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The client host&apos;s TCP settings in force:</source>
        <translation>客户端主机当前生效的 TCP 设置：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server host&apos;s TCP settings in force:</source>
        <translation>服务器主机当前生效的 TCP 设置：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The experiment sets %1 = %2.</source>
        <translation>本实验设置 %1 = %2。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This experiment runs on this computer&apos;s own stack: its settings can be changed only by an administrator (sysctl).</source>
        <translation>本实验在这台计算机自己的协议栈上运行：只有管理员才能修改它的设置（sysctl）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The client host&apos;s TCP settings</source>
        <translation>客户端主机的 TCP 设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server host&apos;s TCP settings</source>
        <translation>服务器主机的 TCP 设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>These settings apply to this host of the lab network from the experiment&apos;s next run on. The SYN&apos;s options show them on the wire.</source>
        <translation>这些设置从实验下一次运行起作用于实验网络中的这台主机。线路上 SYN 的选项会体现它们。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This experiment runs on this computer&apos;s own stack. These are its settings; only an administrator can change them (sysctl).</source>
        <translation>本实验在这台计算机自己的协议栈上运行。这些是它的设置；只有管理员才能修改（sysctl）。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>least</source>
        <translation>最小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>first</source>
        <translation>初始</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>largest</source>
        <translation>最大</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Change nothing</source>
        <translation>不做修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The experiment runs with the host&apos;s own settings.</source>
        <translation>实验使用主机自己的设置运行。</translation>
    </message>
</context>
<context>
    <name>tcplab::InputFile</name>
    <message>
        <location filename="../src/core/session/inputfile.cpp" line="+22"/>
        <source>there is no such file</source>
        <translation>没有这个文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is a folder, not a file</source>
        <translation>这是一个文件夹，不是文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is not a regular file (a pipe or a device, say): the lab reads only files</source>
        <translation>这不是普通文件（例如管道或设备）：本程序只读取普通文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the file holds %1; the lab reads at most %2 of this kind</source>
        <translation>文件大小为 %1；这类文件本程序最多读取 %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the file holds more than %1; the lab reads at most that of this kind</source>
        <translation>文件大于 %1；这类文件本程序最多读取这么多</translation>
    </message>
</context>
<context>
    <name>tcplab::KernelText</name>
    <message>
        <location filename="../src/core/lab/kerneltext.cpp" line="+31"/>
        <source>On this computer the route to 127.0.0.1 has quickack 1: the kernel acknowledges every segment at once, so no delayed ACK can appear.</source>
        <translation>在这台计算机上，到 127.0.0.1 的路由设置了 quickack 1：内核对每个报文段都立即确认，所以不会出现延迟 ACK。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On the lab network no route turns delayed ACKs off: a delayed ACK waits at least 40 ms.</source>
        <translation>在实验网络上，没有哪条路由关闭延迟确认：延迟 ACK 至少等待 40 ms。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On this computer the route to 127.0.0.1 delays ACKs (no quickack): a delayed ACK waits at least 40 ms.</source>
        <translation>在这台计算机上，到 127.0.0.1 的路由会延迟 ACK（没有设置 quickack）：延迟 ACK 至少等待 40 ms。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This kernel treats an exchange as interactive after one answer (net.ipv4.tcp_pingpong_thresh = 1).</source>
        <translation>这个内核在应用程序答复一次之后就把往来视为交互式（net.ipv4.tcp_pingpong_thresh = 1）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This kernel treats an exchange as interactive only after %1 answers (net.ipv4.tcp_pingpong_thresh = %1), so after one answer it still acknowledges at once.</source>
        <translation>这个内核要在应用程序答复 %1 次之后才把往来视为交互式（net.ipv4.tcp_pingpong_thresh = %1），所以只答复一次时它仍会立即确认。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This kernel (Linux %1) treats an exchange as interactive after one answer.</source>
        <translation>这个内核（Linux %1）在应用程序答复一次之后就把往来视为交互式。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This kernel (Linux %1) may wait for three answers before it treats an exchange as interactive, as Linux 5.1 to 5.18 did unless a later fix was applied; then after one answer it still acknowledges at once.</source>
        <translation>这个内核（Linux %1）可能要等到应用程序答复三次之后才把往来视为交互式——Linux 5.1 到 5.18 就是这样，除非打了后来的修复补丁；那样的话，只答复一次时它仍会立即确认。</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+22"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>, </source>
        <comment>between the times of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>0 (this kernel has no such setting)</source>
        <translation>0（这个内核没有这项设置）</translation>
    </message>
</context>
<context>
    <name>tcplab::LabNetwork</name>
    <message>
        <location filename="../src/core/net/labnetwork.cpp" line="+129"/>
        <source>The lab network&apos;s keeper, tcplab-net, is not installed beside tcplab. Reinstall the package, or use --network loopback.</source>
        <translation>实验网络的守护程序 tcplab-net 没有与 tcplab 安装在一起。请重新安装软件包，或使用 --network loopback。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AppArmor refuses user namespaces to programs without a profile (kernel.apparmor_restrict_unprivileged_userns = 1). The package installs one in /etc/apparmor.d/tcplab-net; load it with: sudo apparmor_parser -r /etc/apparmor.d/tcplab-net</source>
        <translation>AppArmor 不允许没有配置文件的程序使用用户命名空间（kernel.apparmor_restrict_unprivileged_userns = 1）。软件包在 /etc/apparmor.d/tcplab-net 安装了一个配置文件；用以下命令加载它：sudo apparmor_parser -r /etc/apparmor.d/tcplab-net</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This system allows no user namespaces (user.max_user_namespaces = 0). An administrator can allow them with: sudo sysctl user.max_user_namespaces=10000</source>
        <translation>本系统不允许使用用户命名空间（user.max_user_namespaces = 0）。管理员可以用以下命令允许：sudo sysctl user.max_user_namespaces=10000</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This system allows user namespaces only to root (kernel.unprivileged_userns_clone = 0). An administrator can allow them with: sudo sysctl kernel.unprivileged_userns_clone=1</source>
        <translation>本系统只允许 root 使用用户命名空间（kernel.unprivileged_userns_clone = 0）。管理员可以用以下命令允许：sudo sysctl kernel.unprivileged_userns_clone=1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The system refused to build the lab network: %1.</source>
        <translation>系统拒绝建立实验网络：%1。</translation>
    </message>
    <message>
        <location line="+251"/>
        <source>The server host refused %1 = %2: %3.</source>
        <translation>服务器主机拒绝了 %1 = %2：%3。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The client host refused %1 = %2: %3.</source>
        <translation>客户端主机拒绝了 %1 = %2：%3。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&quot;%1&quot; is not a setting of the wire. The wire knows delay, jitter, rate, loss, seed, mtu, drop, dup, hold and rst.</source>
        <translation>“%1”不是线路的设置。线路支持 delay、jitter、rate、loss、seed、mtu、drop、dup、hold 和 rst。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;%1&quot;: the value does not fit. Write times as 50ms, 1.5s or 200us (at most 60 s), rates as 1mbit or 500kbit, loss as 5%, an MTU from 576 to 9000.</source>
        <translation>“%1”：取值不合适。时间写成 50ms、1.5s 或 200us（最多 60 s），速率写成 1mbit 或 500kbit，丢包率写成 5%，MTU 在 576 到 9000 之间。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;%1&quot;: say whose segments it is about, client or server, as in drop=client:fin.</source>
        <translation>“%1”：请说明针对谁发出的报文段，client 还是 server，例如 drop=client:fin。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;%1&quot;: the wire picks segments by any, syn, syn-ack, fin, rst, data, ack, ack-of-fin, last-ack or len=N.</source>
        <translation>“%1”：线路按 any、syn、syn-ack、fin、rst、data、ack、ack-of-fin、last-ack 或 len=N 选择报文段。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;%1&quot;: count matches as #2 (the second), or #* (every one); at most 64 rules.</source>
        <translation>“%1”：用 #2（第二个）或 #*（每一个）来计数匹配；最多 64 条规则。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The wire spec has an empty item: separate settings with single commas.</source>
        <translation>线路设置中有一项是空的：各项设置之间只用一个逗号分隔。</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+15"/>
        <source>The wire could not be set up: %1.</source>
        <translation>无法设置线路：%1。</translation>
    </message>
</context>
<context>
    <name>tcplab::LabSocket</name>
    <message>
        <location filename="../src/core/socket/labsocket.cpp" line="+87"/>
        <source>This socket is already connected or connecting; close it first.</source>
        <translation>这个套接字已经连接或正在连接；请先关闭它。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enter the server&apos;s address, for example 127.0.0.1.</source>
        <translation>请输入服务器地址，例如 127.0.0.1。</translation>
    </message>
    <message>
        <location filename="../src/core/socket/qtengine.cpp" line="+60"/>
        <source>QTcpSocket has no shutdown(): it cannot half-close. disconnectFromHost() closes both directions (after sending what Qt still buffers).</source>
        <translation>QTcpSocket 没有 shutdown()：它不能半关闭。disconnectFromHost() 关闭两个方向（先发出 Qt 缓冲区中尚未发出的数据）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>QTcpSocket has no TCP_CORK option (QAbstractSocket::SocketOption).</source>
        <translation>QTcpSocket 没有 TCP_CORK 选项（QAbstractSocket::SocketOption）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>QTcpSocket has no SO_LINGER option: abort() drops Qt&apos;s buffer and sends FIN, not RST. A reset needs setsockopt() on the descriptor, a system call.</source>
        <translation>QTcpSocket 没有 SO_LINGER 选项：abort() 丢弃 Qt 的缓冲区并发送 FIN，而不是 RST。要重置连接，需要在描述符上调用 setsockopt()，这是系统调用。</translation>
    </message>
    <message>
        <location line="+229"/>
        <source>QTcpSocket::write() returned -1: Qt closed this socket itself when the peer&apos;s FIN (or RST) arrived (RemoteHostClosedError), so it cannot send any more.</source>
        <translation>QTcpSocket::write() 返回 -1：对端的 FIN（或 RST）到达时，Qt 自己关闭了这个套接字（RemoteHostClosedError），所以它不能再发送。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>QTcpSocket::write() returned -1: the socket is not connected.</source>
        <translation>QTcpSocket::write() 返回 -1：套接字没有连接。</translation>
    </message>
    <message>
        <location filename="../src/core/socket/nativeengine.cpp" line="+236"/>
        <source>disconnectFromHost() is QTcpSocket&apos;s; the system call is close() or shutdown().</source>
        <translation>disconnectFromHost() 属于 QTcpSocket；对应的系统调用是 close() 或 shutdown()。</translation>
    </message>
</context>
<context>
    <name>tcplab::Ladder</name>
    <message>
        <location filename="../src/diagram/ladderexport.cpp" line="+286"/>
        <location filename="../src/diagram/ladderlayout.cpp" line="+116"/>
        <location line="+31"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../src/diagram/ladderlayout.cpp" line="-30"/>
        <location line="+31"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+59"/>
        <location filename="../src/diagram/ladderlayout.cpp" line="+157"/>
        <source>kernel: %1</source>
        <translation>内核：%1</translation>
    </message>
    <message>
        <location filename="../src/diagram/ladderlayout.cpp" line="-142"/>
        <source>Socket :%1</source>
        <translation>套接字 :%1</translation>
    </message>
    <message>
        <location line="+150"/>
        <location filename="../src/diagram/ladderpainter.cpp" line="+30"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>expected: %1  [%2]</source>
        <translation>预期：%1  [%2]</translation>
    </message>
    <message>
        <location filename="../src/diagram/ladderpainter.cpp" line="-5"/>
        <location line="+3"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>TEXTBOOK PICTURE — modelled, not captured</source>
        <translation>教科书示意图——模型推算，非抓包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MODELLED — not captured</source>
        <translation>模型推算——非抓包</translation>
    </message>
</context>
<context>
    <name>tcplab::LadderExport</name>
    <message>
        <location filename="../src/diagram/ladderexport.cpp" line="-267"/>
        <source>TCP Lab — %1</source>
        <translation>TCP 实验室 — %1</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n 条连接</numerusform>
        </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>captured live</source>
        <translation>实时抓包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>read from a capture file</source>
        <translation>读自抓包文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a textbook picture, modelled</source>
        <translation>教科书示意图，模型推算</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>modelled, not captured</source>
        <translation>模型推算，非抓包</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Student: %1</source>
        <translation>学生：%1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>States: filled, confirmed by the kernel (TCP_INFO or sock_diag); dashed outline, from the segments only; red, the kernel read otherwise.</source>
        <translation>状态：实心表示已由内核确认（TCP_INFO 或 sock_diag）；虚线边框表示仅根据报文段推断；红色表示内核读到的状态与此不同。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>The picture would be %1 × %2 pixels, more than a PNG can safely hold (%3 per side). Export as SVG or PDF instead, or choose a smaller scale.</source>
        <translation>图片将有 %1 × %2 像素，超过 PNG 能安全容纳的大小（每边 %3）。请改为导出 SVG 或 PDF，或选择更小的缩放。</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>(from the segments)</source>
        <translation>（根据报文段推断）</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+15"/>
        <location line="+33"/>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>cannot read back %1</source>
        <translation>无法读回 %1</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>&quot;%1&quot;: the format comes from the file name; use .png, .svg, .pdf, .txt or .mmd</source>
        <translation>“%1”：格式由文件名决定；请使用 .png、.svg、.pdf、.txt 或 .mmd</translation>
    </message>
</context>
<context>
    <name>tcplab::Listener</name>
    <message>
        <location filename="../src/core/socket/listener.cpp" line="+263"/>
        <source>nextPendingConnection() returned nullptr: no connection is waiting. Connect a client first.</source>
        <translation>nextPendingConnection() 返回 nullptr：没有等待中的连接。请先连接一个客户端。</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>The server is not listening: press Listen first.</source>
        <translation>服务器没有在监听：请先按 listen()。</translation>
    </message>
    <message>
        <location line="-178"/>
        <source>accept(): EAGAIN — no connection is waiting in the accept queue yet. Connect a client first.</source>
        <translation>accept()：EAGAIN——accept 队列中还没有等待的连接。请先连接一个客户端。</translation>
    </message>
</context>
<context>
    <name>tcplab::LiveCapture</name>
    <message>
        <location filename="../src/core/capture/livecapture.cpp" line="+61"/>
        <source>Live capture is not permitted for this user (%1). %2</source>
        <translation>当前用户没有实时抓包的权限（%1）。%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot capture on %1: %2</source>
        <translation>无法在 %1 上抓包：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Capture filter &quot;%1&quot; rejected: %2</source>
        <translation>抓包过滤器“%1”被拒绝：%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Capture on %1 cannot be watched for frames.</source>
        <translation>无法监视 %1 上的抓包数据。</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>To see the real segments, an administrator can allow this user once: sudo tcplab-allow-capture %1 (then log in again).</source>
        <translation>要看到真实的报文段，管理员可以一次性允许这个用户：sudo tcplab-allow-capture %1（然后重新登录）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>To see the real segments, an administrator can give the capture helper its capability once: sudo setcap cap_net_raw=ep %1</source>
        <translation>要看到真实的报文段，管理员可以一次性给抓包助手授予权限：sudo setcap cap_net_raw=ep %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To see the real segments, run TCP Lab as root or let an administrator grant the capture capability once: sudo setcap cap_net_raw,cap_net_admin=eip %1</source>
        <translation>要看到真实的报文段，请以 root 身份运行 TCP 实验室，或请管理员一次性授予抓包权限：sudo setcap cap_net_raw,cap_net_admin=eip %1</translation>
    </message>
</context>
<context>
    <name>tcplab::MainWindow</name>
    <message>
        <location filename="../src/app/mainwindow.cpp" line="+272"/>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1108"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="-1105"/>
        <location line="+1106"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location line="-1103"/>
        <location line="+1104"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location line="-1044"/>
        <source>The wire is perfect again.</source>
        <translation>线路又恢复完好了。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The wire is now: %1</source>
        <translation>线路现在是：%1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The client&apos;s next segment will be dropped on the wire.</source>
        <translation>客户端的下一个报文段将在线路上被丢弃。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The client&apos;s next segment will be held behind the one after it.</source>
        <translation>客户端的下一个报文段将被压住，排到其后一个报文段之后送达。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server&apos;s next segment will be dropped on the wire.</source>
        <translation>服务器的下一个报文段将在线路上被丢弃。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server&apos;s next segment will be held behind the one after it.</source>
        <translation>服务器的下一个报文段将被压住，排到其后一个报文段之后送达。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The experiment&apos;s next run keeps the host&apos;s own TCP settings.</source>
        <translation>实验下一次运行保留主机自己的 TCP 设置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The experiment&apos;s next run changes the client host&apos;s TCP settings.</source>
        <translation>实验下一次运行将修改客户端主机的 TCP 设置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The experiment&apos;s next run changes the server host&apos;s TCP settings.</source>
        <translation>实验下一次运行将修改服务器主机的 TCP 设置。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Its pair: “%1” — the same experiment with the switch flipped.</source>
        <translation>它的配对实验：“%1”——同一个实验，只是把开关拨到另一边。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Next: step %1 of %2, %3</source>
        <translation>下一步：第 %1 步（共 %2 步），%3</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>From an earlier run, still in TIME_WAIT: port %1 ↔ port %2, %3 s left</source>
        <translation>上一次运行留下的连接仍处于 TIME_WAIT：端口 %1 ↔ 端口 %2，还剩 %3 s</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>… and %n more connection(s) from earlier runs still in TIME_WAIT.</source>
        <translation>
            <numerusform>……另有 %n 条先前运行的连接仍处于 TIME_WAIT。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Step %1: %2</source>
        <translation>第 %1 步：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>No lab network here: this experiment runs on loopback.</source>
        <translation>这里没有实验网络：本实验在回环接口上运行。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This experiment runs on loopback.</source>
        <translation>本实验在回环接口上运行。</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>✓ The kernel did what the textbook predicts.</source>
        <translation>✓ 内核的行为与教科书的预测一致。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not checked.</source>
        <translation>未检查。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✗ Not as expected.</source>
        <translation>✗ 与预期不符。</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+13"/>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>TCP Lab experiments (*.json)</source>
        <translation>TCP 实验室实验 (*.json)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 is not a usable experiment: %2</source>
        <translation>%1 不是可用的实验：%2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The panes now work on the lab network: the server host is %1.</source>
        <translation>两侧面板现在在实验网络上工作：服务器主机是 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The panes now work on this computer&apos;s loopback (127.0.0.1).</source>
        <translation>两侧面板现在在这台计算机的回环接口（127.0.0.1）上工作。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Capture failed: %1</source>
        <translation>抓包失败：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n captured frame(s) could not be read and are not in the diagram (last: %1).</source>
        <translation>
            <numerusform>有 %n 个抓到的帧无法解析，没有画进时序图中（最后一个：%1）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Click a segment in the diagram to see every field of its header and what it does in this connection.</source>
        <translation>点击时序图中的报文段，查看其首部的每个字段，以及它在这条连接中的作用。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>New session: every socket was closed.</source>
        <translation>新会话：所有套接字都已关闭。</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+18"/>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location line="-17"/>
        <location line="+196"/>
        <source>TCP Lab sessions (*.tcplab *.json)</source>
        <translation>TCP 实验室会话 (*.tcplab *.json)</translation>
    </message>
    <message>
        <location line="-183"/>
        <location line="+45"/>
        <source>Opened %1.</source>
        <translation>已打开 %1。</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>%1 is not a TCP Lab session: %2</source>
        <translation>%1 不是 TCP 实验室会话：%2</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+10"/>
        <location line="+9"/>
        <location line="+10"/>
        <source>Open capture</source>
        <translation>打开抓包文件</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Captures (*.pcap *.pcapng *.cap);;All files (*)</source>
        <translation>抓包文件 (*.pcap *.pcapng *.cap);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Which connection?</source>
        <translation>哪一条连接？</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Opened %1 as far as it could be read: %2</source>
        <translation>已尽可能读取并打开 %1：%2</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Experiment: %1</source>
        <translation>实验：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capture: %1</source>
        <translation>抓包：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session: %1</source>
        <translation>会话：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+5"/>
        <location line="+7"/>
        <source>Save captured frames</source>
        <translation>保存抓到的帧</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>There are no captured frames to save: the segments of this session were not captured live.</source>
        <translation>没有可保存的帧：这个会话的报文段不是实时抓包得到的。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>pcap captures (*.pcap)</source>
        <translation>pcap 抓包文件 (*.pcap)</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+26"/>
        <location line="+12"/>
        <location line="+9"/>
        <source>Export diagram</source>
        <translation>导出时序图</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;Text ladder (*.txt);;Mermaid (*.mmd)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf);;文本时序图 (*.txt);;Mermaid (*.mmd)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Your name, written on the picture (optional):</source>
        <translation>你的姓名，会写在图上（可不填）：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>2× (sharp on slides)</source>
        <translation>2×（在幻灯片上清晰）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1×</source>
        <translation>1×</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>3×</source>
        <translation>3×</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2×, transparent background</source>
        <translation>2×，透明背景</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PNG size and background:</source>
        <translation>PNG 尺寸和背景：</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Copy diagram</source>
        <translation>复制时序图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The diagram is on the clipboard.</source>
        <translation>时序图已复制到剪贴板。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+7"/>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Tour of the window</source>
        <translation>窗口导览(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What to look for</source>
        <translation>观察要点</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This experiment has no card of what to look for; its explanation is above the diagram.</source>
        <translation>这个实验没有观察要点卡片；它的说明在时序图上方。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The experiment bar</source>
        <translation>实验栏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose an experiment, then Run (F5) plays it through, Step (F10) makes one call at a time, and Reset closes every socket. The box above the diagram says what the experiment shows and, after the run, whether the kernel did what the textbook predicts.</source>
        <translation>选择一个实验：运行（F5）一次做完，单步（F10）每次做一个调用，重置关闭所有套接字。时序图上方的框说明这个实验演示什么，运行结束后还会说明内核的行为是否与教科书的预测一致。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The client and server panes</source>
        <translation>客户端与服务器面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each pane makes the system calls of one side by hand: listen(), accept(), connect(), write(), read(), shutdown(), close() and abort. The badge at the top is the TCP state the kernel reports for that socket. The server listens on a port the kernel chooses and shows it large, with the address a student&apos;s client connects to.</source>
        <translation>每个面板手动发起一方的系统调用：listen()、accept()、connect()、write()、read()、shutdown()、close() 和异常终止。顶部的标签是内核为这个套接字报告的 TCP 状态。服务器在内核选定的端口上监听，并用大字显示这个端口以及学生的客户端要连接的地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The diagram</source>
        <translation>时序图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every segment on the wire is an arrow from the side that sent it, with its flags (SYN, ACK, FIN, RST), sequence and acknowledgement numbers, and options. States stand where they happened: filled when a kernel reading confirmed them, dashed when they come from the segments only. The brackets on the right name the phases: the three-way handshake, the data transfer and the teardown.</source>
        <translation>网络上的每个报文段都是一支从发送方出发的箭头，标有它的标志（SYN、ACK、FIN、RST）、序列号、确认号和选项。状态画在它发生的位置：经内核读数确认的为实心，仅由报文段推断的为虚线框。右侧的括号标出各个阶段：三次握手、数据传输和四次挥手。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Details, log and what to look for</source>
        <translation>详情、记录与观察要点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a segment to see every field of its header and what it does in this connection. The event log lists every call, segment and state in order. What to look for is the experiment&apos;s card of things to find in the diagram.</source>
        <translation>点击一个报文段，可以看到它首部的每个字段以及它在这条连接中的作用。事件记录按顺序列出每个调用、报文段和状态。观察要点是这个实验的卡片，列出要在时序图中找到的东西。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The wire</source>
        <translation>线路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the lab network the wire between the two hosts is yours: delay, loss and reordering, or drop exactly the next segment of one side, and watch the kernel retransmit.</source>
        <translation>在实验网络上，两台主机之间的线路由你控制：加延迟、丢包、乱序，或者恰好丢弃某一方的下一个报文段，然后观察内核重传。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In front of a class</source>
        <translation>课堂演示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>View → Present (F11) folds the panes into a bar of calls, fits the whole diagram to the screen and shows it one segment at a time with the arrow keys, each explained in large type. Esc brings the panes back.</source>
        <translation>视图 → 演示（F11）把面板收成一行调用按钮，让整张时序图适应屏幕，并用方向键逐个显示报文段，每个都用大字解释。按 Esc 回到面板。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keeping and handing in</source>
        <translation>保存与提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File → Export diagram writes PNG, SVG, PDF, text or Mermaid, with the experiment, its verdict, the date and your name. File → Save session keeps the whole run to open again.</source>
        <translation>文件 → 导出时序图可以写成 PNG、SVG、PDF、文本或 Mermaid，并附上实验名称、结论、日期和你的姓名。文件 → 保存会话会保存整次运行，以后可以再打开。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>A tour of TCP Lab</source>
        <translation>TCP 实验室导览</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Present</source>
        <translation>演示(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For a projector: the panes fold into a bar of calls, the diagram fills the screen and shows one segment or call at a time (→ and ←), explained in large type.</source>
        <translation>用于投影：两个面板收成一行调用按钮，时序图占满屏幕，每次显示一个报文段或调用（→ 和 ←），并用大字解释。</translation>
    </message>
    <message>
        <location line="+138"/>
        <location line="+46"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="-45"/>
        <location line="+46"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="-424"/>
        <location line="+55"/>
        <location line="+32"/>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location line="-826"/>
        <source>Ready for the classic experiment: press listen() on the server, then connect() and write() on the client.</source>
        <translation>经典实验已就绪：先在服务器上按 listen()，再在客户端上按 connect() 和 write()。</translation>
    </message>
    <message>
        <location line="+923"/>
        <source>About TCP Lab</source>
        <translation>关于 TCP 实验室</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;TCP Lab %1&lt;/h3&gt;&lt;p&gt;Drive a real TCP connection one system call at a time and see what the kernel does.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;TCP 实验室 %1&lt;/h3&gt;&lt;p&gt;一次一个系统调用地驱动一条真实的 TCP 连接，看看内核做了什么。&lt;/p&gt;&lt;p&gt;以 GNU GPL 第 3 版或更高版本授权。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>tcplab::Observations</name>
    <message>
        <location filename="../src/core/lab/observations.cpp" line="+18"/>
        <source>the client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connection %1: </source>
        <translation>连接 %1：</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The teardown took three segments: %1 closed %2 after %3&apos;s FIN arrived, within the delayed-ACK time, so its ACK rode on its own FIN.</source>
        <translation>这次挥手只用了三个报文段：%1在%3的 FIN 到达 %2 后就关闭了，没有超过延迟确认时间，所以它的 ACK 捎带在自己的 FIN 上。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The two FINs crossed on the wire: %1 closed before %2&apos;s FIN arrived, so each side acknowledged the other&apos;s FIN from CLOSING (a simultaneous close).</source>
        <translation>两个 FIN 在网络上交错而过：%1在%2的 FIN 到达之前就关闭了，所以双方都在 CLOSING 状态下确认对方的 FIN（同时关闭）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The teardown took four segments: %1&apos;s kernel acknowledged %2&apos;s FIN at once, after %3, and its application closed %4 after the FIN.</source>
        <translation>这次挥手用了四个报文段：%1的内核在 %3 后立即确认了%2的 FIN，而它的应用程序在 FIN 到达 %4 后才关闭。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The teardown took four segments: %1&apos;s kernel acknowledged %2&apos;s FIN on its own after %3, and its application closed %4 after the FIN, later than the delayed-ACK time.</source>
        <translation>这次挥手用了四个报文段：%1的内核在 %3 后单独发送 ACK，确认了%2的 FIN；而它的应用程序在 FIN 到达 %4 后才关闭，晚于延迟确认时间。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 acknowledged %2&apos;s FIN after %3 and has not closed: it stays in CLOSE_WAIT for as long as its application wants.</source>
        <translation>%1在 %3 后确认了%2的 FIN，但还没有关闭：只要它的应用程序愿意，它就一直停留在 CLOSE_WAIT。</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>%1 acknowledged %n byte(s) on its own %2 after they arrived: a delayed ACK (Linux waits at least 40 ms for an answer to carry it).</source>
        <translation>
            <numerusform>%1在数据到达 %2 后才单独确认了这 %n 个字节：这是延迟 ACK（Linux 至少等待 40 ms，希望由答复数据捎带确认）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>Nothing answered the SYN, so the client sent it again %n time(s), after %1. This kernel&apos;s schedule: %2 after the first (tcp_syn_retries limits how often).</source>
        <translation>
            <numerusform>SYN 没有得到任何应答，所以客户端又重发了 %n 次，分别在首次发送后 %1。这个内核的重传时间表：首次发送后 %2（重发次数受 tcp_syn_retries 限制）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::OutputFile</name>
    <message>
        <location filename="../src/core/session/inputfile.cpp" line="+11"/>
        <source>cannot write %1: it is a symbolic link, and the lab does not write through links. Choose another name.</source>
        <translation>无法写入 %1：它是符号链接，本程序不通过链接写文件。请换一个文件名。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cannot write %1: it is a folder.</source>
        <translation>无法写入 %1：它是一个文件夹。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cannot write %1: the folder %2 does not exist.</source>
        <translation>无法写入 %1：文件夹 %2 不存在。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cannot write %1: this user may not write there.</source>
        <translation>无法写入 %1：当前用户没有在那里写入的权限。</translation>
    </message>
</context>
<context>
    <name>tcplab::Phase</name>
    <message>
        <location filename="../src/core/session/phases.cpp" line="+47"/>
        <source>three-way handshake</source>
        <translation>三次握手</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>data transfer</source>
        <translation>数据传输</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>four-way teardown</source>
        <translation>四次挥手</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reset</source>
        <translation>连接重置</translation>
    </message>
</context>
<context>
    <name>tcplab::Presenter</name>
    <message>
        <location filename="../src/app/presenter.cpp" line="+225"/>
        <source>Run an experiment, or make a call from the bar above: its segments appear here one at a time (→ and ←).</source>
        <translation>运行一个实验，或用上方的按钮发起调用：报文段会在这里逐个出现（→ 和 ←）。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 → %2</source>
        <comment>a side enters a TCP state</comment>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Calls</source>
        <translation>调用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The previous segment or call (← or Page Up)</source>
        <translation>上一个报文段或调用（← 或 Page Up）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The next segment or call (→, Space or Page Down)</source>
        <translation>下一个报文段或调用（→、空格或 Page Down）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave presentation</source>
        <translation>退出演示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the panes (Esc or F11)</source>
        <translation>回到面板（Esc 或 F11）</translation>
    </message>
</context>
<context>
    <name>tcplab::Scenario</name>
    <message>
        <location filename="../src/core/lab/scenario.cpp" line="+164"/>
        <source>%1: unknown key; expected one of %2</source>
        <translation>%1：未知的键；应为以下之一：%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: expected one of %2 — got %3</source>
        <translation>%1：应为以下之一：%2 — 实际为 %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: missing; expected a text</source>
        <translation>%1：缺失；应为一段文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+82"/>
        <location line="+26"/>
        <source>%1: expected a text — got %2</source>
        <translation>%1：应为一段文本 — 实际为 %2</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>%1: missing; expected one of %2</source>
        <translation>%1：缺失；应为以下之一：%2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1: expected true or false — got %2</source>
        <translation>%1：应为 true 或 false — 实际为 %2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: expected a whole number from %2 to %3 — got %4</source>
        <translation>%1：应为 %2 到 %3 之间的整数 — 实际为 %4</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1: expected {&quot;en&quot;: [&quot;…&quot;, …], &quot;zh_CN&quot;: […]} — got %2</source>
        <translation>%1：应为 {&quot;en&quot;: [&quot;…&quot;, …], &quot;zh_CN&quot;: […]} — 实际为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: expected a list of texts — got %2</source>
        <translation>%1：应为文本列表 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+25"/>
        <source>%1: missing; an English text is required</source>
        <translation>%1：缺失；必须有英文文本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: missing; expected a text or {&quot;en&quot;: …, &quot;zh_CN&quot;: …}</source>
        <translation>%1：缺失；应为一段文本或 {&quot;en&quot;: …, &quot;zh_CN&quot;: …}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: expected a text or {&quot;en&quot;: …, &quot;zh_CN&quot;: …} — got %2</source>
        <translation>%1：应为一段文本或 {&quot;en&quot;: …, &quot;zh_CN&quot;: …} — 实际为 %2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: expected a list of TCP state names — got %2</source>
        <translation>%1：应为 TCP 状态名的列表 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1: missing; expected a TCP state name such as ESTABLISHED or TIME_WAIT</source>
        <translation>%1：缺失；应为 TCP 状态名，例如 ESTABLISHED 或 TIME_WAIT</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: expected a number of seconds from 1 to 3600, or &quot;tcp_fin_timeout&quot; — got %2</source>
        <translation>%1：应为 1 到 3600 之间的秒数，或 &quot;tcp_fin_timeout&quot; — 实际为 %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: expected a TCP state name such as ESTABLISHED or TIME_WAIT (or {&quot;state&quot;: …, &quot;kernel&quot;: true}) — got %2</source>
        <translation>%1：应为 TCP 状态名，例如 ESTABLISHED 或 TIME_WAIT（或 {&quot;state&quot;: …, &quot;kernel&quot;: true}） — 实际为 %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1: expected a segment that starts with c: (the client&apos;s) or s: (the server&apos;s), such as &quot;c:S&quot; or &quot;s:S.&quot; — got %2</source>
        <translation>%1：应为以 c:（客户端发出）或 s:（服务器发出）开头的报文段，例如 &quot;c:S&quot; 或 &quot;s:S.&quot; — 实际为 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: expected TCP flags after c: or s:, from S, F, P, R, U, E and W, then . for ACK (&quot;S&quot;, &quot;S.&quot;, &quot;FP.&quot;, &quot;.&quot;), then ? for one that may not come — got %2</source>
        <translation>%1：c: 或 s: 之后应为 TCP 标志位，取自 S、F、P、R、U、E 和 W，再用 . 表示 ACK（&quot;S&quot;、&quot;S.&quot;、&quot;FP.&quot;、&quot;.&quot;），可能不出现的报文段再加 ? — 实际为 %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: expected what the wire did after / (one of %2), then ? for a segment that may not come — got %3</source>
        <translation>%1：/ 之后应为线路对它的处理（以下之一：%2），可能不出现的报文段再加 ? — 实际为 %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: expected the segments as &quot;c:S s:S. c:.&quot; or a list — got %2</source>
        <translation>%1：应为报文段，写成 &quot;c:S s:S. c:.&quot; 或列表 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1: expected a segment such as &quot;c:P.&quot; or {&quot;seg&quot;: &quot;c:P.&quot;, …} — got %2</source>
        <translation>%1：应为报文段，例如 &quot;c:P.&quot; 或 {&quot;seg&quot;: &quot;c:P.&quot;, …} — 实际为 %2</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1: expected [at least, at most] in milliseconds up to 600000, such as [900, 1300] — got %2</source>
        <translation>%1：应为 [至少, 至多]，单位毫秒，不超过 600000，例如 [900, 1300] — 实际为 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: a connection&apos;s first segment has no segment before it to be timed from</source>
        <translation>%1：连接的第一个报文段之前没有报文段，无法据此计时</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>%1: expected {&quot;idle&quot;: s, &quot;interval&quot;: s, &quot;count&quot;: n} — got %2</source>
        <translation>%1：应为 {&quot;idle&quot;: 秒, &quot;interval&quot;: 秒, &quot;count&quot;: 次数} — 实际为 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: missing; expected the seconds idle before the first probe</source>
        <translation>%1：缺失；应为第一次探测之前的空闲秒数</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: expected an object of TCP settings such as {&quot;tcp_sack&quot;: 0} — got %2</source>
        <translation>%1：应为 TCP 设置的对象，例如 {&quot;tcp_sack&quot;: 0} — 实际为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: unknown TCP setting; expected one of %2</source>
        <translation>%1：未知的 TCP 设置；应为以下之一：%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: expected a whole number, or up to three separated by spaces (&quot;4096 16384 65536&quot;) — got %2</source>
        <translation>%1：应为一个整数，或最多三个以空格分隔的整数（&quot;4096 16384 65536&quot;） — 实际为 %2</translation>
    </message>
    <message>
        <location line="+201"/>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+136"/>
        <source>%1: the client has no connection to wait on: no step before it connects</source>
        <translation>%1：客户端没有可等待的连接：它之前没有建立连接的步骤</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the server has nothing to wait on: no step before it listens</source>
        <translation>%1：服务器没有可等待的对象：它之前没有监听的步骤</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: the server has no connection to wait on: no client connects before it</source>
        <translation>%1：服务器没有可等待的连接：它之前没有客户端连接过来</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2 is the server&apos;s step, not the client&apos;s</source>
        <translation>%1：%2 是服务器的步骤，不是客户端的</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: %2 is the client&apos;s step, not the server&apos;s</source>
        <translation>%1：%2 是客户端的步骤，不是服务器的</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: %2 needs a listening socket; no step before it listens</source>
        <translation>%1：%2 需要一个监听套接字；它之前没有监听的步骤</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: %2 needs a server to connect to; no step before it listens</source>
        <translation>%1：%2 需要一个可连接的服务器；它之前没有监听的步骤</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1: the client has no connection at this step: no step before it connects (connect, connectToHost, connect-self or connect-closed-port)</source>
        <translation>%1：到这一步客户端还没有连接：它之前没有建立连接的步骤（connect、connectToHost、connect-self 或 connect-closed-port）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: the server has no connection at this step: no step before it listens</source>
        <translation>%1：到这一步服务器还没有连接：它之前没有监听的步骤</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the server has no connection at this step: no client connects before it</source>
        <translation>%1：到这一步服务器还没有连接：它之前没有客户端连接过来</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the server has no connection at this step: it does not accept by itself (&quot;auto_accept&quot;: false) and no step before it accepts</source>
        <translation>%1：到这一步服务器还没有连接：它不会自动 accept（&quot;auto_accept&quot;: false），而它之前也没有 accept 的步骤</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the file is empty; a scenario in JSON was expected</source>
        <translation>文件是空的；此处应为 JSON 格式的场景</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the file is %1 KiB; a scenario is at most %2 KiB</source>
        <translation>文件大小为 %1 KiB；场景文件最大 %2 KiB</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>not JSON: %1 at line %2, column %3</source>
        <translation>不是 JSON：第 %2 行第 %3 列，%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>expected a JSON object at the top — got %1</source>
        <translation>最外层应为 JSON 对象 — 实际为 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: missing; expected &quot;tcplab-scenario/1&quot;</source>
        <translation>%1：缺失；应为 &quot;tcplab-scenario/1&quot;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: expected &quot;tcplab-scenario/1&quot; — got %2</source>
        <translation>%1：应为 &quot;tcplab-scenario/1&quot; — 实际为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: expected lower-case letters, digits and dashes (at most 64, not starting with a dash) — got %2</source>
        <translation>%1：应为小写字母、数字和连字符（最多 64 个，不以连字符开头） — 实际为 %2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: only a modelled textbook picture (&quot;modelled_only&quot;: true) can slow its wire</source>
        <translation>%1：只有模型推算的教科书示意图（&quot;modelled_only&quot;: true）才能放慢它的线路</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+84"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>%1: only the lab network (&quot;network&quot;: &quot;lab&quot;) has a wire to set</source>
        <translation>%1：只有实验网络（&quot;network&quot;: &quot;lab&quot;）才有可设置的线路</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: expected a list of connection numbers (1, 2, …) — got %2</source>
        <translation>%1：应为连接编号的列表（1, 2, …） — 实际为 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: expected a connection number (1, 2, …) — got %2</source>
        <translation>%1：应为连接编号（1, 2, …） — 实际为 %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: expected an object of settings — got %2</source>
        <translation>%1：应为设置的对象 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: a Qt socket has no cork, linger or reuse_address false</source>
        <translation>%1：Qt 套接字没有 cork、linger，也不能设 reuse_address 为 false</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: missing; expected a non-empty list of steps</source>
        <translation>%1：缺失；应为非空的步骤列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: expected a non-empty list of steps — got %2</source>
        <translation>%1：应为非空的步骤列表 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: expected a step object — got %2</source>
        <translation>%1：应为步骤对象 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1: missing; expected the text to write (or &quot;size&quot;: how many bytes)</source>
        <translation>%1：缺失；应为要写出的文本（或用 &quot;size&quot; 给出字节数）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: missing; expected the wire&apos;s rules, such as &quot;drop=server:any#*&quot;</source>
        <translation>%1：缺失；应为线路规则，例如 &quot;drop=server:any#*&quot;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: expected only rules (drop, dup, hold, rst) in a wire step; the wire&apos;s delay, rate, loss and MTU go in the scenario&apos;s &quot;wire&quot; — got %2</source>
        <translation>%1：线路步骤中应只有规则（drop、dup、hold、rst）；线路的延迟、速率、丢失和 MTU 写在场景的 &quot;wire&quot; 中 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: only a write has a &quot;size&quot;, and it gives either &quot;data&quot; or &quot;size&quot;, not both</source>
        <translation>%1：只有 write 才有 &quot;size&quot;，并且 &quot;data&quot; 和 &quot;size&quot; 只能给出其一</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1: %2 is a system call; this %3 runs on Qt&apos;s QTcpSocket</source>
        <translation>%1：%2 是系统调用；这个 %3 使用 Qt 的 QTcpSocket</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 is Qt&apos;s; this %3 runs on the system calls (&quot;engine&quot;: &quot;qt&quot; or connectToHost make a Qt socket)</source>
        <translation>%1：%2 属于 Qt；这个 %3 使用系统调用（&quot;engine&quot;: &quot;qt&quot; 或 connectToHost 才会创建 Qt 套接字）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1: &quot;received&quot; counts the bytes of &quot;wait_for&quot;: &quot;server.data&quot; or &quot;client.data&quot;</source>
        <translation>%1：&quot;received&quot; 计的是 &quot;wait_for&quot; 那一方收到的字节数，&quot;wait_for&quot; 应为 &quot;server.data&quot; 或 &quot;client.data&quot;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: expected an errno name such as EADDRINUSE or EPIPE — got %2</source>
        <translation>%1：应为 errno 名称，例如 EADDRINUSE 或 EPIPE — 实际为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: a step that runs at once follows another step and does not wait</source>
        <translation>%1：立即执行的步骤必须跟在另一个步骤之后，并且不等待</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: a wait step needs &quot;wait_for&quot; or &quot;delay_ms&quot;</source>
        <translation>%1：wait 步骤需要 &quot;wait_for&quot; 或 &quot;delay_ms&quot;</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: %2 is a wire step, which runs on the lab network; expected &quot;network&quot;: &quot;lab&quot;</source>
        <translation>%1：%2 是线路步骤，只能在实验网络上运行；应为 &quot;network&quot;: &quot;lab&quot;</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1: missing; expected an object with the expected &quot;wire&quot; pattern</source>
        <translation>%1：缺失；应为包含预期 &quot;wire&quot; 模式的对象</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: expected an object with the expected &quot;wire&quot; pattern — got %2</source>
        <translation>%1：应为包含预期 &quot;wire&quot; 模式的对象 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: expected &quot;wire&quot; (or &quot;connections&quot;, one object per connection)</source>
        <translation>%1：应有 &quot;wire&quot;（或 &quot;connections&quot;，每条连接一个对象）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: either &quot;wire&quot; and the states of one connection, or &quot;connections&quot;, not both</source>
        <translation>%1：要么给出一条连接的 &quot;wire&quot; 和状态，要么给出 &quot;connections&quot;，不能两者都有</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: missing; expected segments such as &quot;c:S s:S. c:.&quot;</source>
        <translation>%1：缺失；应为报文段，例如 &quot;c:S s:S. c:.&quot;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: expected a non-empty list of connections — got %2</source>
        <translation>%1：应为非空的连接列表 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: expected a connection object — got %2</source>
        <translation>%1：应为连接对象 — 实际为 %2</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%1: the steps make %n connection(s); this one is never made</source>
        <translation>
            <numerusform>%1：这些步骤只建立 %n 条连接；这一条永远不会出现</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: expected a list of calls — got %2</source>
        <translation>%1：应为调用的列表 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: expected a call object — got %2</source>
        <translation>%1：应为调用对象 — 实际为 %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: expected a call such as read, write or errorOccurred — got %2</source>
        <translation>%1：应为调用名，例如 read、write 或 errorOccurred — 实际为 %2</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%1: the steps make %n connection(s); there is no connection %2</source>
        <translation>
            <numerusform>%1：这些步骤只建立 %n 条连接；没有第 %2 条连接</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: expected an errno name such as ECONNRESET, or &quot;&quot; for success — got %2</source>
        <translation>%1：应为 errno 名称，例如 ECONNRESET，成功则为 &quot;&quot; — 实际为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: expected an errno name such as ECONNREFUSED, or &quot;&quot; for none — got %2</source>
        <translation>%1：应为 errno 名称，例如 ECONNREFUSED，没有错误则为 &quot;&quot; — 实际为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1: expected a QAbstractSocket::SocketError name such as RemoteHostClosedError — got %2</source>
        <translation>%1：应为 QAbstractSocket::SocketError 的名称，例如 RemoteHostClosedError — 实际为 %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: expected {&quot;name&quot;: …, &quot;value&quot;: …} — got %2</source>
        <translation>%1：应为 {&quot;name&quot;: …, &quot;value&quot;: …} — 实际为 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: expected an option the lab sets, such as SO_LINGER or TCP_NODELAY — got %2</source>
        <translation>%1：应为实验室会设置的选项，例如 SO_LINGER 或 TCP_NODELAY — 实际为 %2</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%1: the experiment expects %n connection(s); there is no connection %2</source>
        <translation>
            <numerusform>%1：该实验只预期 %n 条连接；没有第 %2 条连接</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::ScenarioRunner</name>
    <message>
        <location filename="../src/core/lab/scenariorunner.cpp" line="+47"/>
        <source>Step %1 (%2) waited %3 s for %4, which did not happen.</source>
        <translation>第 %1 步（%2）等待 %4 达 %3 s，但始终没有发生。</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>&quot;%1&quot; cannot be captured on this computer: on loopback a segment arrives within microseconds, so what it shows never happens here. It is a textbook picture; run it without --capture live to see it modelled.</source>
        <translation>“%1”无法在这台计算机上抓包：在回环接口上，报文段几微秒内就会到达，所以它展示的情形在这里永远不会发生。它是一张教科书示意图；不加 --capture live 运行它，就能看到模型推算的结果。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&quot;%1&quot; needs the lab network: what it shows takes a wire the lab controls, which loopback does not have.</source>
        <translation>“%1”需要实验网络：它展示的内容需要一条由实验控制的线路，而回环接口没有。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&quot;%1&quot; is captured live on the lab network; it cannot be modelled.</source>
        <translation>“%1”在实验网络上实时抓包；它不能用模型推算。</translation>
    </message>
    <message>
        <location line="+173"/>
        <source>Step %1 (%2): %3</source>
        <translation>第 %1 步（%2）：%3</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>there is no server to connect to: listen first</source>
        <translation>没有可连接的服务器：请先 listen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>nothing listens</source>
        <translation>没有程序在监听</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the wire&apos;s rules need the lab network</source>
        <translation>线路规则需要实验网络</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the %1 has no connection for this step</source>
        <translation>%1没有可用于这一步的连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>failed with %1, as expected</source>
        <translation>如预期以 %1 失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>expected to fail with %1, but %2</source>
        <translation>预期以 %1 失败，但%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it succeeded</source>
        <translation>调用成功了</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Here is the message: %1</source>
        <translation>收到的消息：%1</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>One side ran here against another program: only what it printed was checked.</source>
        <translation>只有一端在这里运行，另一端是别的程序：只检查了它打印的内容。</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>The capture is incomplete: %n frame(s) were lost before the lab could read them (a busy computer), so the wire was not compared with the expectation. Run it again.</source>
        <translation>
            <numerusform>抓包不完整：有 %n 帧在本程序读取之前就丢失了（计算机太忙），所以没有把线路上的报文段与预期比较。请再运行一次。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::SegmentText</name>
    <message>
        <location filename="../src/core/session/segmentexplain.cpp" line="+85"/>
        <source>the client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the socket</source>
        <translation>该套接字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>itself</source>
        <translation>它自己</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connection refused: nothing listens on this port, so %1&apos;s kernel answers the SYN with RST. connect() fails with ECONNREFUSED.</source>
        <translation>连接被拒绝：这个端口上没有程序在监听，所以%1的内核用 RST 回应 SYN。connect() 以 ECONNREFUSED 失败。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Abortive close: %1&apos;s application set SO_LINGER {on, 0} and called close(), so the kernel throws the connection away with RST — no FIN, no TIME_WAIT. The other side&apos;s next read fails with ECONNRESET.</source>
        <translation>异常终止：%1的应用程序设置了 SO_LINGER {on, 0} 并调用 close()，内核直接用 RST 丢弃连接——没有 FIN，也没有 TIME_WAIT。另一方的下一次读取以 ECONNRESET 失败。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 closed its socket while received data was still unread, so the kernel resets the connection with RST instead of a FIN (RFC 2525). The other side&apos;s next read fails with ECONNRESET.</source>
        <translation>%1在还有未读数据时关闭了套接字，所以内核用 RST 而不是 FIN 重置连接（RFC 2525）。另一方的下一次读取以 ECONNRESET 失败。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Data arrived for a socket that %1&apos;s application had already closed: nobody can read it, so the kernel answers with RST (RFC 1122) and the connection is gone.</source>
        <translation>数据到达时，%1的应用程序已经关闭了套接字：没有人能读取它，所以内核回应 RST（RFC 1122），连接就此消失。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 sends its SYN again, %2 after the first: no SYN/ACK came back (the SYN was dropped), so its retransmission timer ran out.</source>
        <translation>%1再次发送 SYN，距第一次 %2：没有收到 SYN/ACK（SYN 被丢弃了），所以它的重传定时器到期了。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 opens the connection: the SYN carries its initial sequence number and its options (maximum segment size, window scale, SACK, timestamps). Step one of the three-way handshake.</source>
        <translation>%1发起连接：SYN 携带它的初始序列号和选项（最大报文段长度、窗口扩大因子、SACK、时间戳）。这是三次握手的第一步。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The socket&apos;s SYN arrived at the socket itself, which was in SYN_SENT: a simultaneous open. It answers with SYN/ACK (ack = its own initial sequence number + 1) and goes to SYN_RECEIVED; no LISTEN is involved.</source>
        <translation>该套接字的 SYN 到达了它自己，而它正处于 SYN_SENT：这是同时打开。它用 SYN/ACK 回应（确认号 = 它自己的初始序列号 + 1），并进入 SYN_RECEIVED；整个过程不涉及 LISTEN。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 accepts: its SYN/ACK acknowledges the SYN (ack = the other side&apos;s initial sequence number + 1, since a SYN counts as one) and carries its own initial sequence number. Step two of the three-way handshake.</source>
        <translation>%1接受连接：它的 SYN/ACK 确认了对方的 SYN（确认号 = 对方的初始序列号 + 1，因为 SYN 占用一个序列号），并携带自己的初始序列号。这是三次握手的第二步。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 has nothing more to send (its application called close() or shutdown(SHUT_WR)): FIN, which counts as one sequence number.</source>
        <translation>%1没有更多数据要发送（它的应用程序调用了 close() 或 shutdown(SHUT_WR)）：发送 FIN，FIN 占用一个序列号。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1&apos;s QTcpSocket::abort(): Qt drops the bytes it still buffers and closes the descriptor, so the kernel sends FIN, not RST.</source>
        <translation>%1的 QTcpSocket::abort()：Qt 丢弃缓冲区中尚未发出的字节并关闭描述符，所以内核发送的是 FIN，不是 RST。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1&apos;s QTcpSocket::%2(): Qt sends what it still buffers, then closes the descriptor: FIN.</source>
        <translation>%1的 QTcpSocket::%2()：Qt 先发出缓冲区中尚未发出的数据，再关闭描述符：FIN。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 runs on Qt&apos;s QTcpSocket: as %2&apos;s FIN arrived, Qt closed the descriptor by itself (then emitted errorOccurred(RemoteHostClosedError)). A QTcpSocket never stays in CLOSE_WAIT, so its FIN follows at once.</source>
        <translation>%1使用 Qt 的 QTcpSocket：%2的 FIN 一到，Qt 就自己关闭了描述符（随后才发出 errorOccurred(RemoteHostClosedError)）。QTcpSocket 从不停留在 CLOSE_WAIT，所以它的 FIN 紧随其后。</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>The FIN rides on the last %n byte(s) of data.</source>
        <translation>
            <numerusform>FIN 搭载在最后 %n 个字节的数据上。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%1 sends %n byte(s) of data (sequence numbers %2 to %3). PSH asks the receiver to hand them to the application at once.</source>
        <translation>
            <numerusform>%1发送 %n 个字节的数据（序列号 %2 到 %3）。PSH 要求接收方立即把它们交给应用程序。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>It also acknowledges %1&apos;s FIN: a half-closed connection still carries data the other way.</source>
        <translation>它同时确认了%1的 FIN：半关闭的连接仍然可以在另一个方向上传送数据。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>From</source>
        <translation>发送方</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Flags</source>
        <translation>标志位</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Sequence number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+5"/>
        <source>Acknowledgement number</source>
        <translation>确认号</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+3"/>
        <source>%1 (relative %2)</source>
        <translation>%1（相对值 %2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Payload length</source>
        <translation>载荷长度</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="-219"/>
        <location line="+2"/>
        <location line="+217"/>
        <location line="+2"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="-161"/>
        <source>%1 acknowledges the SYN/ACK: step three of the three-way handshake. Both sides are now ESTABLISHED.</source>
        <translation>%1确认 SYN/ACK：这是三次握手的第三步。现在双方都处于 ESTABLISHED。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The kernel finished the handshake before accept() was called.</source>
        <translation>内核在调用 accept() 之前就完成了握手。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The kernel finished the handshake without accept(): the connection waits in the listener&apos;s accept queue.</source>
        <translation>内核在没有调用 accept() 的情况下完成了握手：连接在监听套接字的 accept 队列中等待。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This is a retransmission, %1 after the first copy: no ACK covered it in time.</source>
        <translation>这是一次超时重传，距第一次发送 %1：在超时之前没有 ACK 确认它。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>It also acknowledges %1&apos;s FIN: the application closed %2 after that FIN arrived, within the delayed-ACK time, so the ACK rode on this FIN and the four-way teardown shows as three segments.</source>
        <translation>它同时确认了%1的 FIN：应用程序在那个 FIN 到达 %2 后就关闭了，没有超过延迟确认时间，所以 ACK 捎带在这个 FIN 上，四次挥手只出现了三个报文段。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1&apos;s FIN has not arrived here yet: the two FINs cross on the wire, a simultaneous close.</source>
        <translation>%1的 FIN 还没有到达这里：两个 FIN 在网络上交错而过，这是同时关闭。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 acknowledges %2&apos;s FIN (ack = its sequence number + 1): the last segment of the teardown. %1 closed first, so it now waits in TIME_WAIT (60 s on Linux); the other side is CLOSED.</source>
        <translation>%1确认%2的 FIN（确认号 = 该 FIN 的序列号 + 1）：这是挥手的最后一个报文段。%1先关闭，所以它现在在 TIME_WAIT 中等待（Linux 上为 60 s）；另一方已进入 CLOSED。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 acknowledges %2&apos;s FIN on its own, %3 after it arrived: its application had not closed within the delayed-ACK time, so the kernel sent this ACK alone and the teardown takes four segments. %1 is in CLOSE_WAIT and may still send.</source>
        <translation>%1在%2的 FIN 到达 %3 后单独确认了它：它的应用程序没有在延迟确认时间内关闭，所以内核单独发送了这个 ACK，挥手需要四个报文段。%1处于 CLOSE_WAIT，仍然可以发送数据。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 acknowledges %2&apos;s FIN (ack = its sequence number + 1), %3 after it arrived. %1 is in CLOSE_WAIT and may still send.</source>
        <translation>%1在%2的 FIN 到达 %3 后确认了它（确认号 = 该 FIN 的序列号 + 1）。%1处于 CLOSE_WAIT，仍然可以发送数据。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 acknowledges what it received: ack = %2 means every byte before %2 arrived.</source>
        <translation>%1确认它收到的数据：确认号 = %2 表示 %2 之前的每个字节都已到达。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>It left %1 after the data: at once (early in a connection Linux acknowledges every segment immediately, its quick-ack mode).</source>
        <translation>它在数据到达 %1 后发出，也就是立即发出（在连接初期，Linux 处于快速确认模式，会立即确认每个报文段）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It left %1 after the data: a delayed ACK. The kernel waited for an answer to carry it, none came, and its delayed-ACK timer sent it alone.</source>
        <translation>它在数据到达 %1 后才发出：这是延迟 ACK。内核等着有答复数据可以捎带它，但没有等到，于是由延迟确认定时器单独发出。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2) to %3</source>
        <translation>%1（%2）发往 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 (a SYN&apos;s window is never scaled)</source>
        <translation>%1（SYN 中的窗口从不扩大）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (raw %2 × 2^%3: the window scale its SYN offered)</source>
        <translation>%1（原始值 %2 × 2^%3：它的 SYN 提出的窗口扩大因子）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (not scaled)</source>
        <translation>%1（未扩大）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>raw %1 (the scale is not known: the handshake was not seen)</source>
        <translation>原始值 %1（扩大因子未知：没有看到握手）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Arrived</source>
        <translation>到达时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>captured live</source>
        <translation>实时抓包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>read from a capture file</source>
        <translation>读自抓包文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>modelled (not captured)</source>
        <translation>模型推算（非抓包）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IP length</source>
        <translation>IP 长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0 on the wire (the sender&apos;s offload fills it in): taken from the captured bytes</source>
        <translation>网络上为 0（由发送方的 offload 功能稍后填入）：按抓到的字节计算</translation>
    </message>
</context>
<context>
    <name>tcplab::ServerPane</name>
    <message>
        <location filename="../src/app/serverpane.cpp" line="+83"/>
        <source>Connection #%1: Here is the message: %2</source>
        <translation>连接 #%1：收到的消息：%2</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>QTcpServer::listen(): Qt makes the socket, sets SO_REUSEADDR, binds and listens.</source>
        <translation>QTcpServer::listen()：Qt 创建套接字，设置 SO_REUSEADDR，然后 bind 并 listen。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bind() and listen(): the socket enters LISTEN and the kernel answers SYNs.</source>
        <translation>bind() 和 listen()：套接字进入 LISTEN，内核开始应答 SYN。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>QTcpServer::nextPendingConnection(): Qt accepted the connection as soon as it arrived; this hands over its QTcpSocket.</source>
        <translation>QTcpServer::nextPendingConnection()：连接一到 Qt 就已经 accept 了；这里只是交出它的 QTcpSocket。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>accept(): take one finished connection from the accept queue.</source>
        <translation>accept()：从 accept 队列中取出一个已完成握手的连接。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call nextPendingConnection() on newConnection(). Off: the connections Qt accepted wait in its queue until you press nextPendingConnection().</source>
        <translation>收到 newConnection() 时调用 nextPendingConnection()。关闭此项：Qt 已 accept 的连接留在它的队列里，直到你按 nextPendingConnection()。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call accept() as soon as a handshake completes. Off: connections wait in the accept queue until you press accept().</source>
        <translation>握手一完成就调用 accept()。关闭此项：连接留在 accept 队列中，直到你按 accept()。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>QTcpServer::listen() always sets SO_REUSEADDR on Unix.</source>
        <translation>在 Unix 上，QTcpServer::listen() 总会设置 SO_REUSEADDR。</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>&quot;%1&quot; is not an IP address. Listen on 127.0.0.1 (this computer only) or 0.0.0.0 (all interfaces).</source>
        <translation>“%1”不是 IP 地址。请在 127.0.0.1（仅本机）或 0.0.0.0（所有接口）上监听。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Listening on %1 port %2.</source>
        <translation>正在 %1 的端口 %2 上监听。</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>#%1  from %2  %3</source>
        <translation>#%1  来自 %2  %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>#%1  from %2  closed(), the kernel holds it in %3</source>
        <translation>#%1  来自 %2  已 close()，内核仍把它保持在 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>#%1  from %2  closed()</source>
        <translation>#%1  来自 %2  已 close()</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Clients on this computer connect to %1, port %2.</source>
        <translation>本机上的客户端连接到 %1，端口 %2。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clients connect to %1, port %2.</source>
        <translation>客户端连接到 %1，端口 %2。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Listening on port %1</source>
        <translation>正在端口 %1 上监听</translation>
    </message>
    <message numerus="yes">
        <location line="+61"/>
        <source>%n connection(s) waiting for nextPendingConnection()</source>
        <translation>
            <numerusform>%n 个连接等待 nextPendingConnection()</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n connection(s) waiting for accept()</source>
        <translation>
            <numerusform>%n 个连接等待 accept()</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::Session</name>
    <message>
        <location filename="../src/core/session/event.cpp" line="+576"/>
        <source>&quot;kind&quot; must be call, segment, state or note, not &quot;%1&quot;</source>
        <translation>&quot;kind&quot; 必须是 call、segment、state 或 note，而不是“%1”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;t_us&quot; must be a number of microseconds, at most 10^15</source>
        <translation>&quot;t_us&quot; 必须是微秒数，绝对值不超过 10^15</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&quot;side&quot; must be client or server</source>
        <translation>&quot;side&quot; 必须是 client 或 server</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&quot;call&quot;: &quot;%1&quot; is not a call the lab makes</source>
        <translation>&quot;call&quot;：“%1”不是本程序会发出的调用</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;api&quot; must be qt or qt-signal when given</source>
        <translation>给出 &quot;api&quot; 时，它必须是 qt 或 qt-signal</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;errno&quot;: &quot;%1&quot; is not an error the lab knows</source>
        <translation>&quot;errno&quot;：“%1”不是本程序认识的错误</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&quot;option.name&quot; is not an option the lab sets</source>
        <translation>&quot;option.name&quot; 不是本程序会设置的选项</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>a segment needs &quot;flags&quot; in tcpdump&apos;s letters</source>
        <translation>报文段需要用 tcpdump 字母表示的 &quot;flags&quot;</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&quot;options&quot;: &quot;%1&quot; is not a TCP option in tcpdump&apos;s words</source>
        <translation>&quot;options&quot;：“%1”不是用 tcpdump 写法表示的 TCP 选项</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>a segment&apos;s &quot;source&quot; must be live, file or modelled</source>
        <translation>报文段的 &quot;source&quot; 必须是 live、file 或 modelled</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;arrive_us&quot; must be a number of microseconds, at most 10^15</source>
        <translation>&quot;arrive_us&quot; 必须是微秒数，绝对值不超过 10^15</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a segment&apos;s &quot;fate&quot; must be delivered, dropped, lost, duplicate, injected, swallowed or queue_full</source>
        <translation>报文段的 &quot;fate&quot; 必须是 delivered、dropped、lost、duplicate、injected、swallowed 或 queue_full</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;state&quot; must be a TCP state such as ESTABLISHED</source>
        <translation>&quot;state&quot; 必须是 TCP 状态，例如 ESTABLISHED</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a state&apos;s &quot;source&quot; must be kernel or inferred</source>
        <translation>状态的 &quot;source&quot; 必须是 kernel 或 inferred</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&quot;%1&quot; must be a whole number in its range</source>
        <translation>“%1”必须是取值范围内的整数</translation>
    </message>
    <message>
        <location filename="../src/core/session/session.cpp" line="+312"/>
        <source>not JSON: %1 at offset %2</source>
        <translation>不是有效的 JSON：偏移 %2 处出错（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a JSON object was expected</source>
        <translation>此处应为 JSON 对象</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&quot;format&quot; must be &quot;tcplab-session/2&quot; (or /1)</source>
        <translation>&quot;format&quot; 必须是 &quot;tcplab-session/2&quot;（或 /1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&quot;events&quot; must be an array</source>
        <translation>&quot;events&quot; 必须是数组</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>events[%1]: &quot;t_us&quot; goes back in time</source>
        <translation>events[%1]：&quot;t_us&quot; 比前一个事件早</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>connections[%1]: &quot;conn&quot; must be %2</source>
        <translation>connections[%1]：&quot;conn&quot; 必须是 %2</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>an event names connection %1, which is not listed</source>
        <translation>有事件引用了连接 %1，但连接列表中没有它</translation>
    </message>
</context>
<context>
    <name>tcplab::StateBadge</name>
    <message>
        <location filename="../src/app/statebadge.cpp" line="+25"/>
        <source>no socket</source>
        <translation>无套接字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>closed()</source>
        <translation>已 close()</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The application closed its socket, and the kernel no longer holds the connection.</source>
        <translation>应用程序已关闭它的套接字，内核中也不再有这条连接。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The application closed its socket; the kernel still holds the connection in %1, as sock_diag reports it.</source>
        <translation>应用程序已关闭它的套接字；据 sock_diag 报告，内核仍把这条连接保持在 %1。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>TCP state, as the kernel reports it.</source>
        <translation>TCP 状态，由内核报告。</translation>
    </message>
</context>
<context>
    <name>tcplab::TextLadder</name>
    <message>
        <location filename="../src/core/session/textladder.cpp" line="+77"/>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>time (ms)</source>
        <translation>时间（ms）</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>(modelled: these segments were predicted, not captured)</source>
        <translation>（模型推算：这些报文段是推算出来的，不是抓包得到的）</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>The listener</source>
        <translation>监听套接字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection %1 of %2: %3, connected to itself</source>
        <translation>第 %1 条连接（共 %2 条）：%3，连接到它自己</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connection %1 of %2: %3 → %4</source>
        <translation>第 %1 条连接（共 %2 条）：%3 → %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(not connected)</source>
        <translation>（未连接）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(itself)</source>
        <translation>（它自己）</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>≠ kernel: %1</source>
        <translation>≠ 内核：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kernel: %1</source>
        <translation>内核：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>[STATE] confirmed by the kernel (TCP_INFO or sock_diag), (STATE) from the segments only, ≠ the kernel read otherwise; seq and ack are relative.</source>
        <translation>[状态] 表示已由内核确认（TCP_INFO 或 sock_diag），(状态) 表示仅根据报文段推断，≠ 表示内核读到的状态与此不同；seq 和 ack 为相对值。</translation>
    </message>
</context>
<context>
    <name>tcplab::Wire</name>
    <message>
        <location filename="../src/core/capture/wire.cpp" line="+41"/>
        <source>the lab network is not running</source>
        <translation>实验网络没有运行</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Capture is off: the segments are modelled from the calls and the kernel&apos;s states, not captured.</source>
        <translation>抓包已关闭：报文段是根据系统调用和内核状态推算的，不是抓包得到的。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The segments are modelled from the calls and the kernel&apos;s states, not captured: %1</source>
        <translation>报文段是根据系统调用和内核状态推算的，不是抓包得到的：%1</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>A textbook picture: on loopback a segment arrives within microseconds, so this never happens here. The segments are modelled, each FIN taking %1 ms to arrive, and the states are RFC 9293&apos;s, not readings of the kernel.</source>
        <translation>教科书示意图：在回环接口上，报文段几微秒内就会到达，所以这种情形在这里永远不会发生。报文段是模型推算的，每个 FIN 需要 %1 ms 才到达；状态按 RFC 9293 给出，不是从内核读到的。</translation>
    </message>
    <message numerus="yes">
        <location line="+34"/>
        <source>The kernel dropped %n captured frame(s) before the lab could read them: the diagram misses those segments.</source>
        <translation>
            <numerusform>内核在本程序读取之前丢弃了 %n 个抓到的帧：时序图中缺少这些报文段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>The capture helper withheld %n frame(s) that the kernel could not prove yours: if they were, the diagram misses those segments.</source>
        <translation>
            <numerusform>抓包助手扣下了 %n 个内核无法证明属于你的帧：如果它们其实是你的，时序图中就缺少这些报文段。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::WireBar</name>
    <message>
        <location filename="../src/app/wirebar.cpp" line="+44"/>
        <source>Wire</source>
        <translation>线路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wire:</source>
        <translation>线路：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the lab network&apos;s wire does, per direction (client: or server: is the sender): delay=50ms, jitter=5ms, rate=1mbit, loss=5%, mtu=576, drop=client:fin, drop=server:data#2, dup=client:data@30ms, hold=client:data, rst=server:data. Press Enter to apply.</source>
        <translation>实验网络线路的行为，按方向分别设置（client: 或 server: 表示发送方）：delay=50ms、jitter=5ms、rate=1mbit、loss=5%、mtu=576、drop=client:fin、drop=server:data#2、dup=client:data@30ms、hold=client:data、rst=server:data。按回车键应用。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a perfect wire (for example: delay=50ms,drop=client:fin)</source>
        <translation>完好的线路（例如：delay=50ms,drop=client:fin）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop client&apos;s next</source>
        <translation>丢弃客户端下一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The next segment the client sends is lost on the wire.</source>
        <translation>客户端发送的下一个报文段将在线路上被丢弃。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold client&apos;s next</source>
        <translation>压住客户端下一个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The next segment the client sends is held back and delivered after the one that follows it (reordering).</source>
        <translation>客户端发送的下一个报文段被压住，在其后一个报文段之后才送达（乱序）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop server&apos;s next</source>
        <translation>丢弃服务器下一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The next segment the server sends is lost on the wire.</source>
        <translation>服务器发送的下一个报文段将在线路上被丢弃。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold server&apos;s next</source>
        <translation>压住服务器下一个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The next segment the server sends is held back and delivered after the one that follows it (reordering).</source>
        <translation>服务器发送的下一个报文段被压住，在其后一个报文段之后才送达（乱序）。</translation>
    </message>
</context>
</TS>
