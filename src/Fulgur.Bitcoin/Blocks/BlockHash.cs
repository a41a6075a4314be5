using Fulgur.Bitcoin.Encoding;

namespace Fulgur.Bitcoin.Blocks;

/// <summary>A block id: double-SHA256 of the 80-byte header. Reversed hex in <see cref="ToString"/>, as bitcoind shows it.</summary>
public readonly record struct BlockHash(Hash256 Hash)
{
    public static readonly BlockHash Zero;

    public static BlockHash FromBytes(ReadOnlySpan<byte> internalOrder) => new(Hash256.FromBytes(internalOrder));

    public static bool TryParse(ReadOnlySpan<char> displayHex, out BlockHash blockHash)
    {
        var ok = Hash256.TryParse(displayHex, out var hash);
        blockHash = new BlockHash(hash);
        return ok;
    }

    public static BlockHash Parse(string displayHex) => new(Hash256.Parse(displayHex));

    public byte[] ToBytes() => Hash.ToBytes();

    public override string ToString() => Hash.ToString();
}
