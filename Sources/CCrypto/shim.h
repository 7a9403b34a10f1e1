// OpenSSL's libcrypto (Debian's libssl-dev), used only for SHA-256 through
// Sources/DataSources/LibCrypto.swift.
#include <openssl/evp.h>
