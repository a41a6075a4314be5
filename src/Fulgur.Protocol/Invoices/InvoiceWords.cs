using Fulgur.Bitcoin.Addresses;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// The 5-bit words a BOLT 11 data part is made of, and their conversions: byte strings (8→5 with zero padding,
/// 5→8 dropping the partial byte at the end) and big-endian unsigned integers. The regrouping itself is
/// <see cref="Bech32.TryConvertBits"/>.
/// </summary>
internal static class InvoiceWords
{
    /// <summary>The bech32 alphabet: word <c>i</c> is written as <c>Charset[i]</c> (so tag 1 is <c>p</c>).</summary>
    public const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    /// <summary>Bytes as words. BOLT #11: "MUST pad field data to a multiple of 5 bits, using 0s."</summary>
    public static byte[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!Bech32.TryConvertBits(bytes, 8, 5, pad: true, out var words))
            throw new InvalidOperationException("8-bit input always regroups");
        return words;
    }

    /// <summary>
    /// Words as bytes: whole bytes only, the trailing bits (fewer than 8, the writer's padding) dropped.
    /// </summary>
    public static byte[] ToBytes(ReadOnlySpan<byte> words)
    {
        var bytes = new byte[words.Length * 5 / 8];
        var accumulator = 0;
        var bits = 0;
        var index = 0;
        foreach (var word in words)
        {
            accumulator = ((accumulator << 5) | (word & 31)) & 0xfff;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                if (index < bytes.Length)
                    bytes[index++] = (byte)(accumulator >> bits);
            }
        }
        return bytes;
    }

    /// <summary>Words as bytes with the last partial byte zero-padded, as the signature covers the data part.</summary>
    public static byte[] ToBytesPadded(ReadOnlySpan<byte> words)
    {
        if (!Bech32.TryConvertBits(words, 5, 8, pad: true, out var bytes))
            throw new ArgumentException("words are 5-bit values", nameof(words));
        return bytes;
    }

    /// <summary>A big-endian unsigned value of at most 12 words (60 bits).</summary>
    public static ulong ToUInt64(ReadOnlySpan<byte> words)
    {
        if (words.Length > 12)
            throw new ArgumentException("at most 12 words fit 64 bits", nameof(words));
        ulong value = 0;
        foreach (var word in words)
            value = (value << 5) | (uint)(word & 31);
        return value;
    }

    /// <summary>
    /// BOLT #11: "MUST use the minimum `data_length` possible, i.e. no leading 0 field-elements." Zero is one zero word,
    /// as Electrum and Core Lightning write it.
    /// </summary>
    public static byte[] FromUInt64(ulong value)
    {
        var count = 1;
        for (var rest = value >> 5; rest != 0; rest >>= 5)
            count++;
        var words = new byte[count];
        for (var i = count - 1; i >= 0; i--)
        {
            words[i] = (byte)(value & 31);
            value >>= 5;
        }
        return words;
    }

    /// <summary>True when a variable-length integer field starts with a zero word (a lone zero word is zero, minimally).</summary>
    public static bool HasLeadingZero(ReadOnlySpan<byte> words) => words.Length > 1 && words[0] == 0;
}
