using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Bip32;

/// <summary>A BIP32 extended public key: derives normal (non-hardened) children only.</summary>
public sealed class ExtPubKey : IEquatable<ExtPubKey>
{
    private readonly byte[] _chainCode;

    internal ExtPubKey(PublicKey key, ReadOnlySpan<byte> chainCode, byte depth, uint parentFingerprint, uint childNumber)
    {
        PublicKey = key;
        _chainCode = chainCode.ToArray();
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        ChildNumber = childNumber;
    }

    public PublicKey PublicKey { get; }

    public ReadOnlySpan<byte> ChainCode => _chainCode;

    public byte Depth { get; }

    public uint ParentFingerprint { get; }

    public uint ChildNumber { get; }

    public uint Fingerprint => BinaryPrimitives.ReadUInt32BigEndian(Hash160.Hash(PublicKey.Compressed));

    /// <summary>
    /// CKDpub. BIP32: "If so (hardened child): return failure. If not (normal child): let I = HMAC-SHA512(Key = cpar,
    /// Data = serP(Kpar) || ser32(i)) ... The returned child key Ki is point(parse256(IL)) + Kpar. ... In case
    /// parse256(IL) ≥ n or Ki is the point at infinity, the resulting key is invalid".
    /// </summary>
    public bool TryDerive(uint index, [NotNullWhen(true)] out ExtPubKey? child)
    {
        child = null;
        if (KeyPath.IsHardened(index) || Depth == byte.MaxValue)
            return false;
        Span<byte> data = stackalloc byte[37];
        Span<byte> i = stackalloc byte[64];
        PublicKey.Compressed.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        HMACSHA512.HashData(_chainCode, data, i);
        if (i[..32].SequenceCompareTo(ExtKey.CurveOrder) >= 0 || !PublicKey.TryTweakAdd(i[..32], out var key))
            return false;
        child = new ExtPubKey(key, i[32..], (byte)(Depth + 1), Fingerprint, index);
        return true;
    }

    public ExtPubKey Derive(uint index)
    {
        if (KeyPath.IsHardened(index))
            throw new ArgumentException("a hardened child cannot be derived from a public key", nameof(index));
        return TryDerive(index, out var child) ? child : throw new InvalidOperationException($"BIP32 child {index} is invalid; use the next index");
    }

    public ExtPubKey Derive(KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = this;
        foreach (var index in path.Indexes)
            current = current.Derive(index);
        return current;
    }

    /// <summary>xpub… on bitcoin, tpub… on the test networks.</summary>
    public string ToString(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return ExtKeySerialization.Encode(network.ExtPublicKeyVersion, Depth, ParentFingerprint, ChildNumber, _chainCode, PublicKey.Compressed);
    }

    public static bool TryParse(
        string text, [NotNullWhen(true)] out ExtPubKey? key, [NotNullWhen(true)] out Network? network, [NotNullWhen(false)] out string? error)
    {
        key = null;
        network = null;
        if (!ExtKeySerialization.TryDecode(text, out var fields, out error))
            return false;
        var f = fields.Value;
        if (f.IsPrivate)
        {
            error = "this is an extended private key; neuter it to get the public one";
            return false;
        }
        if (!PublicKey.TryParse(f.KeyData, out var publicKey))
        {
            error = "public key is not a point on the curve";
            return false;
        }
        key = new ExtPubKey(publicKey, f.ChainCode, f.Depth, f.ParentFingerprint, f.ChildNumber);
        network = f.Network;
        return true;
    }

    public bool Equals(ExtPubKey? other) =>
        other is not null && PublicKey == other.PublicKey && _chainCode.AsSpan().SequenceEqual(other._chainCode)
        && Depth == other.Depth && ParentFingerprint == other.ParentFingerprint && ChildNumber == other.ChildNumber;

    public override bool Equals(object? obj) => Equals(obj as ExtPubKey);

    public override int GetHashCode() => HashCode.Combine(PublicKey, Depth, ChildNumber);

    public override string ToString() => ToString(Network.Bitcoin);
}
