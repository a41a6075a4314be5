using System.Buffers;
using System.Buffers.Binary;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Wire;

/// <summary>Writes one value into a <see cref="WireWriter"/>; used to build a TLV value or a whole message.</summary>
public delegate void WireWriteAction(WireWriter writer);

/// <summary>
/// Writes BOLT 1 fundamental types, big-endian, into a growable buffer. Writing is for our own values, so a value
/// that cannot be encoded (a 70,000-byte u16-prefixed field) is a bug and throws.
/// </summary>
public readonly ref struct WireWriter
{
    private readonly IBufferWriter<byte> _output;

    public WireWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Runs <paramref name="write"/> against a fresh buffer and returns the bytes.</summary>
    public static byte[] ToArray(WireWriteAction write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        write(new WireWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>As <see cref="ToArray"/>, wrapped as an immutable vector.</summary>
    public static ByteVector ToByteVector(WireWriteAction write) => ByteVector.TakeOwnership(ToArray(write));

    public void WriteU8(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void WriteU16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public void WriteU32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteU64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteS8(sbyte value) => WriteU8((byte)value);

    public void WriteS16(short value) => WriteU16((ushort)value);

    public void WriteS32(int value) => WriteU32((uint)value);

    public void WriteS64(long value) => WriteU64((ulong)value);

    /// <summary>Bytes a BigSize encoding of <paramref name="value"/> takes: 1, 3, 5 or 9.</summary>
    public static int BigSizeLength(ulong value) => value switch
    {
        < 0xfd => 1,
        < 0x1_0000 => 3,
        < 0x1_0000_0000 => 5,
        _ => 9,
    };

    public void WriteBigSize(ulong value)
    {
        switch (BigSizeLength(value))
        {
            case 1:
                WriteU8((byte)value);
                break;
            case 3:
                WriteU8(0xfd);
                WriteU16((ushort)value);
                break;
            case 5:
                WriteU8(0xfe);
                WriteU32((uint)value);
                break;
            default:
                WriteU8(0xff);
                WriteU64(value);
                break;
        }
    }

    /// <summary>A truncated integer: the big-endian value without leading zero bytes (zero is no bytes at all).</summary>
    public void WriteTu64(ulong value)
    {
        var length = (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) / 8;
        Span<byte> full = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(full, value);
        WriteBytes(full[(8 - length)..]);
    }

    public void WriteTu32(uint value) => WriteTu64(value);

    public void WriteTu16(ushort value) => WriteTu64(value);

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    /// <summary>A <c>u16</c> length followed by the bytes.</summary>
    public void WriteU16Prefixed(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > ushort.MaxValue)
            throw new ArgumentException($"{bytes.Length} bytes do not fit a u16 length", nameof(bytes));
        WriteU16((ushort)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A feature vector with its <c>u16</c> length, bytes as held (as received, or minimal).</summary>
    public void WriteFeatures(Features.FeatureBits features)
    {
        ArgumentNullException.ThrowIfNull(features);
        WriteU16Prefixed(features.WireBytes);
    }

    public void WriteBytes32(Bytes32 value)
    {
        value.CopyTo(_output.GetSpan(Bytes32.Length));
        _output.Advance(Bytes32.Length);
    }

    public void WritePoint(PublicKey point)
    {
        ArgumentNullException.ThrowIfNull(point);
        WriteBytes(point.Compressed);
    }

    public void WriteNodeId(NodeId nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        WriteBytes(nodeId.Bytes);
    }

    public void WriteSignature(EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        WriteBytes(signature.ToCompact());
    }

    public void WriteShortChannelId(ShortChannelId scid) => WriteU64(scid.Value);

    public void WriteChannelId(ChannelId channelId) => WriteBytes32(channelId.Value);

    public void WriteChainHash(ChainHash chainHash) => WriteBytes32(chainHash.Value);

    public void WritePaymentHash(PaymentHash hash) => WriteBytes32(hash.Value);

    public void WritePreimage(Preimage preimage) => WriteBytes32(preimage.Value);

    public void WriteMilliSatoshi(MilliSatoshi amount)
    {
        if (amount.Value < 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "a wire amount cannot be negative");
        WriteU64((ulong)amount.Value);
    }

    public void WriteTruncatedMilliSatoshi(MilliSatoshi amount)
    {
        if (amount.Value < 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "a wire amount cannot be negative");
        WriteTu64((ulong)amount.Value);
    }

    public void WriteSatoshi(Fulgur.Bitcoin.Satoshi amount)
    {
        if (amount.Value < 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "a wire amount cannot be negative");
        WriteU64((ulong)amount.Value);
    }

    public void WriteCltvExpiry(CltvExpiry expiry) => WriteU32(expiry.Value);

    public void WriteCltvExpiryDelta(CltvExpiryDelta delta) => WriteU16(delta.Value);

    public void WriteBlockHeight(BlockHeight height) => WriteU32(height.Value);
}
