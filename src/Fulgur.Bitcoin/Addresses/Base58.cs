using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Addresses;

/// <summary>Base58 and Base58Check (payload followed by the first 4 bytes of its double-SHA256), as in legacy addresses and BIP32 keys.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly sbyte[] AlphabetRev = BuildReverse();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
            zeros++;
        var value = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        var digits = new StringBuilder();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var remainder);
            digits.Insert(0, Alphabet[(int)remainder]);
        }
        return new string('1', zeros) + digits;
    }

    public static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        ArgumentNullException.ThrowIfNull(text);
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
            zeros++;
        var value = BigInteger.Zero;
        foreach (var c in text)
        {
            var digit = c < 128 ? AlphabetRev[c] : (sbyte)-1;
            if (digit < 0)
                return false;
            value = value * 58 + digit;
        }
        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        data = new byte[zeros + body.Length];
        body.CopyTo(data, zeros);
        return true;
    }

    public static string EncodeCheck(ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[payload.Length + 4];
        payload.CopyTo(buffer);
        Sha256.DoubleHash(payload).AsSpan(0, 4).CopyTo(buffer.AsSpan(payload.Length));
        return Encode(buffer);
    }

    /// <summary>Decodes Base58Check; false on a bad character, a string shorter than the checksum, or a checksum mismatch.</summary>
    public static bool TryDecodeCheck(string text, [NotNullWhen(true)] out byte[]? payload, [NotNullWhen(false)] out string? error)
    {
        payload = null;
        if (!TryDecode(text, out var data))
        {
            error = "invalid base58 character";
            return false;
        }
        if (data.Length < 4)
        {
            error = "too short for a base58check checksum";
            return false;
        }
        var body = data.AsSpan(0, data.Length - 4);
        if (!Sha256.DoubleHash(body).AsSpan(0, 4).SequenceEqual(data.AsSpan(data.Length - 4)))
        {
            error = "invalid base58check checksum";
            return false;
        }
        payload = body.ToArray();
        error = null;
        return true;
    }

    private static sbyte[] BuildReverse()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
            table[Alphabet[i]] = (sbyte)i;
        return table;
    }
}
