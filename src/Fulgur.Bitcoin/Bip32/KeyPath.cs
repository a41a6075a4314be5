using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fulgur.Bitcoin.Bip32;

/// <summary>
/// A BIP32 derivation path such as <c>m/84'/0'/0'/0/5</c>: child indexes from the master key, hardened ones at or
/// above 2^31. Parses the ' , h and H hardened markers; prints with '.
/// </summary>
public sealed class KeyPath : IEquatable<KeyPath>
{
    /// <summary>BIP32: "hardened keys ... use indices i ≥ 2^31".</summary>
    public const uint HardenedOffset = 0x8000_0000;

    public static readonly KeyPath Master = new([]);

    private readonly uint[] _indexes;

    private KeyPath(uint[] indexes) => _indexes = indexes;

    public KeyPath(IEnumerable<uint> indexes) => _indexes = [.. indexes];

    public IReadOnlyList<uint> Indexes => _indexes;

    public int Depth => _indexes.Length;

    public static uint Hardened(uint index) =>
        index < HardenedOffset ? index | HardenedOffset : throw new ArgumentOutOfRangeException(nameof(index), "index is already ≥ 2^31");

    public static bool IsHardened(uint index) => index >= HardenedOffset;

    public KeyPath Derive(uint index) => new([.. _indexes, index]);

    public static bool TryParse(string text, [NotNullWhen(true)] out KeyPath? path)
    {
        path = null;
        if (string.IsNullOrEmpty(text))
            return false;
        var parts = text.Split('/');
        var start = parts[0] == "m" ? 1 : 0;
        var indexes = new uint[parts.Length - start];
        for (var i = start; i < parts.Length; i++)
        {
            var part = parts[i].AsSpan();
            var hardened = part.Length > 0 && (part[^1] == '\'' || part[^1] == 'h' || part[^1] == 'H');
            if (hardened)
                part = part[..^1];
            if (part.IsEmpty || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                return false;
            if (hardened)
            {
                if (index >= HardenedOffset)
                    return false;
                index |= HardenedOffset;
            }
            indexes[i - start] = index;
        }
        path = new KeyPath(indexes);
        return true;
    }

    public static KeyPath Parse(string text) =>
        TryParse(text, out var path) ? path : throw new FormatException($"'{text}' is not a BIP32 path like m/84'/0'/0'/0/5");

    public override string ToString() =>
        string.Concat(["m", .. _indexes.Select(i =>
            "/" + (IsHardened(i) ? (i - HardenedOffset).ToString(CultureInfo.InvariantCulture) + "'" : i.ToString(CultureInfo.InvariantCulture)))]);

    public bool Equals(KeyPath? other) => other is not null && _indexes.AsSpan().SequenceEqual(other._indexes);

    public override bool Equals(object? obj) => Equals(obj as KeyPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var index in _indexes)
            hash.Add(index);
        return hash.ToHashCode();
    }
}
