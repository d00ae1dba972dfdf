<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>tcplab::CaptureFile</name>
    <message numerus="yes">
        <location filename="../src/core/capture/capturefile.cpp" line="+25"/>
        <source>%1 → %2, %n packet(s), %3 bytes, %4, %5</source>
        <translation>
            <numerusform>%1 → %2, %n packet, %3 bytes, %4, %5</numerusform>
            <numerusform>%1 → %2, %n packets, %3 bytes, %4, %5</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+114"/>
        <source>%1 holds no TCP connection that TCP Lab can read: %2 (%n frame(s)).</source>
        <translation>
            <numerusform>%1 holds no TCP connection that TCP Lab can read: %2 (%n frame).</numerusform>
            <numerusform>%1 holds no TCP connection that TCP Lab can read: %2 (%n frames).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>%n frame(s) not read: %1</source>
        <translation>
            <numerusform>%n frame not read: %1</numerusform>
            <numerusform>%n frames not read: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::Cli</name>
    <message numerus="yes">
        <location filename="../src/app/cli.cpp" line="+173"/>
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n step</numerusform>
            <numerusform>%n steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n expected connection(s)</source>
        <translation>
            <numerusform>%n expected connection</numerusform>
            <numerusform>%n expected connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+100"/>
        <source>Students connect to %1. The server stops after %n student(s).</source>
        <translation>
            <numerusform>Students connect to %1. The server stops after %n student.</numerusform>
            <numerusform>Students connect to %1. The server stops after %n students.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>Served %n student(s); %1 still connected, closed now.</source>
        <translation>
            <numerusform>Served %n student; %1 still connected, closed now.</numerusform>
            <numerusform>Served %n students; %1 still connected, closed now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Served %n student(s).</source>
        <translation>
            <numerusform>Served %n student.</numerusform>
            <numerusform>Served %n students.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+244"/>
        <source>tcplab: %1 is not a usable scenario: %2 (and %n more problem(s): &apos;tcplab check %1&apos; lists them)</source>
        <translation>
            <numerusform>tcplab: %1 is not a usable scenario: %2 (and %n more problem: &apos;tcplab check %1&apos; lists them)</numerusform>
            <numerusform>tcplab: %1 is not a usable scenario: %2 (and %n more problems: &apos;tcplab check %1&apos; lists them)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::ConnectionBox</name>
    <message numerus="yes">
        <location filename="../src/app/connectionbox.cpp" line="+116"/>
        <source>The last write() sent %n byte(s).</source>
        <translation>
            <numerusform>The last write() sent %n byte.</numerusform>
            <numerusform>The last write() sent %n bytes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+163"/>
        <source>%n byte(s) waiting in Qt&apos;s buffer</source>
        <translation>
            <numerusform>%n byte waiting in Qt&apos;s buffer</numerusform>
            <numerusform>%n bytes waiting in Qt&apos;s buffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n byte(s) waiting</source>
        <translation>
            <numerusform>%n byte waiting</numerusform>
            <numerusform>%n bytes waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::EventText</name>
    <message numerus="yes">
        <location filename="../src/core/session/eventtext.cpp" line="+250"/>
        <source>QTcpServer::close() dropped %n connection(s) that waited for nextPendingConnection().</source>
        <translation>
            <numerusform>QTcpServer::close() dropped %n connection that waited for nextPendingConnection().</numerusform>
            <numerusform>QTcpServer::close() dropped %n connections that waited for nextPendingConnection().</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::HelperCapture</name>
    <message numerus="yes">
        <location filename="../src/core/capture/helpercapture.cpp" line="+55"/>
        <source>The capture helper did not begin capturing within %n second(s).</source>
        <translation>
            <numerusform>The capture helper did not begin capturing within %n second.</numerusform>
            <numerusform>The capture helper did not begin capturing within %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+166"/>
        <source>The kernel dropped %n captured frame(s).</source>
        <translation>
            <numerusform>The kernel dropped %n captured frame.</numerusform>
            <numerusform>The kernel dropped %n captured frames.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>The capture helper withheld %n frame(s) on the port that the kernel could not prove yours.</source>
        <translation>
            <numerusform>The capture helper withheld %n frame on the port that the kernel could not prove yours.</numerusform>
            <numerusform>The capture helper withheld %n frames on the port that the kernel could not prove yours.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::HostSettingsButton</name>
    <message numerus="yes">
        <location filename="../src/app/hostsettingsbutton.cpp" line="+44"/>
        <source>TCP settings (%n changed)</source>
        <translation>
            <numerusform>TCP settings (%n changed)</numerusform>
            <numerusform>TCP settings (%n changed)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::LadderExport</name>
    <message numerus="yes">
        <location filename="../src/diagram/ladderexport.cpp" line="+86"/>
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::MainWindow</name>
    <message numerus="yes">
        <location filename="../src/app/mainwindow.cpp" line="+452"/>
        <source>… and %n more connection(s) from earlier runs still in TIME_WAIT.</source>
        <translation>
            <numerusform>… and %n more connection from earlier runs still in TIME_WAIT.</numerusform>
            <numerusform>… and %n more connections from earlier runs still in TIME_WAIT.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+342"/>
        <source>%n captured frame(s) could not be read and are not in the diagram (last: %1).</source>
        <translation>
            <numerusform>%n captured frame could not be read and is not in the diagram (last: %1).</numerusform>
            <numerusform>%n captured frames could not be read and are not in the diagram (last: %1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::Observations</name>
    <message numerus="yes">
        <location filename="../src/core/lab/observations.cpp" line="+118"/>
        <source>%1 acknowledged %n byte(s) on its own %2 after they arrived: a delayed ACK (Linux waits at least 40 ms for an answer to carry it).</source>
        <translation>
            <numerusform>%1 acknowledged %n byte on its own %2 after it arrived: a delayed ACK (Linux waits at least 40 ms for an answer to carry it).</numerusform>
            <numerusform>%1 acknowledged %n bytes on its own %2 after they arrived: a delayed ACK (Linux waits at least 40 ms for an answer to carry it).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>Nothing answered the SYN, so the client sent it again %n time(s), after %1. This kernel&apos;s schedule: %2 after the first (tcp_syn_retries limits how often).</source>
        <translation>
            <numerusform>Nothing answered the SYN, so the client sent it again %n time, after %1. This kernel&apos;s schedule: %2 after the first (tcp_syn_retries limits how often).</numerusform>
            <numerusform>Nothing answered the SYN, so the client sent it again %n times, after %1. This kernel&apos;s schedule: %2 after the first (tcp_syn_retries limits how often).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::Scenario</name>
    <message numerus="yes">
        <location filename="../src/core/lab/scenario.cpp" line="+1296"/>
        <source>%1: the steps make %n connection(s); this one is never made</source>
        <translation>
            <numerusform>%1: the steps make %n connection; this one is never made</numerusform>
            <numerusform>%1: the steps make %n connections; this one is never made</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>%1: the steps make %n connection(s); there is no connection %2</source>
        <translation>
            <numerusform>%1: the steps make %n connection; there is no connection %2</numerusform>
            <numerusform>%1: the steps make %n connections; there is no connection %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>%1: the experiment expects %n connection(s); there is no connection %2</source>
        <translation>
            <numerusform>%1: the experiment expects %n connection; there is no connection %2</numerusform>
            <numerusform>%1: the experiment expects %n connections; there is no connection %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::ScenarioRunner</name>
    <message numerus="yes">
        <location filename="../src/core/lab/scenariorunner.cpp" line="+606"/>
        <source>The capture is incomplete: %n frame(s) were lost before the lab could read them (a busy computer), so the wire was not compared with the expectation. Run it again.</source>
        <translation>
            <numerusform>The capture is incomplete: %n frame was lost before the lab could read it (a busy computer), so the wire was not compared with the expectation. Run it again.</numerusform>
            <numerusform>The capture is incomplete: %n frames were lost before the lab could read them (a busy computer), so the wire was not compared with the expectation. Run it again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::SegmentText</name>
    <message numerus="yes">
        <location filename="../src/core/session/segmentexplain.cpp" line="+213"/>
        <source>The FIN rides on the last %n byte(s) of data.</source>
        <translation>
            <numerusform>The FIN rides on the last %n byte of data.</numerusform>
            <numerusform>The FIN rides on the last %n bytes of data.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%1 sends %n byte(s) of data (sequence numbers %2 to %3). PSH asks the receiver to hand them to the application at once.</source>
        <translation>
            <numerusform>%1 sends %n byte of data (sequence numbers %2 to %3). PSH asks the receiver to hand them to the application at once.</numerusform>
            <numerusform>%1 sends %n bytes of data (sequence numbers %2 to %3). PSH asks the receiver to hand them to the application at once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+73"/>
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::ServerPane</name>
    <message numerus="yes">
        <location filename="../src/app/serverpane.cpp" line="+404"/>
        <source>%n connection(s) waiting for nextPendingConnection()</source>
        <translation>
            <numerusform>%n connection waiting for nextPendingConnection()</numerusform>
            <numerusform>%n connections waiting for nextPendingConnection()</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n connection(s) waiting for accept()</source>
        <translation>
            <numerusform>%n connection waiting for accept()</numerusform>
            <numerusform>%n connections waiting for accept()</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tcplab::Wire</name>
    <message numerus="yes">
        <location filename="../src/core/capture/wire.cpp" line="+249"/>
        <source>The kernel dropped %n captured frame(s) before the lab could read them: the diagram misses those segments.</source>
        <translation>
            <numerusform>The kernel dropped %n captured frame before the lab could read it: the diagram misses that segment.</numerusform>
            <numerusform>The kernel dropped %n captured frames before the lab could read them: the diagram misses those segments.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>The capture helper withheld %n frame(s) that the kernel could not prove yours: if they were, the diagram misses those segments.</source>
        <translation>
            <numerusform>The capture helper withheld %n frame that the kernel could not prove yours: if it was, the diagram misses that segment.</numerusform>
            <numerusform>The capture helper withheld %n frames that the kernel could not prove yours: if they were, the diagram misses those segments.</numerusform>
        </translation>
    </message>
</context>
</TS>
