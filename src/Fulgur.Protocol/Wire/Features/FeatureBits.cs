using System.Text;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Wire.Features;

/// <summary>
/// A feature bit vector as BOLT 1 and BOLT 9 lay it out: a big-endian byte array whose least-significant bit
/// (bit 0, even) is the lowest bit of the last byte. The bytes read from the wire are kept as received, leading
/// zeros included, so a signed message re-encodes exactly; equality ignores leading zero bytes.
/// </summary>
public sealed class FeatureBits : IEquatable<FeatureBits>
{
    private readonly byte[] _wire;

    public static readonly FeatureBits Empty = new([]);

    private FeatureBits(byte[] wire) => _wire = wire;

    /// <summary>The bytes of a <c>features</c> field, exactly as received (any bytes form a vector).</summary>
    public static FeatureBits FromWire(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? Empty : new FeatureBits(bytes.ToArray());

    public static FeatureBits FromHex(string hex) => FromWire(Hex.Decode(hex));

    /// <summary>A minimal vector with exactly these bits set.</summary>
    public static FeatureBits FromBits(params IEnumerable<int> bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        var list = bits.ToList();
        if (list.Count == 0)
            return Empty;
        if (list.Any(b => b < 0))
            throw new ArgumentOutOfRangeException(nameof(bits), "feature bits are non-negative");
        var wire = new byte[list.Max() / 8 + 1];
        foreach (var bit in list)
            wire[wire.Length - 1 - bit / 8] |= (byte)(1 << (bit % 8));
        return new FeatureBits(wire);
    }

    /// <summary>The vector as it goes on the wire (as received, or minimal for vectors built here).</summary>
    public ReadOnlySpan<byte> WireBytes => _wire;

    public byte[] ToWire() => (byte[])_wire.Clone();

    public bool IsEmpty => HighestSetBit < 0;

    public bool IsSet(int bit)
    {
        if (bit < 0)
            return false;
        var index = _wire.Length - 1 - bit / 8;
        return index >= 0 && (_wire[index] & (1 << (bit % 8))) != 0;
    }

    /// <summary>The highest set bit, or -1 when no bit is set.</summary>
    public int HighestSetBit
    {
        get
        {
            for (var i = 0; i < _wire.Length; i++)
            {
                if (_wire[i] != 0)
                    return (_wire.Length - 1 - i) * 8 + (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)_wire[i]));
            }
            return -1;
        }
    }

    /// <summary>Set bits in increasing order.</summary>
    public IEnumerable<int> SetBits
    {
        get
        {
            var highest = HighestSetBit;
            for (var bit = 0; bit <= highest; bit++)
            {
                if (IsSet(bit))
                    yield return bit;
            }
        }
    }

    public FeatureBits With(int bit) => IsSet(bit) ? this : FromBits(SetBits.Append(bit));

    public FeatureBits Without(int bit) => IsSet(bit) ? FromBits(SetBits.Where(b => b != bit)) : this;

    /// <summary>This vector offering <paramref name="feature"/> as <paramref name="support"/> (the other bit of the pair cleared).</summary>
    public FeatureBits With(Feature feature, FeatureSupport support)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var cleared = Without(feature.CompulsoryBit).Without(feature.OptionalBit);
        return support switch
        {
            FeatureSupport.Compulsory => cleared.With(feature.CompulsoryBit),
            FeatureSupport.Optional => cleared.With(feature.OptionalBit),
            _ => cleared,
        };
    }

    /// <summary>
    /// How this vector offers <paramref name="feature"/>.
    /// </summary>
    public FeatureSupport SupportOf(Feature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        // BOLT #9: "if both the optional and the mandatory feature bits in a pair are set, the feature should be
        // treated as mandatory."
        if (IsSet(feature.CompulsoryBit))
            return FeatureSupport.Compulsory;
        return IsSet(feature.OptionalBit) ? FeatureSupport.Optional : FeatureSupport.None;
    }

    /// <summary>True when either bit of the pair is set (the feature is "offered", in BOLT 1's words).</summary>
    public bool Offers(Feature feature) => SupportOf(feature) != FeatureSupport.None;

    /// <summary>Offered, or ASSUMED by the spec and so present regardless of the bits.</summary>
    public bool HasOrAssumes(Feature feature) => feature is { IsAssumed: true } || Offers(feature);

    /// <summary>Bitwise OR, minimal.</summary>
    public FeatureBits Union(FeatureBits other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return FromBits(SetBits.Concat(other.SetBits).Distinct());
    }

    public static FeatureBits operator |(FeatureBits left, FeatureBits right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Union(right);
    }

    public bool Equals(FeatureBits? other) => other is not null && Trimmed(_wire).SequenceEqual(Trimmed(other._wire));

    private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> wire)
    {
        var start = 0;
        while (start < wire.Length && wire[start] == 0)
            start++;
        return wire[start..];
    }

    public override bool Equals(object? obj) => Equals(obj as FeatureBits);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Trimmed(_wire));
        return hash.ToHashCode();
    }

    public static bool operator ==(FeatureBits? left, FeatureBits? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(FeatureBits? left, FeatureBits? right) => !(left == right);

    /// <summary>The wire hex, as <c>listpeers</c> prints <c>features</c>.</summary>
    public string ToHex() => Hex.Encode(_wire);

    /// <summary>Names of the set bits: <c>option_static_remotekey/even, basic_mpp/odd, 101/odd</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var bit in SetBits)
        {
            if (text.Length > 0)
                text.Append(", ");
            text.Append(KnownFeatures.TryGetByBit(bit, out var feature) ? feature.Name : bit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            text.Append(bit % 2 == 0 ? "/even" : "/odd");
        }
        return text.ToString();
    }

    public override string ToString() => ToHex();
}
