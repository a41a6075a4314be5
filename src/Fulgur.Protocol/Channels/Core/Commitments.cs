using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>What both sides fixed when opening: who funded, the funding output, both sides' limits and keys.</summary>
/// <param name="Announce">
/// The <c>announce_channel</c> bit of the funder's <c>open_channel</c> <c>channel_flags</c>: false for a private channel,
/// which is never announced to the network.
/// </param>
public sealed record ChannelParams(
    ChannelId ChannelId,
    bool LocalIsFunder,
    OutPoint FundingOutPoint,
    Satoshi FundingAmount,
    ChannelLimits LocalLimits,
    ChannelLimits RemoteLimits,
    ChannelBasepoints LocalBasepoints,
    ChannelBasepoints RemoteBasepoints,
    CommitmentFormat Format,
    bool Announce = true)
{
    /// <summary>Our commitment's parameters and the peer's.</summary>
    public (CommitmentParameters Local, CommitmentParameters Remote) CommitmentParameters =>
        Channels.CommitmentParameters.ForChannel(
            FundingOutPoint, FundingAmount, LocalBasepoints, RemoteBasepoints, LocalIsFunder, LocalLimits.DustLimit, RemoteLimits.DustLimit,
            RemoteLimits.ToSelfDelay, LocalLimits.ToSelfDelay, Format);
}

