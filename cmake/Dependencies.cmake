# Imported targets for the Debian packages in scripts/packages.txt.
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(prometheus-cpp REQUIRED)
find_package(CURL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(JWT REQUIRED IMPORTED_TARGET libjwt)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
find_package(PostgreSQL REQUIRED)
# XGBoost (C API: random forests and boosted trees) and Eigen 3 (linear models).
# Debian's xgboost CMake package also demands the CLI binary (package xgboost); pkg-config
# finds the library alone.
pkg_check_modules(XGBOOST REQUIRED IMPORTED_TARGET GLOBAL xgboost)
add_library(xgboost::xgboost ALIAS PkgConfig::XGBOOST)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
# NLopt (C library with its header-only C++ wrapper nlopt.hpp): response-curve fitting and
# the allocator for S-shaped curves.
find_package(NLopt 2.7 REQUIRED CONFIG)

# SOCI ships no CMake package in Debian: wrap its libraries by hand.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE soci_core REQUIRED)
find_library(SOCI_SQLITE soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL soci_postgresql REQUIRED)
add_library(soci INTERFACE)
target_include_directories(soci INTERFACE ${SOCI_INCLUDE_DIR} ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(soci INTERFACE ${SOCI_SQLITE} ${SOCI_POSTGRESQL} ${SOCI_CORE}
  PkgConfig::SQLITE3 PostgreSQL::PostgreSQL ${CMAKE_DL_LIBS})

# libcsv: a small streaming RFC 4180 parser.
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(libcsv INTERFACE)
target_include_directories(libcsv INTERFACE ${CSV_INCLUDE_DIR})
target_link_libraries(libcsv INTERFACE ${CSV_LIBRARY})

# Howard Hinnant's date/tz (header-only part plus the tz library).
find_package(date CONFIG REQUIRED)

# CLI11 is header-only.
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)

# strategist_embed_text(<out_var> INPUT <file> HEADER <a/b.h> NAMESPACE <ns> FUNCTION <name>):
# generates a .cpp defining `std::string_view <ns>::<name>()` that returns INPUT byte for byte
# (declared in HEADER), and stores its path in <out_var> for add_library.
function(strategist_embed_text out_var)
  cmake_parse_arguments(E "" "INPUT;HEADER;NAMESPACE;FUNCTION" "" ${ARGN})
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${E_FUNCTION}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${E_INPUT} -DOUTPUT=${output} -DHEADER=${E_HEADER}
            -DNAMESPACE=${E_NAMESPACE} -DFUNCTION=${E_FUNCTION}
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedText.cmake
    DEPENDS ${E_INPUT} ${CMAKE_SOURCE_DIR}/cmake/EmbedText.cmake
    COMMENT "Embedding ${E_INPUT}"
    VERBATIM)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
