using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Blocks;

/// <summary>The 80-byte block header: version, previous block, merkle root, time, compact target and nonce.</summary>
public sealed record BlockHeader(int Version, BlockHash PreviousBlock, Hash256 MerkleRoot, uint Time, CompactTarget Bits, uint Nonce)
{
    public const int SerializedLength = 80;

    /// <summary>Double-SHA256 of the 80 serialized bytes.</summary>
    public BlockHash Hash => new(Hash256.DoubleSha256(ToBytes()));

    public byte[] ToBytes()
    {
        var writer = new BitcoinWriter(SerializedLength);
        Write(writer);
        return writer.ToArray();
    }

    public string ToHex() => Hex.Encode(ToBytes());

    public void Write(BitcoinWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Version);
        PreviousBlock.Hash.Write(writer);
        MerkleRoot.Write(writer);
        writer.WriteUInt32(Time);
        writer.WriteUInt32(Bits.Bits);
        writer.WriteUInt32(Nonce);
    }

    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out BlockHeader? header, [NotNullWhen(false)] out string? error)
    {
        var reader = new BitcoinReader(bytes);
        if (!TryRead(ref reader, out header))
        {
            error = reader.Error ?? "malformed header";
            return false;
        }
        if (!reader.IsAtEnd)
        {
            header = null;
            error = $"{reader.Remaining} trailing bytes after the header";
            return false;
        }
        error = null;
        return true;
    }

    public static bool TryRead(ref BitcoinReader reader, [NotNullWhen(true)] out BlockHeader? header)
    {
        header = null;
        if (!reader.TryReadInt32(out var version) || !Hash256.TryRead(ref reader, out var previous)
            || !Hash256.TryRead(ref reader, out var merkleRoot) || !reader.TryReadUInt32(out var time)
            || !reader.TryReadUInt32(out var bits) || !reader.TryReadUInt32(out var nonce))
            return false;
        header = new BlockHeader(version, new BlockHash(previous), merkleRoot, time, new CompactTarget(bits), nonce);
        return true;
    }
}
