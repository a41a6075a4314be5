using System.Buffers.Binary;
using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Node.Hsm;

/// <summary>
/// Derives the node key (whose public key is the node id) from hsm_secret, the way Core Lightning's hsmd does:
/// <c>node_secret = HKDF-SHA256(IKM = hsm_secret, salt = counter as 4 bytes little-endian, info = "nodeid", L = 32)</c>,
/// with the counter starting at 0 and incremented until the output is a valid secp256k1 secret key (0 &lt; k &lt; n;
/// in practice the first try). The same hsm_secret therefore gives the same node id as in Core Lightning.
/// </summary>
public static class NodeKeyDerivation
{
    public static readonly byte[] Info = "nodeid"u8.ToArray();

    public static PrivateKey DeriveNodeKey(HsmSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return DeriveNodeKey(secret.Bytes);
    }

    internal static PrivateKey DeriveNodeKey(ReadOnlySpan<byte> hsmSecret)
    {
        Span<byte> salt = stackalloc byte[4];
        Span<byte> candidate = stackalloc byte[32];
        try
        {
            for (uint counter = 0; ; counter++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(salt, counter);
                Hkdf.DeriveKey(hsmSecret, salt, Info, candidate);
                if (PrivateKey.TryCreate(candidate, out var key))
                    return key;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }
}
