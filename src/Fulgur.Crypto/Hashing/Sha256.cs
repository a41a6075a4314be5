using System.Security.Cryptography;

namespace Fulgur.Crypto;

/// <summary>SHA-256 through .NET (OpenSSL on Linux). For incremental hashing use <see cref="IncrementalHash"/>.</summary>
public static class Sha256
{
    public const int Length = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination32) => SHA256.HashData(data, destination32);

    /// <summary>SHA256(SHA256(x)): Bitcoin's txid, block hash and checksum hash.</summary>
    public static byte[] DoubleHash(ReadOnlySpan<byte> data)
    {
        Span<byte> first = stackalloc byte[Length];
        SHA256.HashData(data, first);
        return SHA256.HashData(first);
    }

    public static void DoubleHash(ReadOnlySpan<byte> data, Span<byte> destination32)
    {
        Span<byte> first = stackalloc byte[Length];
        SHA256.HashData(data, first);
        SHA256.HashData(first, destination32);
    }
}
