namespace Fulgur.Protocol.Wire.Tlv;

/// <summary>Validators for the value shapes TLV records commonly take.</summary>
public static class TlvFormat
{
    /// <summary>Any bytes at all (<c>...*byte</c>).</summary>
    public static readonly TlvValueValidator Bytes = static (ref r) =>
    {
        r.ReadRemaining();
        return true;
    };

    /// <summary>A minimal <c>tu16</c>.</summary>
    public static readonly TlvValueValidator Tu16 = static (ref r) => r.TryReadTu16(out _);

    /// <summary>A minimal <c>tu32</c>.</summary>
    public static readonly TlvValueValidator Tu32 = static (ref r) => r.TryReadTu32(out _);

    /// <summary>A minimal <c>tu64</c>.</summary>
    public static readonly TlvValueValidator Tu64 = static (ref r) => r.TryReadTu64(out _);

    /// <summary>A <c>point</c>.</summary>
    public static readonly TlvValueValidator Point = static (ref r) => r.TryReadPoint(out _);

    /// <summary>Exactly <paramref name="length"/> bytes.</summary>
    public static TlvValueValidator Fixed(int length) => (ref r) => r.TryReadBytes(length, out _);

    /// <summary>Zero or more elements of <paramref name="elementLength"/> bytes each (<c>...*chain_hash</c>, say).</summary>
    public static TlvValueValidator RepeatedFixed(int elementLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(elementLength);
        return (ref r) => r.Remaining % elementLength == 0
            ? r.TryReadBytes(r.Remaining, out _)
            : r.Fail(WireErrorKind.TlvInvalidValue, $"{r.Remaining} bytes is not a multiple of {elementLength}");
    }
}
