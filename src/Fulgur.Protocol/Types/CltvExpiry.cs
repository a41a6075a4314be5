using System.Globalization;

namespace Fulgur.Protocol.Types;

/// <summary>An absolute block height at which an HTLC expires (<c>cltv_expiry</c>, a <c>u32</c> on the wire).</summary>
public readonly record struct CltvExpiry(uint Value) : IComparable<CltvExpiry>
{
    public static CltvExpiry operator +(CltvExpiry expiry, CltvExpiryDelta delta) => new(checked(expiry.Value + delta.Value));

    public static CltvExpiry operator -(CltvExpiry expiry, CltvExpiryDelta delta) => new(checked(expiry.Value - delta.Value));

    /// <summary>The number of blocks from <paramref name="b"/> to <paramref name="a"/>; negative when <paramref name="a"/> is earlier.</summary>
    public static long operator -(CltvExpiry a, CltvExpiry b) => (long)a.Value - b.Value;

    public static bool operator <(CltvExpiry a, CltvExpiry b) => a.Value < b.Value;
    public static bool operator >(CltvExpiry a, CltvExpiry b) => a.Value > b.Value;
    public static bool operator <=(CltvExpiry a, CltvExpiry b) => a.Value <= b.Value;
    public static bool operator >=(CltvExpiry a, CltvExpiry b) => a.Value >= b.Value;

    /// <summary>True once the chain tip has reached this height.</summary>
    public bool HasExpiredAt(BlockHeight tip) => tip.Value >= Value;

    public int CompareTo(CltvExpiry other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A relative number of blocks (<c>cltv_expiry_delta</c>, a <c>u16</c> on the wire).</summary>
public readonly record struct CltvExpiryDelta(ushort Value) : IComparable<CltvExpiryDelta>
{
    public static CltvExpiryDelta operator +(CltvExpiryDelta a, CltvExpiryDelta b) => new(checked((ushort)(a.Value + b.Value)));

    public static bool operator <(CltvExpiryDelta a, CltvExpiryDelta b) => a.Value < b.Value;
    public static bool operator >(CltvExpiryDelta a, CltvExpiryDelta b) => a.Value > b.Value;
    public static bool operator <=(CltvExpiryDelta a, CltvExpiryDelta b) => a.Value <= b.Value;
    public static bool operator >=(CltvExpiryDelta a, CltvExpiryDelta b) => a.Value >= b.Value;

    /// <summary>The absolute expiry this many blocks after <paramref name="height"/>.</summary>
    public CltvExpiry After(BlockHeight height) => new(checked(height.Value + Value));

    public int CompareTo(CltvExpiryDelta other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
