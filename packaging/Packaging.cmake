# Installation layout and the Debian/tarball packages (cpack in the build directory).
include(GNUInstallDirs)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/io.github.tcplab.TcpLab.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/io.github.tcplab.TcpLab.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/tcplab.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size 16 24 32 48 64 128 256)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/icons/tcplab-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME tcplab.png)
endforeach()
# Debian policy: manual pages and the changelog are installed compressed (gzip -9n, so the
# package is reproducible: no name or time stamp in the gzip header).
find_program(GZIP_EXECUTABLE gzip REQUIRED)
set(_compressed)
foreach(source tcplab.1 tcplab-scenario.5 tcplab-allow-capture.8 changelog)
    set(target ${CMAKE_CURRENT_BINARY_DIR}/packaging/${source}.gz)
    if(source STREQUAL changelog)
        set(target ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz)
    endif()
    add_custom_command(OUTPUT ${target}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/packaging
        COMMAND ${GZIP_EXECUTABLE} -9n -c ${CMAKE_CURRENT_LIST_DIR}/${source} > ${target}
        DEPENDS ${CMAKE_CURRENT_LIST_DIR}/${source} VERBATIM)
    list(APPEND _compressed ${target})
endforeach()
add_custom_target(compressed_docs ALL DEPENDS ${_compressed})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/tcplab.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/tcplab-scenario.5.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
# The experiment format as a JSON Schema, for editors that check a teacher's file as it is typed.
install(FILES ${CMAKE_SOURCE_DIR}/resources/tcplab-scenario.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tcplab)
# Live capture for ordinary users: the helper (src/helper) is installed without privileges;
# an administrator enables it with tcplab-allow-capture.
install(PROGRAMS ${CMAKE_CURRENT_LIST_DIR}/tcplab-allow-capture DESTINATION ${CMAKE_INSTALL_SBINDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/packaging/tcplab-allow-capture.8.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
# The licence as Debian expects it (machine-readable, pointing at common-licenses), and the
# changelog of this native package.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The lab network's keeper needs user namespaces; where AppArmor restricts them (Ubuntu 23.10+),
# the postinst installs this profile, which grants them to it alone.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/apparmor/tcplab-net
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tcplab/apparmor)

set(CPACK_PACKAGE_NAME tcplab)
set(CPACK_PACKAGE_VENDOR "The TCP Lab developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "lab for TCP connections on real sockets, with ladder diagrams")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The TCP Lab developers <tcplab@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/tcplab/tcplab")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Stripped binaries, and no debug-symbol package: CPack 3.25's tcplab-dbgsym .ddeb lists its
# files in md5sums by their build paths and carries no copyright, which lintian rejects.
set(CPACK_STRIP_FILES ON)
# Chinese needs the CJK fonts; fontconfig alone would not bring them.
# setcap (libcap2-bin) for tcplab-allow-capture and the postinst.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk, libcap2-bin")
# postinst gives an allowed helper its capability back after an upgrade; postrm forgets the
# helper's dpkg-statoverride on purge. Neither enables anything by itself.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/postinst ${CMAKE_CURRENT_LIST_DIR}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# CPack puts the summary on the first line and indents every line of this by one space;
# an empty line becomes the " ." that separates paragraphs.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "TCP Lab drives one TCP connection through the kernel's own TCP stack,
one system call at a time, and draws every segment and each side's TCP state
as a ladder diagram: handshake, data, teardown, half-close, close and abort.
Eighteen experiments are built in, three of them on what Qt's QTcpSocket does
beside the system calls; diagrams export to PNG, SVG, PDF, text and Mermaid.
The interface is in English and Simplified Chinese.

Live capture runs through a small helper that captures only the user's own
connections; it is off until an administrator runs tcplab-allow-capture.

TCP 实验室：在真实套接字上一次一个系统调用地驱动 TCP 连接，并画出每个报文段与状态。")
include(CPack)
