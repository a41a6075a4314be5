using System.Security.Cryptography;

namespace Fulgur.Crypto;

/// <summary>
/// HKDF with SHA-256 (RFC 5869). .NET's HKDF (OpenSSL underneath) refuses a zero-length input key, which BOLT 8's
/// final <c>HKDF(ck, zero)</c> uses, so the extract step is the RFC's own definition, HMAC(salt, ikm), and only the
/// expand step is .NET's.
/// </summary>
public static class Hkdf
{
    /// <summary>BOLT 8's <c>HKDF(salt, ikm)</c>: 64 bytes of output with an empty info, returned as two 32-byte halves.</summary>
    public static (byte[] First, byte[] Second) Split64(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm)
    {
        Span<byte> okm = stackalloc byte[64];
        DeriveKey(ikm, salt, ReadOnlySpan<byte>.Empty, okm);
        var result = (okm[..32].ToArray(), okm[32..].ToArray());
        CryptographicOperations.ZeroMemory(okm);
        return result;
    }

    public static void DeriveKey(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output)
    {
        Span<byte> prk = stackalloc byte[32];
        HMACSHA256.HashData(salt, ikm, prk);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, output, info);
        CryptographicOperations.ZeroMemory(prk);
    }
}
