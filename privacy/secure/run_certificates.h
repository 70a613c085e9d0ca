#pragma once
// The certificate directory of a networked run: the files `fedsec certs` writes and the serving
// and joining processes read.
//
//   ca.pem, ca.key            the run's authority (keep ca.key offline once the run is set up)
//   server.pem, server.key    the server's certificate (name kServerName) and key
//   client-K.pem, client-K.key  client K's certificate and key, for K in 0..num_clients-1

#include <cstdint>
#include <string>
#include <vector>

#include "privacy/secure/tls_context.h"

namespace fedsec::secure {

// Creates a fresh authority and the certificates of the server and of clients 0..num_clients-1,
// valid from five minutes ago for `days` days, in `dir` (created if missing). Refuses (PemError) to
// replace an existing ca.key, whose certificates would all stop verifying. Returns the paths
// written. Throws std::invalid_argument unless num_clients >= 1 and days >= 1.
std::vector<std::string> write_run_certificates(const std::string& dir, int num_clients, int days);

// The credentials of `party` (kServerParty or a client id) from such a directory; throws PemError
// naming a missing or malformed file.
TlsCredentials load_run_credentials(const std::string& dir, int32_t party);

}  // namespace fedsec::secure
