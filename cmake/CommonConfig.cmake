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
