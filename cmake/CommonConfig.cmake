# One place for the warnings and Qt hygiene defines every target of ours builds with
# (the pattern of qBittorrent's cmake/Modules/CommonConfig.cmake).
add_library(tcplab_common INTERFACE)
target_compile_options(tcplab_common INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic>
    # clang (the asan preset) calls QtTest's QSKIP("...") a GNU extension under -Wpedantic.
    $<$<CXX_COMPILER_ID:Clang>:-Wno-gnu-zero-variadic-macro-arguments>)
target_compile_definitions(tcplab_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    TCPLAB_VERSION="${PROJECT_VERSION}")
# QT_NO_CONTEXTLESS_CONNECT only exists from Qt 6.7 on; setting it is harmless before and
# protects us as soon as the build machine has it.
target_compile_definitions(tcplab_common INTERFACE QT_NO_CONTEXTLESS_CONNECT)

# Every binary of ours is built hardened, as Debian builds its packages: the flags come from
# dpkg-buildflags with every hardening feature on where it exists (a stack protector, checked
# string and memory calls, full RELRO with immediate binding, a position-independent
# executable), and are the same list by hand elsewhere. Only the hardening flags are taken: the
# optimisation and debug levels stay the build type's (_FORTIFY_SOURCE needs the optimiser, so
# not in the Debug build).
set(TCPLAB_HARDEN_COMPILE -fstack-protector-strong -fstack-clash-protection -Wformat
    -Werror=format-security)
set(TCPLAB_HARDEN_DEFINES -D_FORTIFY_SOURCE=2)
set(TCPLAB_HARDEN_LINK -Wl,-z,relro -Wl,-z,now)
find_program(DPKG_BUILDFLAGS dpkg-buildflags)
if(DPKG_BUILDFLAGS)
    foreach(kind CXXFLAGS CPPFLAGS LDFLAGS)
        execute_process(COMMAND ${CMAKE_COMMAND} -E env DEB_BUILD_MAINT_OPTIONS=hardening=+all
                                ${DPKG_BUILDFLAGS} --get ${kind}
                        OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
        separate_arguments(flags UNIX_COMMAND "${flags}")
        list(FILTER flags EXCLUDE REGEX "^(-g|-O.*|-ffile-prefix-map=.*|-Wdate-time)$")
        if(kind STREQUAL "CXXFLAGS")
            set(TCPLAB_HARDEN_COMPILE ${flags} -fstack-clash-protection)
        elseif(kind STREQUAL "CPPFLAGS")
            set(TCPLAB_HARDEN_DEFINES ${flags})
        else()
            set(TCPLAB_HARDEN_LINK ${flags})
        endif()
    endforeach()
endif()
# Executables are position-independent and linked as such (-pie).
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
include(CheckPIESupported)
check_pie_supported()
target_compile_options(tcplab_common INTERFACE
    $<$<COMPILE_LANGUAGE:CXX,C>:${TCPLAB_HARDEN_COMPILE}>
    $<$<AND:$<COMPILE_LANGUAGE:CXX,C>,$<NOT:$<CONFIG:Debug>>>:${TCPLAB_HARDEN_DEFINES}>)
target_link_options(tcplab_common INTERFACE ${TCPLAB_HARDEN_LINK})

# The lab's own small programs (the capture helper, which may hold CAP_NET_RAW, and the lab
# network's keeper) get the same flags; they do not link tcplab_common's Qt defines.
function(tcplab_harden target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic ${TCPLAB_HARDEN_COMPILE}
                           $<$<NOT:$<CONFIG:Debug>>:${TCPLAB_HARDEN_DEFINES}>)
    target_link_options(${target} PRIVATE ${TCPLAB_HARDEN_LINK})
endfunction()
