using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// The sender's side of the per-commitment secret chain: every secret derives from one 32-byte seed
/// (BOLT #3 "Per-commitment Secret Requirements"). The seed never leaves this object.
/// </summary>
public sealed class PerCommitmentSecretGenerator
{
    public const int SeedLength = 32;

    private readonly byte[] _seed;

    public PerCommitmentSecretGenerator(ReadOnlySpan<byte> seed)
    {
        // BOLT #3: "MUST select an unguessable 256-bit seed for each connection"
        if (seed.Length != SeedLength)
            throw new ArgumentException("the per-commitment seed is 32 bytes", nameof(seed));
        _seed = seed.ToArray();
    }

    /// <summary>The I'th secret, by <c>generate_from_seed(seed, I)</c>.</summary>
    public PerCommitmentSecret SecretAt(ulong index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, CommitmentNumber.MaxValue);
        Span<byte> p = stackalloc byte[SeedLength];
        _seed.CopyTo(p);
        DeriveInPlace(p, 48, index);
        return PerCommitmentSecret.Create(p);
    }

    /// <summary>The secret of commitment <paramref name="number"/> (index <c>2^48 - 1 - number</c>).</summary>
    public PerCommitmentSecret SecretFor(CommitmentNumber number) => SecretAt(number.SecretIndex);

    /// <summary>The per-commitment point of commitment <paramref name="number"/>.</summary>
    public PublicKey PointFor(CommitmentNumber number) => SecretFor(number).Point;

    /// <summary>
    /// <c>derive_secret(base, bits, I)</c>: flips and hashes for each set bit of <paramref name="index"/> below
    /// <paramref name="bits"/>, highest first. With <paramref name="bits"/> = 48 this is <c>generate_from_seed</c>.
    /// </summary>
    internal static void DeriveInPlace(Span<byte> p, int bits, ulong index)
    {
        // BOLT #3 generate_from_seed: for B in 47 down to 0, if B set in I, flip(B) in P and P = SHA256(P).
        // BOLT #3: "Where "flip(B)" alternates the (B mod 8) bit of the (B div 8) byte of the value."
        Span<byte> hashed = stackalloc byte[Sha256.Length];
        for (var b = bits - 1; b >= 0; b--)
        {
            if (((index >> b) & 1) == 0)
                continue;
            p[b / 8] ^= (byte)(1 << (b % 8));
            Sha256.Hash(p, hashed);
            hashed.CopyTo(p);
        }
    }
}
