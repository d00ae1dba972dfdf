<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Catalogue</name>
    <message>
        <location filename="../src/core/lab/catalogue.cpp" line="+8"/>
        <source>The classic client and server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The client sends one line; the server prints it, answers &quot;I got your message&quot; and closes first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientPane</name>
    <message>
        <location filename="../ui/clientpane.ui" line="+10"/>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The client socket&apos;s TCP state, as the kernel reports it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connect to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server address or host name, e.g. 127.0.0.1 or localhost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server&apos;s port, 1 to 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Local port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Optional: bind() the client to this port before connect(). Empty: the kernel picks an ephemeral port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>any (chosen by the kernel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>connect(): the kernel sends SYN and the three-way handshake begins.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionBox</name>
    <message>
        <location filename="../ui/connectionbox.ui" line="+12"/>
        <source>Send and receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Message to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send the message with write(): the kernel puts it on the wire as one or more segments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Call read() as soon as data or end-of-file arrives. Off: data waits in the kernel&apos;s receive buffer until you press read().</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Call read() once: it returns the bytes waiting, 0 at end-of-file (the peer sent FIN), or an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>End the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Half-close: stop sending (the kernel sends FIN) but keep receiving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop receiving: nothing is sent on the wire; later reads return end-of-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop both directions; the socket stays open until close().</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the socket: the kernel sends FIN (or RST if unread data is waiting).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Abortive close: set SO_LINGER {on, 0} and close(); the kernel sends RST instead of FIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abort (RST)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Socket options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turn off Nagle&apos;s algorithm: small writes go out at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hold partial segments back until the cork is removed (or 200 ms pass).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SO_LINGER on: close() waits up to the given seconds for unsent data; 0 seconds means close() sends RST.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bytes returned by read() appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show the received bytes in hexadecimal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show as hex</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../src/core/socket/errortext.cpp" line="+16"/>
        <source>Connection refused: nothing is listening on %1, so the kernel there answered the SYN with RST. Start the server (Listen) first, or check the address and port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connection reset by the peer: it sent RST, for example because it closed with unread data or aborted. The connection is gone; close this socket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Broken pipe: this side can no longer send (it called shutdown(SHUT_WR), or the peer reset the connection). Close the socket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Timed out: the peer did not answer, so the kernel gave up after its retransmissions. Check that the host is reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Address already in use: another socket holds %1. Often it is a connection still in TIME_WAIT from an earlier run (TIME_WAIT lasts 60 s on Linux). Wait a minute, choose another port, or turn on SO_REUSEADDR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Address not available: %1 is not an address of this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Permission denied: ports below 1024 need administrator rights. Use a port from 1024 to 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The socket is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to do right now (EAGAIN): no data has arrived yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No route to %1: the network or host cannot be reached from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&quot;%1&quot; is not a port: enter a whole number from 1 to 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown host &quot;%1&quot;: the name could not be looked up (%2). Check the spelling, or enter an IP address such as 127.0.0.1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The socket is not open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.ui" line="+6"/>
        <source>TCP Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close every socket and start again with an empty log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Save session as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About TCP Lab</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerPane</name>
    <message>
        <location filename="../ui/serverpane.ui" line="+10"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The TCP state of the selected connection (or of the listening socket), as the kernel reports it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Listen for clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where to listen. 127.0.0.1 accepts only this computer; all interfaces lets other computers in the classroom connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Port to listen on, 1 to 65535, or 0 to let the kernel choose a free one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Backlog:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>listen() backlog: how many finished handshakes may wait for accept().</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Set SO_REUSEADDR before bind(), so the port can be reused while an old connection on it is in TIME_WAIT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Call accept() as soon as a handshake completes. Off: connections wait in the accept queue until you press accept().</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>bind() and listen(): the socket enters LISTEN and the kernel answers SYNs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>accept(): take one finished connection from the accept queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the listening socket. Connections already accepted stay open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop listening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Accepted connections. The selected one is the one the controls below act on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Answer like the article&apos;s server.c</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>After the first read(), print the message and write this answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>close() right after answering: the server closes first, as in the article.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>close() after answering</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::Cli</name>
    <message>
        <location filename="../src/app/cli.cpp" line="+38"/>
        <source>Try &apos;tcplab --help&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+79"/>
        <source>TCP Lab: drive a real TCP connection one system call at a time.

Commands:
  (none)             open the window with the seed experiment ready
  list               list the built-in experiments
  run SCENARIO       run an experiment on real sockets, without a window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language of the window and of all output: zh_CN or en.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>both (default: both sides here, on loopback), server (wait for any client) or client (connect to --connect).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server port; 0 (default) picks a free one and prints it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Server address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For --role client: the server to connect to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the client sends (default &quot;hello&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the session as JSON to this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Print only what the programs print, not every event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>list or run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>--lang takes zh_CN or en, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no command given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;list&apos; takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>unknown command &quot;%1&quot; (commands: list, run).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;run&apos; takes one experiment, e.g. &apos;tcplab run seed&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown experiment &quot;%1&quot;; &apos;tcplab list&apos; shows them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>--role takes both, server or client, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--bind takes an IP address such as 127.0.0.1 or 0.0.0.0, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>--role client needs --connect HOST:PORT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>--connect takes HOST:PORT, e.g. 127.0.0.1:45001, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--connect is only for --role client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>tcplab: cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The experiment went as expected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::ClientPane</name>
    <message>
        <location filename="../src/app/clientpane.cpp" line="+87"/>
        <source>This client is still connected: close() it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Connected from %1:%2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::ConnectionBox</name>
    <message>
        <location filename="../src/app/connectionbox.cpp" line="+165"/>
        <source>read() returned 0: end-of-file</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n byte(s) waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>end-of-file or an error is waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>end-of-file: the peer sent FIN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::EventLogModel</name>
    <message>
        <location filename="../src/app/eventlogmodel.cpp" line="+52"/>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>server #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Read from the kernel (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Time (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Call or state</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::LabSocket</name>
    <message>
        <location filename="../src/core/socket/labsocket.cpp" line="+70"/>
        <source>This socket is already connected or connecting; close it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enter the server&apos;s address, for example 127.0.0.1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::Listener</name>
    <message>
        <location filename="../src/core/socket/listener.cpp" line="+129"/>
        <source>The server is not listening: press Listen first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>accept(): EAGAIN — no connection is waiting in the accept queue yet. Connect a client first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::MainWindow</name>
    <message>
        <location filename="../src/app/mainwindow.cpp" line="+57"/>
        <source>Seed experiment ready: press listen() on the server, then connect() and write() on the client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New session: every socket was closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+6"/>
        <source>Save session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-5"/>
        <source>TCP Lab sessions (*.json *.tcplab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About TCP Lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;TCP Lab %1&lt;/h3&gt;&lt;p&gt;Drive a real TCP connection one system call at a time and see what the kernel does.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::SeedExperiment</name>
    <message>
        <location filename="../src/core/lab/seedexperiment.cpp" line="+25"/>
        <source>The server did not close the connection within %1 s; the client closed it instead. The seed experiment expects the server to close first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing happened for %1 s: the experiment stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Listening on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Here is the message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The connection was reset instead of closing normally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The client closed without sending a message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server could not send its answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server closed without answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server received something other than what the client sent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tcplab::ServerPane</name>
    <message>
        <location filename="../src/app/serverpane.cpp" line="+61"/>
        <source>Connection #%1: Here is the message: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+53"/>
        <source>&quot;%1&quot; is not an IP address. Listen on 127.0.0.1 (this computer only) or 0.0.0.0 (all interfaces).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Listening on %1 port %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+47"/>
        <source>closed()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>#%1  from %2  %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n connection(s) waiting for accept()</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::StateBadge</name>
    <message>
        <location filename="../src/app/statebadge.cpp" line="+22"/>
        <source>no socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>closed()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The application closed its socket; the last state the kernel reported through it was %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>TCP state, as the kernel reports it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
