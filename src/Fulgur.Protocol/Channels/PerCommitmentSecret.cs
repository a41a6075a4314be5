using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// A 32-byte per-commitment secret. Revealing it (in <c>revoke_and_ack</c>) revokes the commitment it belongs to;
/// BOLT #3: "per_commitment_point = per_commitment_secret * G".
/// </summary>
public sealed class PerCommitmentSecret : IEquatable<PerCommitmentSecret>
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    private PerCommitmentSecret(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Any 32 bytes are a secret of the chain; use <see cref="TryGetPoint"/> to check it is also a valid scalar.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out PerCommitmentSecret? secret)
    {
        secret = bytes.Length == Length ? new PerCommitmentSecret(bytes.ToArray()) : null;
        return secret is not null;
    }

    public static PerCommitmentSecret Create(ReadOnlySpan<byte> bytes) =>
        TryCreate(bytes, out var secret) ? secret : throw new ArgumentException("a per-commitment secret is 32 bytes", nameof(bytes));

    public static PerCommitmentSecret FromHex(string hex) => Create(Hex.Decode(hex));

    /// <summary>The secret as a private key, or false when it is not a valid secp256k1 scalar (0 or ≥ n).</summary>
    public bool TryGetPrivateKey([NotNullWhen(true)] out PrivateKey? key) => PrivateKey.TryCreate(_bytes, out key);

    /// <summary>The per-commitment point <c>per_commitment_secret * G</c>, or false when the secret is not a valid scalar.</summary>
    public bool TryGetPoint([NotNullWhen(true)] out PublicKey? point)
    {
        point = null;
        if (!PrivateKey.TryCreate(_bytes, out var key))
            return false;
        using (key)
            point = key.PublicKey;
        return true;
    }

    /// <summary>The per-commitment point; throws only for the negligible case of a secret outside the curve order.</summary>
    public PublicKey Point => TryGetPoint(out var point) ? point : throw new InvalidOperationException("secret is not a valid scalar");

    public byte[] ToBytes() => (byte[])_bytes.Clone();

    public string ToHex() => Hex.Encode(_bytes);

    public bool Equals(PerCommitmentSecret? other) =>
        other is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    public override bool Equals(object? obj) => Equals(obj as PerCommitmentSecret);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    public override string ToString() => "PerCommitmentSecret(…)";
}
