using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// BOLT #3 "Key Derivation": the per-commitment keys derived from a basepoint and a per-commitment point, and the
/// blinded revocation key.
/// </summary>
public static class KeyDerivation
{
    /// <summary>
    /// <c>localpubkey</c>, <c>local_htlcpubkey</c>, <c>remote_htlcpubkey</c>, <c>local_delayedpubkey</c> and
    /// <c>remote_delayedpubkey</c>: BOLT #3: "pubkey = basepoint + SHA256(per_commitment_point || basepoint) * G".
    /// </summary>
    public static PublicKey DerivePublicKey(PublicKey basepoint, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(basepoint);
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        return basepoint.TweakAdd(HashPoints(perCommitmentPoint, basepoint));
    }

    /// <summary>BOLT #3: "privkey = basepoint_secret + SHA256(per_commitment_point || basepoint)".</summary>
    public static PrivateKey DerivePrivateKey(PrivateKey basepointSecret, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(basepointSecret);
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        return basepointSecret.TweakAdd(HashPoints(perCommitmentPoint, basepointSecret.PublicKey));
    }

    /// <summary>
    /// BOLT #3: "revocationpubkey = revocation_basepoint * SHA256(revocation_basepoint || per_commitment_point) +
    /// per_commitment_point * SHA256(per_commitment_point || revocation_basepoint)".
    /// </summary>
    public static PublicKey DeriveRevocationPublicKey(PublicKey revocationBasepoint, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(revocationBasepoint);
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        var fromBasepoint = revocationBasepoint.TweakMul(HashPoints(revocationBasepoint, perCommitmentPoint));
        var fromPoint = perCommitmentPoint.TweakMul(HashPoints(perCommitmentPoint, revocationBasepoint));
        return PublicKey.Combine(fromBasepoint, fromPoint);
    }

    /// <summary>
    /// BOLT #3: "revocationprivkey = revocation_basepoint_secret * SHA256(revocation_basepoint || per_commitment_point) +
    /// per_commitment_secret * SHA256(per_commitment_point || revocation_basepoint)".
    /// </summary>
    public static PrivateKey DeriveRevocationPrivateKey(PrivateKey revocationBasepointSecret, PrivateKey perCommitmentSecret)
    {
        ArgumentNullException.ThrowIfNull(revocationBasepointSecret);
        ArgumentNullException.ThrowIfNull(perCommitmentSecret);
        var revocationBasepoint = revocationBasepointSecret.PublicKey;
        var perCommitmentPoint = perCommitmentSecret.PublicKey;
        using var fromBasepoint = revocationBasepointSecret.TweakMul(HashPoints(revocationBasepoint, perCommitmentPoint));
        using var fromSecret = perCommitmentSecret.TweakMul(HashPoints(perCommitmentPoint, revocationBasepoint));
        return fromBasepoint.TweakAdd(fromSecret.ToBytes());
    }

    /// <summary>The revocation private key once the peer revealed the per-commitment secret of a revoked commitment.</summary>
    public static PrivateKey DeriveRevocationPrivateKey(PrivateKey revocationBasepointSecret, PerCommitmentSecret perCommitmentSecret)
    {
        ArgumentNullException.ThrowIfNull(perCommitmentSecret);
        if (!perCommitmentSecret.TryGetPrivateKey(out var secretKey))
            throw new ArgumentException("the per-commitment secret is not a valid scalar", nameof(perCommitmentSecret));
        using (secretKey)
            return DeriveRevocationPrivateKey(revocationBasepointSecret, secretKey);
    }

    private static byte[] HashPoints(PublicKey first, PublicKey second)
    {
        Span<byte> both = stackalloc byte[2 * PublicKey.CompressedLength];
        first.Compressed.CopyTo(both);
        second.Compressed.CopyTo(both[PublicKey.CompressedLength..]);
        return Sha256.Hash(both);
    }
}
