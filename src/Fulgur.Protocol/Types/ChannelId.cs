using System.Buffers.Binary;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Types;

/// <summary>BOLT 2's 32-byte <c>channel_id</c> (also used for <c>temporary_channel_id</c>).</summary>
public readonly record struct ChannelId(Bytes32 Value)
{
    /// <summary>All zeros: in <c>error</c> and <c>warning</c>, "all channels".</summary>
    public static readonly ChannelId All;

    public bool IsAll => Value.IsZero;

    public static ChannelId FromSpan(ReadOnlySpan<byte> bytes32) => new(Bytes32.FromSpan(bytes32));

    /// <summary>
    /// The v1 channel id of a funding output. <paramref name="fundingTxid"/> is the txid in wire (internal) byte
    /// order, as <c>funding_created</c> carries it.
    /// </summary>
    public static ChannelId FromFundingOutput(ReadOnlySpan<byte> fundingTxid, ushort fundingOutputIndex)
    {
        // BOLT #2: "combining the `funding_txid` and the `funding_output_index`, using big-endian exclusive-OR
        // (i.e. `funding_output_index` alters the last 2 bytes)."
        Span<byte> bytes = stackalloc byte[Bytes32.Length];
        fundingTxid.CopyTo(bytes);
        var last = BinaryPrimitives.ReadUInt16BigEndian(bytes[30..]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[30..], (ushort)(last ^ fundingOutputIndex));
        return FromSpan(bytes);
    }

    /// <summary>The v2 (dual-funded) channel id from both revocation basepoints, in either order.</summary>
    public static ChannelId FromRevocationBasepoints(PublicKey a, PublicKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // BOLT #2: "the `channel_id` is the `SHA256(lesser-revocation-basepoint || greater-revocation-basepoint)`"
        var (lesser, greater) = a.Compressed.SequenceCompareTo(b.Compressed) <= 0 ? (a, b) : (b, a);
        Span<byte> both = stackalloc byte[2 * PublicKey.CompressedLength];
        lesser.Compressed.CopyTo(both);
        greater.Compressed.CopyTo(both[PublicKey.CompressedLength..]);
        Span<byte> digest = stackalloc byte[Bytes32.Length];
        Sha256.Hash(both, digest);
        return FromSpan(digest);
    }

    public static bool TryParse(ReadOnlySpan<char> hex, out ChannelId channelId)
    {
        var ok = Bytes32.TryParseHex(hex, out var value);
        channelId = new ChannelId(value);
        return ok;
    }

    public static ChannelId Parse(string hex) =>
        TryParse(hex, out var channelId) ? channelId : throw new FormatException("a channel id is 64 hex characters");

    public byte[] ToArray() => Value.ToArray();

    public override string ToString() => Value.ToHex();
}
