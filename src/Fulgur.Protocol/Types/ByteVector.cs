using Fulgur.Crypto;

namespace Fulgur.Protocol.Types;

/// <summary>
/// An immutable byte string with value equality, for opaque wire fields (error data, ping padding, TLV values,
/// unknown message payloads). <c>default</c> is the empty vector. The constructor copies, so no caller can
/// change a vector after the fact.
/// </summary>
public readonly struct ByteVector : IEquatable<ByteVector>
{
    private readonly byte[]? _bytes;

    public static readonly ByteVector Empty;

    public ByteVector(ReadOnlySpan<byte> bytes) => _bytes = bytes.IsEmpty ? null : bytes.ToArray();

    private ByteVector(byte[] owned) => _bytes = owned.Length == 0 ? null : owned;

    /// <summary>Wraps an array the caller hands over and promises never to change again.</summary>
    internal static ByteVector TakeOwnership(byte[] owned) => new(owned);

    public static ByteVector Zeros(int length) => length == 0 ? Empty : new ByteVector(new byte[length]);

    public static ByteVector FromHex(string hex) => new(Hex.Decode(hex));

    public int Length => _bytes?.Length ?? 0;

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Span => _bytes;

    public ReadOnlyMemory<byte> Memory => _bytes;

    public byte this[int index] => Span[index];

    public byte[] ToArray() => Span.ToArray();

    public string ToHex() => Hex.Encode(Span);

    public bool Equals(ByteVector other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ByteVector other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(ByteVector left, ByteVector right) => left.Equals(right);

    public static bool operator !=(ByteVector left, ByteVector right) => !left.Equals(right);

    public override string ToString() => ToHex();
}
