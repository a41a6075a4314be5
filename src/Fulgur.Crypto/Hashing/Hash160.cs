using System.Security.Cryptography;

namespace Fulgur.Crypto;

/// <summary>HASH160 = RIPEMD160(SHA256(x)): P2PKH/P2WPKH key hashes and BOLT 3's revocation hash.</summary>
public static class Hash160
{
    public const int Length = 20;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> sha = stackalloc byte[Sha256.Length];
        SHA256.HashData(data, sha);
        return Ripemd160.Hash(sha);
    }
}
