using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fulgur.Crypto;
using Fulgur.Node.Logging;

namespace Fulgur.Node.Config;

/// <summary>
/// Reads fulgurd's options as Core Lightning does: the command line decides the lightning directory and any --conf file;
/// then <c>DIR/config</c>, <c>DIR/&lt;network&gt;/config</c> and the --conf file are read, each overriding the one
/// before, and the command line overrides them all (interfaces.md §2). Config lines are the option names without
/// <c>--</c>, <c>name=value</c> or a bare <c>name</c> for flags; <c>#</c> starts a comment line.
/// Repeatable options (addr, announce-addr) accumulate from every source.
/// </summary>
public static class ConfigLoader
{
    private sealed record Setting(OptionSpec Spec, string? Value, string Source);

    public static bool TryLoad(IReadOnlyList<string> args, string homeDirectory, [NotNullWhen(true)] out NodeConfig? config, out string error)
    {
        config = null;
        if (!TryParseCommandLine(args, out var cmdline, out error))
            return false;

        var lightningDir = Path.GetFullPath(Last(cmdline, "lightning-dir") ?? Path.Combine(homeDirectory, ".fulgur"));
        var confFile = Last(cmdline, "conf");

        if (!TryReadFile(Path.Combine(lightningDir, "config"), required: false, out var baseFile, out error))
            return false;
        var conf = new List<Setting>();
        if (confFile is not null && !TryReadFile(Path.GetFullPath(confFile), required: true, out conf, out error))
            return false;

        var networkName = Last(cmdline, "network") ?? Last(conf, "network") ?? Last(baseFile, "network") ?? "regtest";
        if (!BitcoinNetworks.TryParse(networkName, out var network))
        {
            error = $"--network: '{networkName}' is not one of regtest, signet, testnet, bitcoin";
            return false;
        }
        var networkConfigPath = Path.Combine(lightningDir, network.Name(), "config");
        if (!TryReadFile(networkConfigPath, required: false, out var networkFile, out error))
            return false;
        var networkInFile = Last(networkFile, "network");
        if (networkInFile is not null && networkInFile != network.Name())
        {
            error = $"{networkConfigPath}: network={networkInFile} contradicts the network it belongs to ({network.Name()})";
            return false;
        }

        // Lowest precedence first; for a single-valued option the last setting wins.
        var ordered = baseFile.Concat(networkFile).Concat(conf).Concat(cmdline).ToList();
        foreach (var setting in ordered)
        {
            var why = setting.Spec.Validate(setting.Value);
            if (why is not null)
            {
                error = setting.Source == "cmdline" ? $"--{setting.Spec.Name}: {why}" : $"{setting.Source}: {setting.Spec.Name}: {why}";
                return false;
            }
        }
        return TryBuild(ordered, lightningDir, network, homeDirectory, out config, out error);
    }

