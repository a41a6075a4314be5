using System.Buffers.Binary;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Types;

/// <summary>
/// Thirty-two bytes held by value (four big-endian words), the shape of every hash, preimage and channel id
/// on the wire. Equality and ordering are by bytes, so ordering is lexicographic as BOLT 7 compares keys.
/// </summary>
public readonly record struct Bytes32 : IComparable<Bytes32>
{
    public const int Length = 32;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    public static readonly Bytes32 Zero;

    private Bytes32(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        _w0 = w0;
        _w1 = w1;
        _w2 = w2;
        _w3 = w3;
    }

    /// <summary>Copies exactly 32 bytes; a wrong length is a programming error.</summary>
    public static Bytes32 FromSpan(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"expected {Length} bytes, got {bytes.Length}", nameof(bytes));
        return new Bytes32(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public static bool TryParseHex(ReadOnlySpan<char> hex, out Bytes32 value)
    {
        value = default;
        if (hex.Length != 2 * Length || !Hex.TryDecode(hex, out var bytes))
            return false;
        value = FromSpan(bytes);
        return true;
    }

    public static Bytes32 ParseHex(string hex) =>
        TryParseHex(hex, out var value) ? value : throw new FormatException("expected 64 hex characters");

    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Bitwise exclusive-OR, byte by byte.</summary>
    public Bytes32 Xor(Bytes32 other) => new(_w0 ^ other._w0, _w1 ^ other._w1, _w2 ^ other._w2, _w3 ^ other._w3);

    public int CompareTo(Bytes32 other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0)
            return c;
        c = _w1.CompareTo(other._w1);
        if (c != 0)
            return c;
        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    public static bool operator <(Bytes32 a, Bytes32 b) => a.CompareTo(b) < 0;
    public static bool operator >(Bytes32 a, Bytes32 b) => a.CompareTo(b) > 0;
    public static bool operator <=(Bytes32 a, Bytes32 b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Bytes32 a, Bytes32 b) => a.CompareTo(b) >= 0;

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return Hex.Encode(bytes);
    }

    public override string ToString() => ToHex();
}
