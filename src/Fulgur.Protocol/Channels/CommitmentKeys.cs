using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// The public keys of one commitment transaction, named from the point of view of its owner (the "local" node of
/// BOLT 3, who can broadcast it): derived from the owner's per-commitment point and both sides' basepoints.
/// </summary>
public sealed record CommitmentKeys(
    PublicKey PerCommitmentPoint,
    PublicKey RevocationKey,
    PublicKey LocalDelayedKey,
    PublicKey LocalHtlcKey,
    PublicKey RemoteHtlcKey,
    PublicKey RemotePaymentKey)
{
    /// <summary>
    /// The keys of the commitment owned by <paramref name="owner"/> whose per-commitment point is
    /// <paramref name="perCommitmentPoint"/>; <paramref name="counterparty"/> is the other side. For our own commitment
    /// pass (our basepoints, theirs, our point); for theirs pass (their basepoints, ours, their point).
    /// </summary>
    public static CommitmentKeys Derive(ChannelBasepoints owner, ChannelBasepoints counterparty, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(counterparty);
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        return new CommitmentKeys(
            perCommitmentPoint,
            // BOLT #3: "it uses its own `revocation_basepoint` and the remote node's `per_commitment_point`"
            KeyDerivation.DeriveRevocationPublicKey(counterparty.RevocationBasepoint, perCommitmentPoint),
            // BOLT #3: "The `local_delayedpubkey` uses the local node's `delayed_payment_basepoint`;"
            KeyDerivation.DerivePublicKey(owner.DelayedPaymentBasepoint, perCommitmentPoint),
            // BOLT #3: "The `local_htlcpubkey` uses the local node's `htlc_basepoint`;"
            KeyDerivation.DerivePublicKey(owner.HtlcBasepoint, perCommitmentPoint),
            // BOLT #3: "The `remote_htlcpubkey` uses the remote node's `htlc_basepoint`;"
            KeyDerivation.DerivePublicKey(counterparty.HtlcBasepoint, perCommitmentPoint),
            // BOLT #3: "The `remotepubkey` is simply the remote node's `payment_basepoint`."
            counterparty.PaymentBasepoint);
    }
}
