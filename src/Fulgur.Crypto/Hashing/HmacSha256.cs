using System.Security.Cryptography;

namespace Fulgur.Crypto;

public static class HmacSha256
{
    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination32) =>
        HMACSHA256.HashData(key, data, destination32);
}
