using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// What stays fixed across the commitments of one side of a channel: the funding output, both funding keys, who
/// funded, the owner's dust limit, the owner's <c>to_self_delay</c> (set by the other side), the obscuring factor and
/// the format. "Local" is the owner of the commitment being built.
/// </summary>
public sealed record CommitmentParameters(
    OutPoint FundingOutPoint,
    Satoshi FundingAmount,
    PublicKey LocalFundingPubkey,
    PublicKey RemoteFundingPubkey,
    bool LocalIsFunder,
    Satoshi LocalDustLimit,
    ToSelfDelay ToSelfDelay,
    CommitmentObscurer Obscurer,
    CommitmentFormat Format)
{
    /// <summary>The 2-of-2 witness script of the funding output, which commitment signatures commit to.</summary>
    public Script FundingScript => Bolt3Scripts.Funding(LocalFundingPubkey, RemoteFundingPubkey);

    /// <summary>
    /// The parameters of both commitments of a channel, from our side: <c>Local</c> for ours, <c>Remote</c> for the
    /// peer's. Each side's dust limit applies to its own commitment, and each side's <c>to_self_delay</c> is the one the
    /// other side asked for (BOLT #2: "`to_self_delay` is the number of blocks that the other node's to-self outputs
    /// must be delayed").
    /// </summary>
    /// <param name="localToSelfDelay">The delay on our outputs: the <c>to_self_delay</c> the peer sent.</param>
    /// <param name="remoteToSelfDelay">The delay on the peer's outputs: the <c>to_self_delay</c> we sent.</param>
    public static (CommitmentParameters Local, CommitmentParameters Remote) ForChannel(
        OutPoint fundingOutPoint,
        Satoshi fundingAmount,
        ChannelBasepoints local,
        ChannelBasepoints remote,
        bool localIsOpener,
        Satoshi localDustLimit,
        Satoshi remoteDustLimit,
        ToSelfDelay localToSelfDelay,
        ToSelfDelay remoteToSelfDelay,
        CommitmentFormat format)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        // The obscuring factor hashes the opener's payment_basepoint first (open_channel, then accept_channel).
        var obscurer = localIsOpener
            ? CommitmentObscurer.FromPaymentBasepoints(local.PaymentBasepoint, remote.PaymentBasepoint)
            : CommitmentObscurer.FromPaymentBasepoints(remote.PaymentBasepoint, local.PaymentBasepoint);
        var ours = new CommitmentParameters(
            fundingOutPoint, fundingAmount, local.FundingPubkey, remote.FundingPubkey, localIsOpener, localDustLimit, localToSelfDelay,
            obscurer, format);
        var theirs = new CommitmentParameters(
            fundingOutPoint, fundingAmount, remote.FundingPubkey, local.FundingPubkey, !localIsOpener, remoteDustLimit, remoteToSelfDelay,
            obscurer, format);
        return (ours, theirs);
    }
}
