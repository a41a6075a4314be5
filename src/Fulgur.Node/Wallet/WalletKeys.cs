using System.Buffers.Binary;
using System.Security.Cryptography;
using Fulgur.Bitcoin.Bip32;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Crypto;

namespace Fulgur.Node.Wallet;

/// <summary>
/// The on-chain wallet's keys, derived from hsm_secret exactly as Core Lightning's hsmd does, so the same hsm_secret
/// gives the same addresses in both:
/// <c>bip32_seed = HKDF-SHA256(IKM = hsm_secret, salt = counter as 4 bytes little-endian, info = "bip32 seed", L = 32)</c>
/// (counter from 0, incremented while the seed gives no valid master key), master = BIP32 master key of that seed, and
/// wallet key <c>i</c> = <c>m/0/0/i</c> (non-hardened). Every address is P2WPKH of key <c>i</c>; change uses the same chain.
/// </summary>
public sealed class WalletKeys : IDisposable
{
    public static readonly byte[] Info = "bip32 seed"u8.ToArray();

    private readonly ExtKey _base;
    private readonly Dictionary<uint, PrivateKey> _cache = [];
    private readonly Lock _lock = new();

    private WalletKeys(ExtKey baseKey) => _base = baseKey;

    public static WalletKeys FromHsmSecret(ReadOnlySpan<byte> hsmSecret)
    {
        Span<byte> salt = stackalloc byte[4];
        Span<byte> seed = stackalloc byte[32];
        try
        {
            for (uint counter = 0; ; counter++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(salt, counter);
                Hkdf.DeriveKey(hsmSecret, salt, Info, seed);
                ExtKey master;
                try
                {
                    master = ExtKey.FromSeed(seed);
                }
                catch (ArgumentException)
                {
                    continue;
                }
                using (master)
                using (var account = master.Derive(0))
                    return new WalletKeys(account.Derive(0));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The private key at index <paramref name="index"/> (m/0/0/index).</summary>
    public PrivateKey PrivateKey(uint index)
    {
        lock (_lock)
        {
            if (!_cache.TryGetValue(index, out var key))
            {
                using var child = _base.Derive(index);
                key = Crypto.PrivateKey.Create(child.PrivateKey.ToBytes());
                _cache[index] = key;
            }
            return key;
        }
    }

    public PublicKey PublicKey(uint index) => PrivateKey(index).PublicKey;

    /// <summary>The P2WPKH output script of key <paramref name="index"/>.</summary>
    public Script ScriptPubKey(uint index) => StandardScripts.P2Wpkh(PublicKey(index));

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var key in _cache.Values)
                key.Dispose();
            _cache.Clear();
        }
        _base.Dispose();
    }
}
