#pragma once
// Subcommands of the `fedsec` executable. Each add_* registers one subcommand on the app; its
// callback parses nothing itself beyond CLI11 options, calls the library, and prints. A callback
// reports bad input by throwing fedsec::UsageError (exit 2) and other failures by throwing any
// other std::exception (exit 1).

namespace CLI {
class App;
}

namespace fedsec::cli {

void add_run_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_account_command(CLI::App& app);
void add_config_doc_command(CLI::App& app);
void add_partition_command(CLI::App& app);
void add_diff2_command(CLI::App& app);
void add_traffic_command(CLI::App& app);
void add_aggregate_command(CLI::App& app);
void add_attack_command(CLI::App& app);
void add_certs_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_join_command(CLI::App& app);

}  // namespace fedsec::cli
