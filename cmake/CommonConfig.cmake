# One place for the warnings and Qt hygiene defines every target of ours builds with
# (the pattern of qBittorrent's cmake/Modules/CommonConfig.cmake).
add_library(tcplab_common INTERFACE)
target_compile_options(tcplab_common INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic>)
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

# The lab's own small programs (the capture helper, which may hold CAP_NET_RAW, and the lab
# network's keeper) are built hardened, as Debian builds its setuid and setcap programs: full
# RELRO with immediate binding, a stack protector, and checked string and memory calls
# (_FORTIFY_SOURCE needs the optimiser, so not in the Debug build).
function(tcplab_harden target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
                           -fstack-protector-strong -fstack-clash-protection
                           $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
    target_link_options(${target} PRIVATE -Wl,-z,relro -Wl,-z,now)
endfunction()