    private static bool TryParseCommandLine(IReadOnlyList<string> args, out List<Setting> settings, out string error)
    {
        settings = [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                error = $"unexpected argument '{arg}': options are --name=value";
                return false;
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? arg[2..] : arg[2..eq];
            string? value = eq < 0 ? null : arg[(eq + 1)..];
            var spec = NodeOptions.Find(name);
            if (spec is null)
            {
                error = $"unknown option '--{name}'";
                return false;
            }
            // Core Lightning only takes --name=value; "--name value" is accepted too when the option needs a value.
            if (value is null && spec.Kind != OptionKind.Flag && spec.Shorthand is null && i + 1 < args.Count
                && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                value = args[++i];
            settings.Add(Expand(spec, value, "cmdline"));
        }
        error = "";
        return true;
    }

    private static bool TryReadFile(string path, bool required, out List<Setting> settings, out string error)
    {
        settings = [];
        error = "";
        if (!File.Exists(path))
        {
            if (required)
                error = $"config file {path} not found";
            return !required;
        }
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var source = $"{path}:{lineNumber.ToString(CultureInfo.InvariantCulture)}";
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? line : line[..eq]).Trim();
            string? value = eq < 0 ? null : line[(eq + 1)..].Trim();
            if (name.StartsWith("--", StringComparison.Ordinal))
                name = name[2..];
            var spec = NodeOptions.Find(name);
            if (spec is null)
            {
                error = $"{source}: unknown option '{name}'";
                return false;
            }
            if (spec.CommandLineOnly)
            {
                error = $"{source}: {name} may only be given on the command line";
                return false;
            }
            settings.Add(Expand(spec, value, source));
        }
        return true;
    }

    private static Setting Expand(OptionSpec spec, string? value, string source)
    {
        // --regtest and friends stand for --network=...; a value given to them is reported by Validate.
        if (spec.Shorthand is { } target && value is null)
            return new Setting(NodeOptions.Find(target.Option)!, target.Value, source);
        return new Setting(spec, value, source);
    }

    /// <summary>Addresses were validated with the rest; here they only get the network's default port.</summary>
    private static HostPort ParseValidated(string value, BitcoinNetwork network, bool allowPortZero = false) =>
        HostPort.TryParse(value, network.DefaultPeerPort(), out var address, out var error, allowPortZero) ? address! : throw new InvalidOperationException(error);

    private static string? Shown(OptionSpec spec, string? value) => spec.Kind switch
    {
        OptionKind.Flag => "true",
        OptionKind.Path when spec.Name != "rpc-file" => Path.GetFullPath(value!),
        _ => value,
    };

    private static string? Last(List<Setting> settings, string name) =>
        settings.LastOrDefault(s => s.Spec.Name == name)?.Value;

    private static bool TryBuild(List<Setting> ordered, string lightningDir, BitcoinNetwork network, string home,
        [NotNullWhen(true)] out NodeConfig? config, out string error)
    {
        config = null;
        var values = new List<OptionValue>();
        var single = new Dictionary<string, Setting>(StringComparer.Ordinal);
        var multi = new Dictionary<string, List<Setting>>(StringComparer.Ordinal);
        foreach (var s in ordered)
        {
            if (s.Spec.Repeatable)
                (multi.TryGetValue(s.Spec.Name, out var list) ? list : multi[s.Spec.Name] = []).Add(s);
            else
                single[s.Spec.Name] = s;
        }

        string? Get(string name) => single.TryGetValue(name, out var s) ? s.Value : null;
        bool Has(string name) => single.ContainsKey(name);
        long Int(string name, long fallback) => single.TryGetValue(name, out var s) ? long.Parse(s.Value!, CultureInfo.InvariantCulture) : fallback;

        var alias = Get("alias");
        if (alias is not null && System.Text.Encoding.UTF8.GetByteCount(alias) > 32)
        {
            // BOLT #7: node_announcement carries "[`32*byte`:`alias`]".
            error = $"--alias: '{alias}' is longer than 32 bytes";
            return false;
        }

        var listen = new List<HostPort>();
        foreach (var s in multi.GetValueOrDefault("addr") ?? [])
        {
            listen.Add(ParseValidated(s.Value!, network, allowPortZero: true));
        }
        var defaultListen = listen.Count == 0;
        if (defaultListen)
            listen.Add(new HostPort("127.0.0.1", network.DefaultPeerPort()));
        var announce = new List<HostPort>();
        foreach (var s in multi.GetValueOrDefault("announce-addr") ?? [])
        {
            announce.Add(ParseValidated(s.Value!, network));
        }

        var networkDir = Path.Combine(lightningDir, network.Name());
        var logLevel = LogLevels.TryParse(Get("log-level") ?? "info", out var level) ? level : LogLevel.Info;
        var logFile = Get("log-file");
        var rpcFile = Get("rpc-file") ?? "lightning-rpc";
        var wallet = Get("wallet") ?? "sqlite3://" + Path.Combine(networkDir, "fulgurd.sqlite3");
        var cltvFinal = network == BitcoinNetwork.Regtest ? 10 : 18;

        config = new NodeConfig
        {
            LightningDir = lightningDir,
            Network = network,
            ListenAddresses = listen,
            AnnounceAddresses = announce,
            Alias = alias,
            Rgb = Get("rgb") is { } rgb ? Hex.Decode(rgb) : null,
            LogLevel = logLevel,
            LogFile = logFile is null ? null : Path.GetFullPath(logFile),
            RpcFile = rpcFile,
            Wallet = wallet,
            BitcoinRpcConnect = Get("bitcoin-rpcconnect") ?? "127.0.0.1",
            BitcoinRpcPort = (ushort)Int("bitcoin-rpcport", network.DefaultBitcoinRpcPort()),
            BitcoinRpcUser = Get("bitcoin-rpcuser"),
            BitcoinRpcPassword = Get("bitcoin-rpcpassword"),
            BitcoinDatadir = Get("bitcoin-datadir") ?? Path.Combine(home, ".bitcoin"),
            FeeBase = new MilliSatoshiFee((uint)Int("fee-base", 1000)),
            FeePerSatoshi = (uint)Int("fee-per-satoshi", 10),
            CltvDelta = (ushort)Int("cltv-delta", 34),
            CltvFinal = (ushort)Int("cltv-final", cltvFinal),
            WatchtimeBlocks = (ushort)Int("watchtime-blocks", 144),
            MaxLocktimeBlocks = (ushort)Int("max-locktime-blocks", 2016),
            FundingConfirms = (uint)Int("funding-confirms", 3),
            BitcoindPoll = TimeSpan.FromSeconds(Int("dev-bitcoind-poll", 30)),
            DevFastGossip = Has("dev-fast-gossip"),
            Values = values,
        };

        // listconfigs: the effective value of every option, defaults included (alias/rgb are filled in by the node).
        var defaults = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["lightning-dir"] = lightningDir,
            ["network"] = network.Name(),
            ["log-level"] = "info",
            ["rpc-file"] = "lightning-rpc",
            ["wallet"] = wallet,
            ["bitcoin-rpcconnect"] = config.BitcoinRpcConnect,
            ["bitcoin-rpcport"] = network.DefaultBitcoinRpcPort().ToString(CultureInfo.InvariantCulture),
            ["bitcoin-datadir"] = config.BitcoinDatadir,
            ["fee-base"] = "1000",
            ["fee-per-satoshi"] = "10",
            ["cltv-delta"] = "34",
            ["cltv-final"] = cltvFinal.ToString(CultureInfo.InvariantCulture),
            ["watchtime-blocks"] = "144",
            ["max-locktime-blocks"] = "2016",
            ["funding-confirms"] = "3",
            ["dev-bitcoind-poll"] = "30",
        };
        foreach (var spec in NodeOptions.All)
        {
            if (spec.Shorthand is not null)
                continue;
            if (spec.Repeatable)
            {
                var given = multi.GetValueOrDefault(spec.Name);
                if (given is not null)
                    values.AddRange(given.Select(s => new OptionValue(spec, s.Value, s.Source)));
                else if (spec.Name == "addr" && defaultListen)
                    values.Add(new OptionValue(spec, listen[0].ToString(), "default"));
            }
            else if (single.TryGetValue(spec.Name, out var s))
                values.Add(new OptionValue(spec, Shown(spec, s.Value), s.Source));
            else if (spec.Kind == OptionKind.Flag)
                values.Add(new OptionValue(spec, "false", "default"));
            else if (defaults.TryGetValue(spec.Name, out var d))
                values.Add(new OptionValue(spec, d, "default"));
        }
        error = "";
        return true;
    }
}
