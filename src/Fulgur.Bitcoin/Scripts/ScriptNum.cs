namespace Fulgur.Bitcoin.Scripts;

/// <summary>
/// Script numbers (bitcoind's CScriptNum): little-endian magnitude with the sign in the top bit of the last byte,
/// zero as the empty array. Arithmetic opcodes take operands of at most 4 bytes; CHECKLOCKTIMEVERIFY and
/// CHECKSEQUENCEVERIFY take 5.
/// </summary>
public static class ScriptNum
{
    public const int DefaultMaxSize = 4;

    /// <summary>The minimal encoding of <paramref name="value"/>.</summary>
    public static byte[] Encode(long value)
    {
        if (value == 0)
            return [];
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        Span<byte> buffer = stackalloc byte[9];
        var length = 0;
        while (magnitude != 0)
        {
            buffer[length++] = (byte)(magnitude & 0xff);
            magnitude >>= 8;
        }
        // If the top bit is taken by the magnitude, add a byte for the sign; otherwise set it in the last byte.
        if ((buffer[length - 1] & 0x80) != 0)
            buffer[length++] = negative ? (byte)0x80 : (byte)0;
        else if (negative)
            buffer[length - 1] |= 0x80;
        return buffer[..length].ToArray();
    }

    /// <summary>
    /// Decodes a script number. With <paramref name="requireMinimal"/> (MINIMALDATA), an encoding with a needless
    /// trailing zero or sign byte is refused, as bitcoind's CScriptNum does. <paramref name="maxSize"/> is at most 8.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, bool requireMinimal, int maxSize, out long value, out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSize, 8);
        value = 0;
        error = null;
        if (bytes.Length > maxSize)
        {
            error = $"script number of {bytes.Length} bytes exceeds {maxSize}";
            return false;
        }
        if (requireMinimal && !IsMinimal(bytes))
        {
            error = "non-minimally encoded script number";
            return false;
        }
        if (bytes.IsEmpty)
            return true;
        long result = 0;
        for (var i = 0; i < bytes.Length; i++)
            result |= (long)bytes[i] << (8 * i);
        var last = bytes[^1];
        if ((last & 0x80) != 0)
            value = -(result & ~(0x80L << (8 * (bytes.Length - 1))));
        else
            value = result;
        return true;
    }

    /// <summary>bitcoind's minimal-encoding rule: the last byte may be 0x00/0x80 only when the byte before needs its top bit.</summary>
    public static bool IsMinimal(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return true;
        if ((bytes[^1] & 0x7f) != 0)
            return true;
        return bytes.Length > 1 && (bytes[^2] & 0x80) != 0;
    }

    /// <summary>Script truth (CastToBool): false for any encoding of zero, including negative zero.</summary>
    public static bool IsTrue(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != 0)
                return !(i == bytes.Length - 1 && bytes[i] == 0x80);
        }
        return false;
    }
}
