using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Wire;

/// <summary>
/// Reads BOLT 1 fundamental types from a complete message held in memory. Every <c>TryRead…</c> returns false on
/// bad or short input and leaves the reason in <see cref="Error"/>; nothing here throws on peer input. Chain reads
/// with <c>||</c> and report <see cref="Error"/> once.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public WireReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        Error = WireError.None;
    }

    /// <summary>The reason the last failed read gave.</summary>
    public WireError Error { get; private set; }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>The unread bytes, without consuming them.</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    /// <summary>Records a failure found by the caller (a message-level rule) and returns false.</summary>
    public bool Fail(WireErrorKind kind, string detail)
    {
        Error = new WireError(kind, detail);
        return false;
    }

    private bool Take(int count, out ReadOnlySpan<byte> bytes)
    {
        if ((uint)count > (uint)Remaining)
        {
            bytes = default;
            return Fail(WireErrorKind.Truncated, $"needed {count} bytes at offset {_position}, {Remaining} left");
        }
        bytes = _buffer.Slice(_position, count);
        _position += count;
        return true;
    }

    public bool TryReadU8(out byte value)
    {
        value = 0;
        if (!Take(1, out var b))
            return false;
        value = b[0];
        return true;
    }

    public bool TryReadU16(out ushort value)
    {
        value = 0;
        if (!Take(2, out var b))
            return false;
        value = BinaryPrimitives.ReadUInt16BigEndian(b);
        return true;
    }

    public bool TryReadU32(out uint value)
    {
        value = 0;
        if (!Take(4, out var b))
            return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(b);
        return true;
    }

    public bool TryReadU64(out ulong value)
    {
        value = 0;
        if (!Take(8, out var b))
            return false;
        value = BinaryPrimitives.ReadUInt64BigEndian(b);
        return true;
    }

    // BOLT #1: "Signed integers use standard big-endian two's complement representation"
    public bool TryReadS8(out sbyte value)
    {
        var ok = TryReadU8(out var raw);
        value = (sbyte)raw;
        return ok;
    }

    public bool TryReadS16(out short value)
    {
        var ok = TryReadU16(out var raw);
        value = (short)raw;
        return ok;
    }

    public bool TryReadS32(out int value)
    {
        var ok = TryReadU32(out var raw);
        value = (int)raw;
        return ok;
    }

    public bool TryReadS64(out long value)
    {
        var ok = TryReadU64(out var raw);
        value = (long)raw;
        return ok;
    }

    /// <summary>A BigSize, refusing encodings that are not minimal.</summary>
    public bool TryReadBigSize(out ulong value)
    {
        value = 0;
        var start = _position;
        if (!TryReadU8(out var prefix))
            return false;
        // BOLT #1: "All values decoded with BigSize should be checked to ensure they are minimally encoded."
        switch (prefix)
        {
            case 0xfd:
                if (!TryReadU16(out var v16))
                    return false;
                value = v16;
                return value >= 0xfd || NonMinimal(start);
            case 0xfe:
                if (!TryReadU32(out var v32))
                    return false;
                value = v32;
                return value >= 0x1_0000 || NonMinimal(start);
            case 0xff:
                if (!TryReadU64(out value))
                    return false;
                return value >= 0x1_0000_0000 || NonMinimal(start);
            default:
                value = prefix;
                return true;
        }
    }

    private bool NonMinimal(int start) =>
        Fail(WireErrorKind.NonMinimalBigSize, $"BigSize at offset {start} is not minimally encoded");

    /// <summary>A <c>tu16</c> filling the rest of the input (the final value of a TLV record).</summary>
    public bool TryReadTu16(out ushort value)
    {
        var ok = TryReadTruncated(2, out var wide);
        value = (ushort)wide;
        return ok;
    }

    /// <summary>A <c>tu32</c> filling the rest of the input (the final value of a TLV record).</summary>
    public bool TryReadTu32(out uint value)
    {
        var ok = TryReadTruncated(4, out var wide);
        value = (uint)wide;
        return ok;
    }

    /// <summary>A <c>tu64</c> filling the rest of the input (the final value of a TLV record).</summary>
    public bool TryReadTu64(out ulong value) => TryReadTruncated(8, out value);

    private bool TryReadTruncated(int maxLength, out ulong value)
    {
        value = 0;
        var length = Remaining;
        if (length > maxLength)
            return Fail(WireErrorKind.TruncatedIntTooLong, $"{length} bytes for a {maxLength}-byte truncated integer");
        Take(length, out var bytes);
        // BOLT #1: "Leading zeros in truncated integers MUST be omitted"
        if (length > 0 && bytes[0] == 0)
            return Fail(WireErrorKind.NonMinimalTruncatedInt, "truncated integer has a leading zero byte");
        foreach (var b in bytes)
            value = (value << 8) | b;
        return true;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes) => Take(count, out bytes);

    public bool TryReadByteVector(int count, out ByteVector bytes)
    {
        var ok = Take(count, out var span);
        bytes = ok ? new ByteVector(span) : ByteVector.Empty;
        return ok;
    }

    /// <summary>A <c>u16</c> length followed by that many bytes (the <c>[u16:len][len*byte:data]</c> idiom).</summary>
    public bool TryReadU16Prefixed(out ByteVector bytes)
    {
        bytes = ByteVector.Empty;
        return TryReadU16(out var length) && TryReadByteVector(length, out bytes);
    }

    /// <summary>A <c>u16</c>-length-prefixed feature vector (<c>[u16:flen][flen*byte:features]</c>), kept byte for byte.</summary>
    public bool TryReadFeatures([NotNullWhen(true)] out Features.FeatureBits? features)
    {
        features = null;
        if (!TryReadU16(out var length) || !TryReadBytes(length, out var bytes))
            return false;
        features = Features.FeatureBits.FromWire(bytes);
        return true;
    }

    /// <summary>Everything left, consumed.</summary>
    public ReadOnlySpan<byte> ReadRemaining()
    {
        var rest = _buffer[_position..];
        _position = _buffer.Length;
        return rest;
    }

    public bool TryReadBytes32(out Bytes32 value)
    {
        value = default;
        if (!Take(Bytes32.Length, out var bytes))
            return false;
        value = Bytes32.FromSpan(bytes);
        return true;
    }

    /// <summary>A <c>point</c>: 33 bytes that must be a valid compressed key.</summary>
    public bool TryReadPoint([NotNullWhen(true)] out PublicKey? point)
    {
        point = null;
        var start = _position;
        if (!Take(PublicKey.CompressedLength, out var bytes))
            return false;
        if ((bytes[0] != 0x02 && bytes[0] != 0x03) || !PublicKey.TryParse(bytes, out point))
            return Fail(WireErrorKind.InvalidPoint, $"bytes at offset {start} are not a valid compressed point");
        return true;
    }

    public bool TryReadNodeId([NotNullWhen(true)] out NodeId? nodeId)
    {
        nodeId = null;
        if (!TryReadPoint(out var key))
            return false;
        nodeId = new NodeId(key);
        return true;
    }

    /// <summary>A 64-byte compact <c>signature</c>, refusing r or s out of range.</summary>
    public bool TryReadSignature([NotNullWhen(true)] out EcdsaSignature? signature)
    {
        signature = null;
        var start = _position;
        if (!Take(64, out var bytes))
            return false;
        if (!EcdsaSignature.TryParseCompact(bytes, out signature))
            return Fail(WireErrorKind.InvalidSignature, $"bytes at offset {start} are not a valid compact signature");
        return true;
    }

    public bool TryReadShortChannelId(out ShortChannelId scid)
    {
        var ok = TryReadU64(out var raw);
        scid = new ShortChannelId(raw);
        return ok;
    }

    public bool TryReadChannelId(out ChannelId channelId)
    {
        var ok = TryReadBytes32(out var value);
        channelId = new ChannelId(value);
        return ok;
    }

    public bool TryReadChainHash(out ChainHash chainHash)
    {
        var ok = TryReadBytes32(out var value);
        chainHash = new ChainHash(value);
        return ok;
    }

    public bool TryReadPaymentHash(out PaymentHash hash)
    {
        var ok = TryReadBytes32(out var value);
        hash = new PaymentHash(value);
        return ok;
    }

    public bool TryReadPreimage(out Preimage preimage)
    {
        var ok = TryReadBytes32(out var value);
        preimage = new Preimage(value);
        return ok;
    }

    /// <summary>A <c>u64</c> millisatoshi amount; values above 2^63-1 are refused.</summary>
    public bool TryReadMilliSatoshi(out MilliSatoshi amount)
    {
        amount = MilliSatoshi.Zero;
        var start = _position;
        if (!TryReadU64(out var raw))
            return false;
        if (raw > long.MaxValue)
            return Fail(WireErrorKind.ValueOutOfRange, $"amount at offset {start} exceeds 2^63-1 msat");
        amount = new MilliSatoshi((long)raw);
        return true;
    }

    /// <summary>A <c>tu64</c> millisatoshi amount filling the rest of the input.</summary>
    public bool TryReadTruncatedMilliSatoshi(out MilliSatoshi amount)
    {
        amount = MilliSatoshi.Zero;
        if (!TryReadTu64(out var raw))
            return false;
        if (raw > long.MaxValue)
            return Fail(WireErrorKind.ValueOutOfRange, "truncated amount exceeds 2^63-1 msat");
        amount = new MilliSatoshi((long)raw);
        return true;
    }

    /// <summary>A <c>u64</c> satoshi amount; values above 2^63-1 are refused.</summary>
    public bool TryReadSatoshi(out Fulgur.Bitcoin.Satoshi amount)
    {
        amount = Fulgur.Bitcoin.Satoshi.Zero;
        var start = _position;
        if (!TryReadU64(out var raw))
            return false;
        if (raw > long.MaxValue)
            return Fail(WireErrorKind.ValueOutOfRange, $"amount at offset {start} exceeds 2^63-1 sat");
        amount = new Fulgur.Bitcoin.Satoshi((long)raw);
        return true;
    }

    public bool TryReadCltvExpiry(out CltvExpiry expiry)
    {
        var ok = TryReadU32(out var raw);
        expiry = new CltvExpiry(raw);
        return ok;
    }

    public bool TryReadCltvExpiryDelta(out CltvExpiryDelta delta)
    {
        var ok = TryReadU16(out var raw);
        delta = new CltvExpiryDelta(raw);
        return ok;
    }

    public bool TryReadBlockHeight(out BlockHeight height)
    {
        var ok = TryReadU32(out var raw);
        height = new BlockHeight(raw);
        return ok;
    }
}
