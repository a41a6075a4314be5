using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Addresses;

namespace Fulgur.Bitcoin.Bip32;

/// <summary>
/// BIP32's 78-byte serialization: "4 byte: version bytes ... 1 byte: depth ... 4 bytes: the fingerprint of the parent's
/// key ... 4 bytes: child number ... 32 bytes: the chain code ... 33 bytes: the public key or private key data
/// (serP(K) for public keys, 0x00 || ser256(k) for private keys)", then Base58Check.
/// </summary>
internal static class ExtKeySerialization
{
    public const int Length = 78;

    public readonly record struct Fields(Network Network, bool IsPrivate, byte Depth, uint ParentFingerprint, uint ChildNumber, byte[] ChainCode, byte[] KeyData);

    public static string Encode(uint version, byte depth, uint parentFingerprint, uint childNumber, ReadOnlySpan<byte> chainCode, ReadOnlySpan<byte> keyData33)
    {
        Span<byte> buffer = stackalloc byte[Length];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, version);
        buffer[4] = depth;
        BinaryPrimitives.WriteUInt32BigEndian(buffer[5..], parentFingerprint);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[9..], childNumber);
        chainCode.CopyTo(buffer[13..]);
        keyData33.CopyTo(buffer[45..]);
        return Base58.EncodeCheck(buffer);
    }

    public static bool TryDecode(string text, [NotNullWhen(true)] out Fields? fields, [NotNullWhen(false)] out string? error)
    {
        fields = null;
        if (!Base58.TryDecodeCheck(text, out var data, out error))
            return false;
        if (data.Length != Length)
        {
            error = $"extended key is {data.Length} bytes, expected {Length}";
            return false;
        }
        var version = BinaryPrimitives.ReadUInt32BigEndian(data);
        var network = Network.All.FirstOrDefault(n => n.ExtPrivateKeyVersion == version || n.ExtPublicKeyVersion == version);
        if (network is null)
        {
            error = $"unknown extended key version 0x{version:x8}";
            return false;
        }
        var isPrivate = network.ExtPrivateKeyVersion == version;
        var depth = data[4];
        var parentFingerprint = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(5));
        var childNumber = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(9));
        if (depth == 0 && parentFingerprint != 0)
        {
            error = "zero depth with a non-zero parent fingerprint";
            return false;
        }
        if (depth == 0 && childNumber != 0)
        {
            error = "zero depth with a non-zero child index";
            return false;
        }
        var keyData = data.AsSpan(45, 33).ToArray();
        if (isPrivate && keyData[0] != 0)
        {
            error = "private key data must start with 0x00";
            return false;
        }
        if (!isPrivate && keyData[0] != 2 && keyData[0] != 3)
        {
            error = "public key data must be a compressed point (0x02 or 0x03 prefix)";
            return false;
        }
        fields = new Fields(network, isPrivate, depth, parentFingerprint, childNumber, data.AsSpan(13, 32).ToArray(), keyData);
        error = null;
        return true;
    }
}
