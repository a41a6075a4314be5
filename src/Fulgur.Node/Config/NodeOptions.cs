namespace Fulgur.Node.Config;

/// <summary>Every option fulgurd accepts (interfaces.md §2), including those later layers read.</summary>
public static class NodeOptions
{
    public static readonly IReadOnlyList<OptionSpec> All =
    [
        new("lightning-dir", OptionKind.Path, "base directory; per-network files live in DIR/<network>/ (default $HOME/.fulgur)") { CommandLineOnly = true },
        new("conf", OptionKind.Path, "a config file read after DIR/config and DIR/<network>/config") { CommandLineOnly = true },
        new("network", OptionKind.Choice, "regtest, signet, testnet or bitcoin (default regtest)") { Choices = ["regtest", "signet", "testnet", "bitcoin"] },
        new("regtest", OptionKind.Flag, "same as --network=regtest") { Shorthand = ("network", "regtest") },
        new("signet", OptionKind.Flag, "same as --network=signet") { Shorthand = ("network", "signet") },
        new("testnet", OptionKind.Flag, "same as --network=testnet") { Shorthand = ("network", "testnet") },
        new("mainnet", OptionKind.Flag, "same as --network=bitcoin") { Shorthand = ("network", "bitcoin") },
        new("addr", OptionKind.Address, "listen address HOST:PORT (repeatable; default 127.0.0.1:19846 on regtest, 9735 on bitcoin)") { Repeatable = true },
        new("announce-addr", OptionKind.Address, "address put in node_announcement (repeatable)") { Repeatable = true },
        new("alias", OptionKind.Text, "node alias, at most 32 bytes (default derived from the node id)"),
        new("rgb", OptionKind.Rgb, "node color RRGGBB (default derived from the node id)"),
        new("log-level", OptionKind.Choice, "io, debug, info, unusual or broken (default info)") { Choices = ["io", "debug", "info", "unusual", "broken"] },
        new("log-file", OptionKind.Path, "write the log here instead of stderr"),
        new("rpc-file", OptionKind.Path, "JSON-RPC Unix socket, relative to DIR/<network>/ (default lightning-rpc)"),
        new("wallet", OptionKind.Text, "database: sqlite3://PATH (default DIR/<network>/fulgurd.sqlite3) or postgres://user:pass@host:port/db"),
        new("bitcoin-rpcconnect", OptionKind.Text, "bitcoind JSON-RPC host (default 127.0.0.1)"),
        new("bitcoin-rpcport", OptionKind.WholeNumber, "bitcoind JSON-RPC port (default 18443 on regtest)") { Minimum = 1, Maximum = 65535 },
        new("bitcoin-rpcuser", OptionKind.Text, "bitcoind JSON-RPC user (default: the cookie file)"),
        new("bitcoin-rpcpassword", OptionKind.Text, "bitcoind JSON-RPC password (default: the cookie file)"),
        new("bitcoin-datadir", OptionKind.Path, "where to find <network>/.cookie (default $HOME/.bitcoin)"),
        new("fee-base", OptionKind.WholeNumber, "forwarding base fee we announce, msat (default 1000)"),
        new("fee-per-satoshi", OptionKind.WholeNumber, "proportional forwarding fee we announce, millionths (default 10)"),
        new("cltv-delta", OptionKind.WholeNumber, "our cltv_expiry_delta (default 34)") { Minimum = 1, Maximum = ushort.MaxValue },
        new("cltv-final", OptionKind.WholeNumber, "min_final_cltv_expiry in our invoices (default 10 on regtest, 18 elsewhere)") { Minimum = 1, Maximum = ushort.MaxValue },
        new("watchtime-blocks", OptionKind.WholeNumber, "to_self_delay we ask of peers (default 144)") { Minimum = 1, Maximum = ushort.MaxValue },
        new("max-locktime-blocks", OptionKind.WholeNumber, "largest to_self_delay we accept (default 2016)") { Minimum = 1, Maximum = ushort.MaxValue },
        new("funding-confirms", OptionKind.WholeNumber, "confirmations before a channel is usable (default 3)") { Minimum = 1, Maximum = 1000 },
        new("dev-bitcoind-poll", OptionKind.WholeNumber, "chain polling interval in seconds (default 30)") { Minimum = 1, Maximum = 3600 },
        new("dev-fast-gossip", OptionKind.Flag, "short gossip timers for tests"),
    ];

    private static readonly Dictionary<string, OptionSpec> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static OptionSpec? Find(string name) => ByName.GetValueOrDefault(name);
}
