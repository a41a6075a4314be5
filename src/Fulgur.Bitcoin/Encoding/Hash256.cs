using System.Buffers.Binary;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Encoding;

/// <summary>
/// A 32-byte double-SHA256 value (bitcoind's uint256). Bytes are kept in internal (serialization) order;
/// <see cref="ToString"/> prints them reversed, as bitcoind displays txids and block hashes.
/// </summary>
public readonly record struct Hash256
{
    public const int Length = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public static readonly Hash256 Zero;

    private Hash256(ReadOnlySpan<byte> internalOrder)
    {
        _a = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(internalOrder[24..]);
    }

    /// <summary>From 32 bytes in internal (serialization) order.</summary>
    public static Hash256 FromBytes(ReadOnlySpan<byte> internalOrder) =>
        internalOrder.Length == Length
            ? new Hash256(internalOrder)
            : throw new ArgumentException("a hash is 32 bytes", nameof(internalOrder));

    /// <summary>SHA256(SHA256(data)).</summary>
    public static Hash256 DoubleSha256(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Length];
        Sha256.DoubleHash(data, digest);
        return new Hash256(digest);
    }

    /// <summary>From the reversed-hex display form (64 hex digits).</summary>
    public static bool TryParse(ReadOnlySpan<char> displayHex, out Hash256 hash)
    {
        hash = default;
        if (displayHex.Length != 2 * Length || !Hex.TryDecode(displayHex, out var bytes))
            return false;
        bytes.AsSpan().Reverse();
        hash = new Hash256(bytes);
        return true;
    }

    public static Hash256 Parse(string displayHex) =>
        TryParse(displayHex, out var hash) ? hash : throw new FormatException("expected 64 hex digits");

    public bool IsZero => (_a | _b | _c | _d) == 0;

    public void WriteTo(Span<byte> destination32)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination32, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(destination32[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(destination32[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(destination32[24..], _d);
    }

    /// <summary>The 32 bytes in internal (serialization) order.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Reversed hex, as bitcoind displays it.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteTo(bytes);
        bytes.Reverse();
        return Hex.Encode(bytes);
    }

    internal static bool TryRead(ref BitcoinReader reader, out Hash256 hash)
    {
        hash = default;
        if (!reader.TryReadBytes(Length, out var bytes))
            return false;
        hash = new Hash256(bytes);
        return true;
    }

    internal void Write(BitcoinWriter writer)
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteTo(bytes);
        writer.WriteBytes(bytes);
    }
}
