using Fulgur.Protocol.Types;
namespace Fulgur.Node.Rpc;

/// <summary>What a parameter holds; each type has one parser (<see cref="RpcParamParser"/>) and one name in the docs.</summary>
public enum RpcParamType
{
    /// <summary>A JSON string. → <see cref="string"/></summary>
    Text,
    /// <summary><c>true</c>/<c>false</c>. → <see cref="bool"/></summary>
    Flag,
    /// <summary>A whole number 0…2^32-1. → <see cref="uint"/></summary>
    U32,
    /// <summary>A whole number 0…2^64-1. → <see cref="ulong"/></summary>
    U64,
    /// <summary>Any finite number. → <see cref="double"/></summary>
    Number,
    /// <summary>An amount: an integer in msat, or a string with msat/sat/btc. → <see cref="MilliSatoshi"/></summary>
    MilliSatoshi,
    /// <summary>An amount: an integer in sat, or a string with msat/sat/btc that is whole satoshis. → <see cref="Fulgur.Bitcoin.Satoshi"/></summary>
    Satoshi,
    /// <summary>An amount as <see cref="MilliSatoshi"/>, or the string <c>any</c>. → <see cref="Rpc.MilliSatoshiOrAny"/></summary>
    MilliSatoshiOrAny,
    /// <summary>An amount as <see cref="Satoshi"/>, or the string <c>all</c>. → <see cref="Rpc.SatoshiOrAll"/></summary>
    SatoshiOrAll,
    /// <summary>A 33-byte compressed public key in hex. → <see cref="Fulgur.Crypto.PublicKey"/></summary>
    NodeId,
    /// <summary><c>BLOCK:TX:OUT</c> or <c>BLOCKxTXxOUT</c>. → <see cref="Protocol.Types.ShortChannelId"/></summary>
    ShortChannelId,
    /// <summary>Hex of any even length. → <see cref="byte"/>[]</summary>
    Hex,
    /// <summary>64 hex characters (a SHA256 hash or preimage). → <see cref="Hash32"/></summary>
    Hash32,
    /// <summary>A JSON array. → <see cref="System.Text.Json.JsonElement"/></summary>
    JsonArray,
    /// <summary>A JSON object. → <see cref="System.Text.Json.JsonElement"/></summary>
    JsonObject,
    /// <summary>Any JSON value. → <see cref="System.Text.Json.JsonElement"/></summary>
    Json,
}

/// <summary>
/// One parameter of a command, declared once (Core Lightning's <c>p_req</c>/<c>p_opt</c>): binding by position or
/// name, alias resolution, validation, <c>help</c>'s usage line and the doc-page check all read this declaration.
/// </summary>
public sealed record RpcParam(string Name, RpcParamType Type, bool IsRequired, string Description)
{
    /// <summary>Other names accepted for this parameter (e.g. <c>msatoshi</c> for <c>amount_msat</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The value an optional parameter takes when omitted (already of the parsed type), or null for none.</summary>
    public object? Default { get; init; }

    public static RpcParam Required(string name, RpcParamType type, string description, params string[] aliases) =>
        new(name, type, true, description) { Aliases = aliases };

    public static RpcParam Optional(string name, RpcParamType type, string description, object? defaultValue = null, params string[] aliases) =>
        new(name, type, false, description) { Default = defaultValue, Aliases = aliases };

    public bool Answers(string name) => Name == name || Aliases.Contains(name);
}

/// <summary>A 32-byte hash or preimage given as 64 hex characters.</summary>
public sealed record Hash32
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException("a Hash32 is 32 bytes", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public bool Equals(Hash32? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    public override string ToString() => Fulgur.Crypto.Hex.Encode(_bytes);
}
