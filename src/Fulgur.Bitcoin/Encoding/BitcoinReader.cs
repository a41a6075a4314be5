using System.Buffers.Binary;

namespace Fulgur.Bitcoin.Encoding;

/// <summary>
/// Reads Bitcoin's consensus serialization (little-endian integers, CompactSize lengths) from a span. Every read is a
/// <c>Try…</c> that leaves an error message and returns false on truncated or malformed input; nothing here throws on
/// untrusted bytes.
/// </summary>
public ref struct BitcoinReader
{
    /// <summary>bitcoind's MAX_SIZE: no CompactSize length above 0x02000000 is accepted.</summary>
    public const ulong MaxCompactSize = 0x0200_0000;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public BitcoinReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        Error = null;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>What the last failed read found wrong; null while every read has succeeded.</summary>
    public string? Error { get; private set; }

    public readonly ReadOnlySpan<byte> Consumed(int from) => _buffer[from.._position];

    public bool Fail(string error)
    {
        Error ??= error;
        return false;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count < 0 || count > Remaining)
        {
            bytes = default;
            return Fail($"truncated: wanted {count} bytes at offset {_position}, {Remaining} left");
        }
        bytes = _buffer.Slice(_position, count);
        _position += count;
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        value = 0;
        if (!TryReadBytes(1, out var b))
            return false;
        value = b[0];
        return true;
    }

    public readonly bool TryPeekByte(out byte value)
    {
        value = 0;
        if (Remaining < 1)
            return false;
        value = _buffer[_position];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        value = 0;
        if (!TryReadBytes(2, out var b))
            return false;
        value = BinaryPrimitives.ReadUInt16LittleEndian(b);
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        value = 0;
        if (!TryReadBytes(4, out var b))
            return false;
        value = BinaryPrimitives.ReadUInt32LittleEndian(b);
        return true;
    }

    public bool TryReadInt32(out int value)
    {
        value = 0;
        if (!TryReadBytes(4, out var b))
            return false;
        value = BinaryPrimitives.ReadInt32LittleEndian(b);
        return true;
    }

    public bool TryReadUInt64(out ulong value)
    {
        value = 0;
        if (!TryReadBytes(8, out var b))
            return false;
        value = BinaryPrimitives.ReadUInt64LittleEndian(b);
        return true;
    }

    public bool TryReadInt64(out long value)
    {
        value = 0;
        if (!TryReadBytes(8, out var b))
            return false;
        value = BinaryPrimitives.ReadInt64LittleEndian(b);
        return true;
    }

    /// <summary>
    /// A CompactSize integer. As bitcoind's ReadCompactSize: non-canonical encodings (a value that fits a shorter form)
    /// are rejected, and so is any value above <see cref="MaxCompactSize"/>.
    /// </summary>
    public bool TryReadCompactSize(out ulong value)
    {
        value = 0;
        if (!TryReadByte(out var first))
            return false;
        switch (first)
        {
            case < 0xfd:
                value = first;
                break;
            case 0xfd:
                if (!TryReadUInt16(out var v16))
                    return false;
                if (v16 < 0xfd)
                    return Fail("non-canonical CompactSize");
                value = v16;
                break;
            case 0xfe:
                if (!TryReadUInt32(out var v32))
                    return false;
                if (v32 < 0x1_0000)
                    return Fail("non-canonical CompactSize");
                value = v32;
                break;
            default:
                if (!TryReadUInt64(out var v64))
                    return false;
                if (v64 < 0x1_0000_0000)
                    return Fail("non-canonical CompactSize");
                value = v64;
                break;
        }
        if (value > MaxCompactSize)
            return Fail($"CompactSize {value} exceeds the {MaxCompactSize} limit");
        return true;
    }

    /// <summary>A CompactSize used as an element count: also bounded by the bytes left, so a lying count fails early.</summary>
    public bool TryReadCount(int minElementSize, out int count)
    {
        count = 0;
        if (!TryReadCompactSize(out var value))
            return false;
        if (value > (ulong)Remaining / (ulong)Math.Max(1, minElementSize))
            return Fail($"truncated: count {value} cannot fit in the {Remaining} bytes left");
        count = (int)value;
        return true;
    }

    /// <summary>A CompactSize length followed by that many bytes.</summary>
    public bool TryReadVarBytes(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryReadCompactSize(out var length))
            return false;
        if (length > (ulong)Remaining)
            return Fail($"truncated: wanted {length} bytes at offset {_position}, {Remaining} left");
        return TryReadBytes((int)length, out bytes);
    }
}
