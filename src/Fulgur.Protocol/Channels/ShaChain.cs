using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Fulgur.Protocol.Channels;

/// <summary>Why <see cref="ShaChain.TryInsert"/> refused a secret.</summary>
public enum ShaChainError
{
    None = 0,

    /// <summary>The index is not the next one expected: secrets arrive one by one, in descending index order from 2^48 - 1.</summary>
    UnexpectedIndex,

    /// <summary>
    /// An earlier secret does not derive from this one (BOLT #3: "The secret for I is incorrect"): the two were not
    /// generated from the same seed.
    /// </summary>
    IncorrectSecret,
}

/// <summary>
/// The receiver's compact store of the peer's revealed per-commitment secrets (BOLT #3 "Efficient Per-commitment
/// Secret Storage"): at most 49 (index, secret) pairs, from which every secret received so far can be derived.
/// </summary>
public sealed class ShaChain
{
    private const int BucketCount = 49;
    private const int EntryLength = 1 + 8 + PerCommitmentSecret.Length;

    /// <summary>Length of <see cref="ToBytes"/>'s output.</summary>
    public const int SerializedLength = 1 + 8 + BucketCount * EntryLength;

    private readonly ulong[] _indices = new ulong[BucketCount];
    private readonly byte[]?[] _secrets = new byte[BucketCount][];
    private ulong? _lowestIndex;

    /// <summary>The index of the last secret inserted (the smallest so far), or null when the store is empty.</summary>
    public ulong? LowestIndex => _lowestIndex;

    /// <summary>The index the next secret must have (meaningless once <see cref="IsComplete"/>).</summary>
    public ulong NextIndex => _lowestIndex is { } lowest ? Math.Max(lowest, 1) - 1 : CommitmentNumber.MaxValue;

    /// <summary>True once the secret of index 0, the last one, was stored.</summary>
    public bool IsComplete => _lowestIndex == 0;

    /// <summary>
    /// Stores the secret for index <paramref name="index"/> after checking, as <c>insert_secret</c> does, that every
    /// stored secret derives from it. On error the store is unchanged.
    /// </summary>
    public bool TryInsert(ulong index, PerCommitmentSecret secret, out ShaChainError error)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (IsComplete || index != NextIndex)
        {
            error = ShaChainError.UnexpectedIndex;
            return false;
        }

        var bucket = WhereToPutSecret(index);
        Span<byte> derived = stackalloc byte[PerCommitmentSecret.Length];
        // BOLT #3: "A double-check, that all previous secrets derive correctly, is needed; if this check fails, the
        // secrets were not generated from the same seed"
        for (var b = 0; b < bucket; b++)
        {
            if (_secrets[b] is not { } known)
                continue;
            secret.Bytes.CopyTo(derived);
            PerCommitmentSecretGenerator.DeriveInPlace(derived, bucket, _indices[b]);
            if (!derived.SequenceEqual(known))
            {
                error = ShaChainError.IncorrectSecret;
                return false;
            }
        }

        _indices[bucket] = index;
        _secrets[bucket] = secret.ToBytes();
        _lowestIndex = index;
        error = ShaChainError.None;
        return true;
    }

    /// <summary>
    /// Stores the secret that revokes commitment <paramref name="number"/>, as
    /// <see cref="TryInsert(ulong, PerCommitmentSecret, out ShaChainError)"/> does.
    /// </summary>
    public bool TryInsert(CommitmentNumber number, PerCommitmentSecret secret, out ShaChainError error) =>
        TryInsert(number.SecretIndex, secret, out error);

    /// <summary>
    /// <c>derive_old_secret(I)</c>: the secret at <paramref name="index"/>, or false when that index has not been
    /// received yet.
    /// </summary>
    public bool TryGetSecret(ulong index, [NotNullWhen(true)] out PerCommitmentSecret? secret)
    {
        secret = null;
        if (_lowestIndex is not { } lowest || index < lowest || index > CommitmentNumber.MaxValue)
            return false;
        for (var b = 0; b < BucketCount; b++)
        {
            if (_secrets[b] is not { } known)
                continue;
            // BOLT #3: "Mask off the non-zero prefix of the index."
            var mask = ~((1UL << b) - 1);
            if ((index & mask) != _indices[b])
                continue;
            Span<byte> p = stackalloc byte[PerCommitmentSecret.Length];
            known.CopyTo(p);
            PerCommitmentSecretGenerator.DeriveInPlace(p, b, index);
            secret = PerCommitmentSecret.Create(p);
            return true;
        }
        return false;
    }

    /// <summary>The secret that revoked commitment <paramref name="number"/>, if it was received.</summary>
    public bool TryGetSecret(CommitmentNumber number, [NotNullWhen(true)] out PerCommitmentSecret? secret) =>
        TryGetSecret(number.SecretIndex, out secret);

    /// <summary>
    /// A fixed-length encoding for persistence: a presence byte and the lowest index, then per bucket a presence byte,
    /// the 8-byte big-endian index and the 32-byte secret.
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        var span = bytes.AsSpan();
        span[0] = _lowestIndex.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], _lowestIndex ?? 0);
        for (var b = 0; b < BucketCount; b++)
        {
            var entry = span.Slice(9 + b * EntryLength, EntryLength);
            if (_secrets[b] is not { } known)
                continue;
            entry[0] = 1;
            BinaryPrimitives.WriteUInt64BigEndian(entry[1..], _indices[b]);
            known.CopyTo(entry[9..]);
        }
        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>'s encoding, rejecting anything it could not have produced.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out ShaChain? chain)
    {
        chain = null;
        if (bytes.Length != SerializedLength || bytes[0] > 1)
            return false;
        var result = new ShaChain();
        var lowest = BinaryPrimitives.ReadUInt64BigEndian(bytes[1..]);
        if (bytes[0] == 1)
        {
            if (lowest > CommitmentNumber.MaxValue)
                return false;
            result._lowestIndex = lowest;
        }
        else if (lowest != 0)
        {
            return false;
        }
        for (var b = 0; b < BucketCount; b++)
        {
            var entry = bytes.Slice(9 + b * EntryLength, EntryLength);
            if (entry[0] == 0)
            {
                if (entry[1..].ContainsAnyExcept((byte)0))
                    return false;
                continue;
            }
            var index = BinaryPrimitives.ReadUInt64BigEndian(entry[1..]);
            if (entry[0] != 1 || result._lowestIndex is not { } low || index < low || index > CommitmentNumber.MaxValue
                || WhereToPutSecret(index) != b)
                return false;
            result._indices[b] = index;
            result._secrets[b] = entry[9..].ToArray();
        }
        if (result._lowestIndex is { } last && result._secrets[WhereToPutSecret(last)] is null)
            return false;
        chain = result;
        return true;
    }

    /// <summary><c>where_to_put_secret(I)</c>: the number of trailing zero bits of the index (48 for index 0).</summary>
    internal static int WhereToPutSecret(ulong index)
    {
        // BOLT #3: "# I = 0, this is the seed."
        if (index == 0)
            return 48;
        return System.Numerics.BitOperations.TrailingZeroCount(index);
    }
}
