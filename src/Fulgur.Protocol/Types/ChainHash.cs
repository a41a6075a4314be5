namespace Fulgur.Protocol.Types;

/// <summary>
/// A chain identifier (<c>chain_hash</c>): the genesis block hash in wire (internal) byte order, the reverse of how
/// block explorers print it.
/// </summary>
public readonly record struct ChainHash(Bytes32 Value)
{
    public static readonly ChainHash Bitcoin = FromDisplayHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    public static readonly ChainHash Testnet = FromDisplayHex("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943");
    public static readonly ChainHash Testnet4 = FromDisplayHex("00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043");
    public static readonly ChainHash Signet = FromDisplayHex("00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6");
    public static readonly ChainHash Regtest = FromDisplayHex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");

    public static ChainHash FromSpan(ReadOnlySpan<byte> bytes32) => new(Bytes32.FromSpan(bytes32));

    /// <summary>From a genesis hash as bitcoind prints it (byte-reversed).</summary>
    public static ChainHash FromDisplayHex(string hex)
    {
        var bytes = Bytes32.ParseHex(hex).ToArray();
        Array.Reverse(bytes);
        return FromSpan(bytes);
    }

    /// <summary>The network name for the chains we know ("bitcoin", "testnet", "testnet4", "signet", "regtest").</summary>
    public string? NetworkName =>
        this == Bitcoin ? "bitcoin"
        : this == Testnet ? "testnet"
        : this == Testnet4 ? "testnet4"
        : this == Signet ? "signet"
        : this == Regtest ? "regtest"
        : null;

    public byte[] ToArray() => Value.ToArray();

    public override string ToString() => Value.ToHex();
}
