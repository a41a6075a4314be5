using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Onion;

/// <summary>
/// The 32-byte secret a Sphinx hop shares with the origin: SHA256 of the compressed ECDH point between the hop's
/// ephemeral key and the hop's node key. Every per-hop key (rho, mu, um, ammag, …) is derived from it, and the origin
/// keeps the ordered list of them to attribute a returned failure.
/// </summary>
public sealed class SharedSecret : IEquatable<SharedSecret>
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    private SharedSecret(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Span => _bytes;

    public static bool TryCreate(ReadOnlySpan<byte> bytes32, [NotNullWhen(true)] out SharedSecret? secret)
    {
        secret = bytes32.Length == Length ? new SharedSecret(bytes32.ToArray()) : null;
        return secret is not null;
    }

    /// <summary>Wraps 32 bytes; throws <see cref="ArgumentException"/> for any other length.</summary>
    public static SharedSecret Create(ReadOnlySpan<byte> bytes32) =>
        TryCreate(bytes32, out var secret) ? secret : throw new ArgumentException("a shared secret is 32 bytes", nameof(bytes32));

    /// <summary>BOLT #4 "Shared Secret": what the processing node derives from the packet's ephemeral key and its node key.</summary>
    public static SharedSecret Derive(PrivateKey nodeKey, PublicKey ephemeralKey)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        var bytes = new byte[Length];
        nodeKey.Ecdh(ephemeralKey, bytes);
        return new SharedSecret(bytes);
    }

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public string ToHex() => Hex.Encode(_bytes);

    public bool Equals(SharedSecret? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    public override bool Equals(object? obj) => Equals(obj as SharedSecret);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    /// <summary>Secrets are not printed; use <see cref="ToHex"/> deliberately.</summary>
    public override string ToString() => "SharedSecret(…)";
}
