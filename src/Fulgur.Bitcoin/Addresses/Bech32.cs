using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Fulgur.Bitcoin.Addresses;

/// <summary>Which checksum constant a bech32 string uses.</summary>
public enum Bech32Variant
{
    /// <summary>BIP173's original constant 1.</summary>
    Bech32,

    /// <summary>BIP350's constant 0x2bc830a3, used for witness version 1 and above.</summary>
    Bech32m,
}

/// <summary>
/// Bech32 and bech32m strings (BIP173, BIP350): a human-readable part, the separator '1', and 5-bit data with a
/// 6-character checksum. Also the 8↔5 bit regrouping BOLT 11 invoices reuse.
/// </summary>
public static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;

    /// <summary>BIP173: "A Bech32 string is at most 90 characters long".</summary>
    public const int MaxLength = 90;

    private static readonly sbyte[] CharsetRev = BuildReverse();

    /// <summary>Encodes an HRP and 5-bit values (each 0–31) into a lowercase string.</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data5, Bech32Variant variant)
    {
        ArgumentNullException.ThrowIfNull(hrp);
        var lowerHrp = hrp.ToLowerInvariant();
        Span<byte> checksum = stackalloc byte[6];
        CreateChecksum(lowerHrp, data5, variant, checksum);
        var builder = new StringBuilder(lowerHrp.Length + 1 + data5.Length + 6);
        builder.Append(lowerHrp).Append('1');
        foreach (var value in data5)
        {
            if (value > 31)
                throw new ArgumentException("bech32 data values are 5-bit", nameof(data5));
            builder.Append(Charset[value]);
        }
        foreach (var value in checksum)
            builder.Append(Charset[value]);
        return builder.ToString();
    }

    /// <summary>
    /// Decodes and checks a bech32 or bech32m string. BIP173: "Decoders MUST NOT accept strings where some characters
    /// are uppercase and some are lowercase"; the HRP is 1–83 characters in the range 33–126; the checksum must match
    /// one of the two constants. Returns the lowercase HRP and the 5-bit data without the checksum.
    /// </summary>
    public static bool TryDecode(
        string text, int maxLength, [NotNullWhen(true)] out string? hrp, [NotNullWhen(true)] out byte[]? data5,
        out Bech32Variant variant, [NotNullWhen(false)] out string? error)
    {
        hrp = null;
        data5 = null;
        variant = default;
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
            return Fail($"too long ({text.Length} characters, at most {maxLength})", out error);
        bool hasLower = false, hasUpper = false;
        foreach (var c in text)
        {
            if (c < 33 || c > 126)
                return Fail("character out of range", out error);
            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }
        if (hasLower && hasUpper)
            return Fail("mixed case", out error);
        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1)
            return Fail("missing human-readable part or separator", out error);
        if (separator + 7 > lower.Length)
            return Fail("checksum too short", out error);
        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var c = lower[separator + 1 + i];
            var v = c < 128 ? CharsetRev[c] : (sbyte)-1;
            if (v < 0)
                return Fail($"invalid data character '{c}'", out error);
            values[i] = (byte)v;
        }
        var candidateHrp = lower[..separator];
        var polymod = Polymod(candidateHrp, values);
        if (polymod == Bech32Constant)
            variant = Bech32Variant.Bech32;
        else if (polymod == Bech32mConstant)
            variant = Bech32Variant.Bech32m;
        else
            return Fail("invalid checksum", out error);
        hrp = candidateHrp;
        data5 = values[..^6];
        error = null;
        return true;
    }

    /// <summary>
    /// Regroups bits (BIP173's convertbits): 8→5 with padding when encoding; 5→8 without, where leftover bits must
    /// be fewer than <paramref name="fromBits"/> and zero.
    /// </summary>
    public static bool TryConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad, [NotNullWhen(true)] out byte[]? result)
    {
        result = null;
        var output = new List<byte>(data.Length * fromBits / toBits + 1);
        var accumulator = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;
        foreach (var value in data)
        {
            if (value >> fromBits != 0)
                return false;
            accumulator = ((accumulator << fromBits) | value) & 0xffffff;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                output.Add((byte)((accumulator >> bits) & maxValue));
            }
        }
        if (pad)
        {
            if (bits > 0)
                output.Add((byte)((accumulator << (toBits - bits)) & maxValue));
        }
        else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) != 0)
        {
            return false;
        }
        result = [.. output];
        return true;
    }

    private static void CreateChecksum(string hrp, ReadOnlySpan<byte> data5, Bech32Variant variant, Span<byte> checksum)
    {
        var values = new byte[data5.Length + 6];
        data5.CopyTo(values);
        var polymod = Polymod(hrp, values) ^ (variant == Bech32Variant.Bech32 ? Bech32Constant : Bech32mConstant);
        for (var i = 0; i < 6; i++)
            checksum[i] = (byte)((polymod >> (5 * (5 - i))) & 31);
    }

    private static uint Polymod(string hrp, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var c in hrp)
            chk = Step(chk, (byte)(c >> 5));
        chk = Step(chk, 0);
        foreach (var c in hrp)
            chk = Step(chk, (byte)(c & 31));
        foreach (var v in values)
            chk = Step(chk, v);
        return chk;
    }

    private static uint Step(uint chk, byte value)
    {
        var top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        if ((top & 1) != 0) chk ^= 0x3b6a57b2;
        if ((top & 2) != 0) chk ^= 0x26508e6d;
        if ((top & 4) != 0) chk ^= 0x1ea119fa;
        if ((top & 8) != 0) chk ^= 0x3d4233dd;
        if ((top & 16) != 0) chk ^= 0x2a1462b3;
        return chk;
    }

    private static sbyte[] BuildReverse()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++)
            table[Charset[i]] = (sbyte)i;
        return table;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
