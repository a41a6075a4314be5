using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Bip32;

/// <summary>
/// A BIP32 extended private key: a secp256k1 key with its chain code and position in the tree. Derives hardened and
/// normal children; <see cref="Neuter"/> gives the matching <see cref="ExtPubKey"/>. Disposing zeroes the key.
/// </summary>
public sealed class ExtKey : IDisposable
{
    private static readonly byte[] MasterHmacKey = "Bitcoin seed"u8.ToArray();

    /// <summary>The secp256k1 group order n.</summary>
    internal static ReadOnlySpan<byte> CurveOrder =>
    [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
        0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
    ];

    private readonly byte[] _chainCode;

    private ExtKey(PrivateKey key, ReadOnlySpan<byte> chainCode, byte depth, uint parentFingerprint, uint childNumber)
    {
        PrivateKey = key;
        _chainCode = chainCode.ToArray();
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        ChildNumber = childNumber;
    }

    public PrivateKey PrivateKey { get; }

    public PublicKey PublicKey => PrivateKey.PublicKey;

    public ReadOnlySpan<byte> ChainCode => _chainCode;

    /// <summary>0 for the master key, 1 for its children, …</summary>
    public byte Depth { get; }

    /// <summary>The first 4 bytes (big-endian) of HASH160 of the parent's public key; 0 for the master.</summary>
    public uint ParentFingerprint { get; }

    /// <summary>This key's index under its parent (≥ 2^31 when hardened); 0 for the master.</summary>
    public uint ChildNumber { get; }

    /// <summary>BIP32: "the first 32 bits of the identifier", the identifier being HASH160 of the public key.</summary>
    public uint Fingerprint => BinaryPrimitives.ReadUInt32BigEndian(Hash160.Hash(PublicKey.Compressed));

    /// <summary>
    /// BIP32 master key generation: "Calculate I = HMAC-SHA512(Key = "Bitcoin seed", Data = S) ... Use parse256(IL) as
    /// master secret key, and IR as master chain code. In case parse256(IL) is 0 or parse256(IL) ≥ n, the master key is
    /// invalid." The seed is 16 to 64 bytes.
    /// </summary>
    public static ExtKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length < 16 || seed.Length > 64)
            throw new ArgumentException("a BIP32 seed is 128 to 512 bits", nameof(seed));
        Span<byte> i = stackalloc byte[64];
        try
        {
            HMACSHA512.HashData(MasterHmacKey, seed, i);
            if (!PrivateKey.TryCreate(i[..32], out var key))
                throw new ArgumentException("this seed gives an invalid master key (probability below 2^-127)", nameof(seed));
            return new ExtKey(key, i[32..], 0, 0, 0);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(i);
        }
    }

    /// <summary>
    /// CKDpriv. BIP32: "If so (hardened child): let I = HMAC-SHA512(Key = cpar, Data = 0x00 || ser256(kpar) ||
    /// ser32(i)) ... If not (normal child): let I = HMAC-SHA512(Key = cpar, Data = serP(point(kpar)) || ser32(i)) ...
    /// The returned child key ki is parse256(IL) + kpar (mod n). ... In case parse256(IL) ≥ n or ki = 0, the resulting
    /// key is invalid, and one should proceed with the next value for i."
    /// </summary>
    public bool TryDerive(uint index, [NotNullWhen(true)] out ExtKey? child)
    {
        child = null;
        if (Depth == byte.MaxValue)
            return false;
        Span<byte> data = stackalloc byte[37];
        Span<byte> i = stackalloc byte[64];
        var secret = PrivateKey.ToBytes();
        try
        {
            if (KeyPath.IsHardened(index))
            {
                data[0] = 0;
                secret.CopyTo(data[1..]);
            }
            else
            {
                PublicKey.Compressed.CopyTo(data);
            }
            BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
            HMACSHA512.HashData(_chainCode, data, i);
            var il = i[..32];
            if (il.SequenceCompareTo(CurveOrder) >= 0)
                return false;
            PrivateKey key;
            try
            {
                key = PrivateKey.TweakAdd(il);
            }
            catch (ArgumentException)
            {
                return false; // ki = 0
            }
            child = new ExtKey(key, i[32..], (byte)(Depth + 1), Fingerprint, index);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(data);
            CryptographicOperations.ZeroMemory(i);
        }
    }

    /// <summary>The child at <paramref name="index"/>; throws in the 2^-127 case where BIP32 says to skip the index.</summary>
    public ExtKey Derive(uint index) =>
        TryDerive(index, out var child) ? child : throw new InvalidOperationException($"BIP32 child {index} is invalid; use the next index");

    /// <summary>Derives along <paramref name="path"/> from this key (a path from the master when this is the master).</summary>
    public ExtKey Derive(KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = this;
        foreach (var index in path.Indexes)
        {
            var next = current.Derive(index);
            if (!ReferenceEquals(current, this))
                current.Dispose();
            current = next;
        }
        return ReferenceEquals(current, this) ? Clone() : current;
    }

    /// <summary>An independent copy (its own key buffer, disposed separately).</summary>
    public ExtKey Clone()
    {
        var secret = PrivateKey.ToBytes();
        try
        {
            return new ExtKey(PrivateKey.Create(secret), _chainCode, Depth, ParentFingerprint, ChildNumber);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>BIP32's N(): the extended public key with the same chain code and position.</summary>
    public ExtPubKey Neuter() => new(PublicKey, _chainCode, Depth, ParentFingerprint, ChildNumber);

    /// <summary>xprv… on bitcoin, tprv… on the test networks.</summary>
    public string ToString(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Span<byte> keyData = stackalloc byte[33];
        var secret = PrivateKey.ToBytes();
        try
        {
            keyData[0] = 0;
            secret.CopyTo(keyData[1..]);
            return ExtKeySerialization.Encode(network.ExtPrivateKeyVersion, Depth, ParentFingerprint, ChildNumber, _chainCode, keyData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(keyData);
        }
    }

    /// <summary>Parses an xprv/tprv string. Refuses public keys, bad checksums, keys out of range and impossible depth/parent combinations.</summary>
    public static bool TryParse(
        string text, [NotNullWhen(true)] out ExtKey? key, [NotNullWhen(true)] out Network? network, [NotNullWhen(false)] out string? error)
    {
        key = null;
        network = null;
        if (!ExtKeySerialization.TryDecode(text, out var fields, out error))
            return false;
        var f = fields.Value;
        if (!f.IsPrivate)
        {
            error = "this is an extended public key, not a private one";
            return false;
        }
        if (!PrivateKey.TryCreate(f.KeyData.AsSpan(1), out var privateKey))
        {
            error = "private key is not in the range 1..n-1";
            return false;
        }
        CryptographicOperations.ZeroMemory(f.KeyData);
        key = new ExtKey(privateKey, f.ChainCode, f.Depth, f.ParentFingerprint, f.ChildNumber);
        network = f.Network;
        return true;
    }

    public void Dispose()
    {
        PrivateKey.Dispose();
        CryptographicOperations.ZeroMemory(_chainCode);
    }

    public override string ToString() => $"ExtKey(depth {Depth}, child {ChildNumber}, …)";
}
