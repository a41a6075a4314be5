using Fulgur.Node.Logging;

namespace Fulgur.Node.Config;

/// <summary>One option as it finally stands, and where it came from (<c>cmdline</c>, <c>FILE:LINE</c> or <c>default</c>).</summary>
public sealed record OptionValue(OptionSpec Spec, string? Value, string Source);

/// <summary>fulgurd's settings after the command line and the config-file chain (interfaces.md §2) were merged.</summary>
public sealed record NodeConfig
{
    public required string LightningDir { get; init; }
    public required BitcoinNetwork Network { get; init; }

    /// <summary><c>DIR/&lt;network&gt;/</c>: hsm_secret, the database, the RPC socket and the lock file live here.</summary>
    public string NetworkDir => System.IO.Path.Combine(LightningDir, Network.Name());

    public required IReadOnlyList<HostPort> ListenAddresses { get; init; }
    public required IReadOnlyList<HostPort> AnnounceAddresses { get; init; }
    /// <summary>Null means derived from the node id.</summary>
    public string? Alias { get; init; }
    /// <summary>Null means derived from the node id.</summary>
    public byte[]? Rgb { get; init; }
    public required LogLevel LogLevel { get; init; }
    public string? LogFile { get; init; }
    public required string RpcFile { get; init; }
    public required string Wallet { get; init; }
    public required string BitcoinRpcConnect { get; init; }
    public required ushort BitcoinRpcPort { get; init; }
    public string? BitcoinRpcUser { get; init; }
    public string? BitcoinRpcPassword { get; init; }
    public required string BitcoinDatadir { get; init; }
    public required MilliSatoshiFee FeeBase { get; init; }
    public required uint FeePerSatoshi { get; init; }
    public required ushort CltvDelta { get; init; }
    public required ushort CltvFinal { get; init; }
    public required ushort WatchtimeBlocks { get; init; }
    public required ushort MaxLocktimeBlocks { get; init; }
    public required uint FundingConfirms { get; init; }
    public required TimeSpan BitcoindPoll { get; init; }
    public required bool DevFastGossip { get; init; }

    /// <summary>The RPC socket's full path: --rpc-file relative to the network directory (an absolute name stands as is).</summary>
    public string RpcSocketPath => System.IO.Path.Combine(NetworkDir, RpcFile);

    /// <summary>Every option with its effective value and source, in declaration order, for listconfigs.</summary>
    public required IReadOnlyList<OptionValue> Values { get; init; }
}

/// <summary>A fee base in millisatoshis (--fee-base), kept apart from amounts so it cannot be mixed with one.</summary>
public readonly record struct MilliSatoshiFee(uint Value);
