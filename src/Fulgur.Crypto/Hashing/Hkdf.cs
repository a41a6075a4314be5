using System.Security.Cryptography;

namespace Fulgur.Crypto;

/// <summary>HKDF with SHA-256 (RFC 5869) through .NET.</summary>
public static class Hkdf
{
    /// <summary>BOLT 8's <c>HKDF(salt, ikm)</c>: 64 bytes of output with an empty info, returned as two 32-byte halves.</summary>
    public static (byte[] First, byte[] Second) Split64(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm)
    {
        Span<byte> okm = stackalloc byte[64];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, okm, salt, ReadOnlySpan<byte>.Empty);
        var result = (okm[..32].ToArray(), okm[32..].ToArray());
        CryptographicOperations.ZeroMemory(okm);
        return result;
    }

    public static void DeriveKey(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, output, salt, info);
}
