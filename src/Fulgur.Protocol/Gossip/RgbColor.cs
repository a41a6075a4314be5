using System.Globalization;

namespace Fulgur.Protocol.Gossip;

/// <summary>A node's <c>rgb_color</c>: red, green, blue, one byte each, in that order on the wire.</summary>
public readonly record struct RgbColor(byte Red, byte Green, byte Blue)
{
    public const int Length = 3;

    public static RgbColor FromSpan(ReadOnlySpan<byte> bytes3)
    {
        if (bytes3.Length != Length)
            throw new ArgumentException("an rgb_color is 3 bytes", nameof(bytes3));
        // BOLT #7: "the first byte of `rgb_color` is the red value, the second byte is the
        // green value, and the last byte is the blue value."
        return new RgbColor(bytes3[0], bytes3[1], bytes3[2]);
    }

    /// <summary>Parses six hex digits (<c>3399ff</c>), the <c>color</c> of <c>getinfo</c>/<c>listnodes</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out RgbColor color)
    {
        color = default;
        if (hex.Length != 6 || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb))
            return false;
        color = new RgbColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Red:x2}{Green:x2}{Blue:x2}");
}
