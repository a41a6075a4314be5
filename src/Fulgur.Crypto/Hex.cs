using System.Diagnostics.CodeAnalysis;

namespace Fulgur.Crypto;

/// <summary>Lowercase hex, the spelling of keys, hashes and raw messages in the BOLTs and in our JSON-RPC.</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Decodes hex of either case; throws <see cref="FormatException"/> on odd length or a non-hex digit.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return TryDecode(hex, out var bytes) ? bytes : throw new FormatException("not a hex string of whole bytes");
    }

    public static bool TryDecode(ReadOnlySpan<char> hex, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (hex.Length % 2 != 0)
            return false;
        var result = new byte[hex.Length / 2];
        if (Convert.FromHexString(hex, result, out _, out var written) != System.Buffers.OperationStatus.Done || written != result.Length)
            return false;
        bytes = result;
        return true;
    }
}
