using System.Buffers.Binary;
using System.Security.Cryptography;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Hsm;

/// <summary>
/// Derives a channel's secrets from hsm_secret, modelled on Core Lightning's hsmd (<c>get_channel_seed</c>,
/// <c>derive_basepoints</c>):
/// <list type="number">
/// <item><c>peer_seed = HKDF-SHA256(IKM = hsm_secret, salt = empty, info = "peer seed", L = 32)</c></item>
/// <item><c>channel_seed = HKDF-SHA256(IKM = peer_seed, salt = empty, info = peer_id (33 bytes) || dbid (8 bytes little-endian), L = 32)</c></item>
/// <item><c>keys = HKDF-SHA256(IKM = channel_seed, salt = empty, info = "c-lightning", L = 192)</c>, split into six 32-byte
/// values: funding key, revocation, payment, delayed-payment and HTLC basepoint secrets, and the per-commitment seed.</item>
/// </list>
/// <c>dbid</c> is the node-wide channel counter, so every channel (even a second one with the same peer) gets its own keys.
/// </summary>
public static class ChannelKeyDerivation
{
    public static readonly byte[] PeerSeedInfo = "peer seed"u8.ToArray();
    public static readonly byte[] KeysInfo = "c-lightning"u8.ToArray();

    public static ChannelKeys Derive(ReadOnlySpan<byte> hsmSecret, NodeId peer, ulong dbid)
    {
        ArgumentNullException.ThrowIfNull(peer);
        Span<byte> peerSeed = stackalloc byte[32];
        Span<byte> channelSeed = stackalloc byte[32];
        Span<byte> info = stackalloc byte[NodeId.Length + 8];
        var keys = new byte[6 * 32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, hsmSecret, peerSeed, [], PeerSeedInfo);
            peer.Bytes.CopyTo(info);
            BinaryPrimitives.WriteUInt64LittleEndian(info[NodeId.Length..], dbid);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, peerSeed, channelSeed, [], info);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, channelSeed, keys, [], KeysInfo);
            // A 32-byte HKDF output is a valid secp256k1 secret except with probability ~2^-128 (Create would throw).
            return new ChannelKeys(
                PrivateKey.Create(keys.AsSpan(0, 32)),
                PrivateKey.Create(keys.AsSpan(32, 32)),
                PrivateKey.Create(keys.AsSpan(64, 32)),
                PrivateKey.Create(keys.AsSpan(96, 32)),
                PrivateKey.Create(keys.AsSpan(128, 32)),
                new PerCommitmentSecretGenerator(keys.AsSpan(160, 32)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(peerSeed);
            CryptographicOperations.ZeroMemory(channelSeed);
            CryptographicOperations.ZeroMemory(keys);
        }
    }
}