/// <summary>
/// The open channel's state, shared by the phases after funding (eclair's <c>Commitments</c>). Balances exclude every
/// HTLC still listed in <see cref="Htlcs"/>; HTLCs leave the list (and move the balances) once their removal is
/// irrevocably committed on both sides.
/// </summary>
public sealed record Commitments(
    ChannelParams Params,
    MilliSatoshi LocalBalance,
    MilliSatoshi RemoteBalance,
    FeeRate Feerate,
    ImmutableList<Htlc> Htlcs,
    ImmutableList<FeeUpdate> FeeUpdates,
    ulong LocalNextHtlcId,
    ulong RemoteNextHtlcId,
    CommitmentNumber LocalCommitNumber,
    EcdsaSignature LocalCommitSignature,
    ImmutableList<EcdsaSignature> LocalHtlcSignatures,
    CommitmentNumber RemoteCommitNumber,
    PublicKey RemoteCommitPoint,
    PublicKey? RemoteNextPoint,
    bool AwaitingRevocation,
    ImmutableArray<byte> RemoteSecrets,
    ImmutableList<IWireMessage> UnsignedSent,
    ImmutableList<IWireMessage> LastCommitBatch,
    bool RevokeAfterCommit)
{
    public static ImmutableArray<byte> EmptyShaChain { get; } = [.. new ShaChain().ToBytes()];

    /// <summary>What the commitment of one side (<paramref name="local"/> for ours) commits to now, from its owner's view.</summary>
    public CommitmentSpec SpecFor(bool local) => Project(local, h => HtlcStates.AddCommittedIn(h.State, local),
        h => HtlcStates.IsRemoval(h.State) && HtlcStates.RemoveCommittedIn(h.State, local), FeerateFor(local));

    /// <summary>
    /// The state once every update either side has proposed so far is committed (from the owner's view of
    /// <paramref name="local"/>), leaving out our own adds matching <paramref name="skip"/>.
    /// </summary>
    internal CommitmentSpec ProjectedSpec(bool local, Func<Htlc, bool>? skip = null, FeeRate? feerate = null) =>
        Project(local, h => skip is null || !skip(h), h => h.Removal is not null, feerate ?? LatestFeerate);

    private CommitmentSpec Project(bool local, Func<Htlc, bool> added, Func<Htlc, bool> removed, FeeRate feerate)
    {
        var toLocal = LocalBalance;
        var toRemote = RemoteBalance;
        var htlcs = new List<CommitmentHtlc>();
        foreach (var h in Htlcs)
        {
            if (!added(h))
                continue;
            if (h.Offered)
                toLocal -= h.Amount;
            else
                toRemote -= h.Amount;
            if (removed(h))
            {
                // A fulfilled HTLC pays the receiver; a failed one returns to the offerer.
                if (h.IsFulfilled == h.Offered)
                    toRemote += h.Amount;
                else
                    toLocal += h.Amount;
            }
            else
            {
                htlcs.Add(new CommitmentHtlc(h.Offered ? HtlcDirection.Offered : HtlcDirection.Received, h.Id, h.Amount, h.PaymentHash, h.CltvExpiry));
            }
        }
        var spec = new CommitmentSpec(toLocal, toRemote, feerate, htlcs);
        return local ? spec : spec.Mirror();
    }

    public FeeRate FeerateFor(bool local)
    {
        var rate = Feerate;
        foreach (var f in FeeUpdates)
        {
            if (HtlcStates.AddCommittedIn(f.State, local))
                rate = f.Feerate;
        }
        return rate;
    }

    /// <summary>The feerate once every proposed <c>update_fee</c> is committed.</summary>
    public FeeRate LatestFeerate => FeeUpdates.IsEmpty ? Feerate : FeeUpdates[^1].Feerate;

    public bool TryBuildLocal(CommitmentNumber number, PublicKey point, [NotNullWhen(true)] out CommitmentTransaction? tx)
    {
        var keys = CommitmentKeys.Derive(Params.LocalBasepoints, Params.RemoteBasepoints, point);
        return CommitmentBuilder.TryBuild(Params.CommitmentParameters.Local, keys, number, SpecFor(local: true), out tx, out _);
    }

    public bool TryBuildRemote(CommitmentNumber number, PublicKey point, [NotNullWhen(true)] out CommitmentTransaction? tx)
    {
        var keys = CommitmentKeys.Derive(Params.RemoteBasepoints, Params.LocalBasepoints, point);
        return CommitmentBuilder.TryBuild(Params.CommitmentParameters.Remote, keys, number, SpecFor(local: false), out tx, out _);
    }

    /// <summary>Our current commitment, fully signed, ready to broadcast (when failing the channel).</summary>
    public Transaction SignedLocalCommitment(IChannelSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (!TryBuildLocal(LocalCommitNumber, signer.PerCommitmentPoint(LocalCommitNumber), out var tx))
            throw new InvalidOperationException("the current local commitment cannot be built");
        return Bolt3Signatures.WithWitness(tx, signer.SignCommitment(tx), LocalCommitSignature);
    }

    /// <summary>Whether a <c>commitment_signed</c> from us would carry any update.</summary>
    public bool HasChangesForRemote =>
        Htlcs.Any(h => HtlcStates.NeedsRemoteCommit(h.State)) || FeeUpdates.Any(f => HtlcStates.NeedsRemoteCommit(f.State));

    /// <summary>Whether any update is not yet irrevocably committed on both sides.</summary>
    public bool HasPendingChanges =>
        !FeeUpdates.IsEmpty || AwaitingRevocation
        || Htlcs.Any(h => !HtlcStates.IsLocked(h.State) && !HtlcStates.IsFinal(h.State));

    public Htlc? Find(bool offered, ulong id) => Htlcs.Find(h => h.Offered == offered && h.Id == id);

    /// <summary>Moves every HTLC and fee update one step, then folds the finished ones into the balances.</summary>
    internal Commitments Transition(Func<HtlcState, HtlcState> move, List<ChannelEvent>? events)
    {
        var htlcs = ImmutableList.CreateBuilder<Htlc>();
        var local = LocalBalance;
        var remote = RemoteBalance;
        foreach (var h in Htlcs)
        {
            var next = move(h.State);
            if (next != h.State && events is not null)
            {
                if (next == HtlcState.RcvdAddAckRevocation)
                    events.Add(new IncomingHtlcLocked(h.Id, h.Amount, h.PaymentHash, h.CltvExpiry, h.Onion));
                else if (next == HtlcState.RcvdRemoveAckRevocation && !h.IsFulfilled && h.Removal is not null)
                    events.Add(new OutgoingHtlcFailed(h.Id, h.Removal));
            }
            if (HtlcStates.IsFinal(next))
            {
                var toOfferer = !h.IsFulfilled;
                if (h.Offered)
                {
                    local -= h.Amount;
                    if (toOfferer) local += h.Amount; else remote += h.Amount;
                }
                else
                {
                    remote -= h.Amount;
                    if (toOfferer) remote += h.Amount; else local += h.Amount;
                }
                continue;
            }
            htlcs.Add(h with { State = next });
        }
        var feerate = Feerate;
        var fees = new List<FeeUpdate>();
        foreach (var f in FeeUpdates)
        {
            var next = move(f.State);
            if (HtlcStates.IsLocked(next))
            {
                feerate = f.Feerate;
                fees.Clear();
                continue;
            }
            fees.Add(f with { State = next });
        }
        return this with { Htlcs = htlcs.ToImmutable(), FeeUpdates = [.. fees], LocalBalance = local, RemoteBalance = remote, Feerate = feerate };
    }

    internal Commitments WithSecret(CommitmentNumber number, PerCommitmentSecret secret, out bool ok)
    {
        ok = false;
        if (!ShaChain.TryRead(RemoteSecrets.AsSpan(), out var chain) || !chain.TryInsert(number, secret, out _))
            return this;
        ok = true;
        return this with { RemoteSecrets = [.. chain.ToBytes()] };
    }

    internal bool TryGetRemoteSecret(CommitmentNumber number, [NotNullWhen(true)] out PerCommitmentSecret? secret)
    {
        secret = null;
        return ShaChain.TryRead(RemoteSecrets.AsSpan(), out var chain) && chain.TryGetSecret(number, out secret);
    }
}
