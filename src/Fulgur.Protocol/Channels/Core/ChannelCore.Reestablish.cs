using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

public sealed partial class ChannelCore
{
    /// <summary>
    /// The connection dropped. BOLT #2: "MUST reverse any uncommitted updates sent by the other side (i.e. all messages
    /// beginning with `update_` for which no `commitment_signed` has been received)." Our own uncommitted updates are
    /// kept and sent again after <c>channel_reestablish</c>. Channels not yet funded are forgotten.
    /// </summary>
    public ChannelStep Disconnected(ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        switch (state)
        {
            case WaitingForAccept or WaitingForFundingOutPoint or WaitingForFundingCreated or WaitingForFundingSigned:
                return ChannelStep.Changed(new Closed(null, "disconnected before funding", null));
            case Closed:
                return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "closed");
        }
        var c = state.CommitmentsOrNull()!;
        var dropped = c.Htlcs.Where(h => h.State == HtlcState.RcvdAddHtlc).ToList();
        var htlcs = c.Htlcs
            .Where(h => h.State != HtlcState.RcvdAddHtlc)
            .Select(h => h.State == HtlcState.RcvdRemoveHtlc ? h with { State = HtlcState.SentAddAckRevocation, Removal = null } : h);
        c = c with
        {
            Htlcs = [.. htlcs],
            FeeUpdates = [.. c.FeeUpdates.Where(f => f.State != HtlcState.RcvdAddHtlc)],
            RemoteNextHtlcId = dropped.Count > 0 ? dropped.Min(h => h.Id) : c.RemoteNextHtlcId,
        };
        var next = state is Negotiating n ? n with { Commitments = c, LastSentFee = null, LastReceivedFee = null } : With(state, c);
        return ChannelStep.Changed(next);
    }

    /// <summary>Our <c>channel_reestablish</c> for a funded channel, or null when there is none to send.</summary>
    public ChannelReestablishMessage? Reestablish(ChannelState state)
    {
        if (state is Closed || state.CommitmentsOrNull() is not { } c || state is WaitingForFundingSigned)
            return null;
        // BOLT #2: "MUST set `your_last_per_commitment_secret` to the last `per_commitment_secret` it received"
        var last = c.RemoteCommitNumber.Value > 0 && c.TryGetRemoteSecret(new CommitmentNumber(c.RemoteCommitNumber.Value - 1), out var s)
            ? s
            : PerCommitmentSecret.Create(new byte[32]);
        return new ChannelReestablishMessage(
            c.Params.ChannelId,
            // BOLT #2: next_commitment_number is the number of the next commitment_signed it expects to receive.
            c.LocalCommitNumber.Next,
            // BOLT #2: next_revocation_number is the commitment number of the next revoke_and_ack it expects.
            c.RemoteCommitNumber,
            last,
            _signer.PerCommitmentPoint(c.LocalCommitNumber));
    }

    private ChannelStep OnReestablish(ChannelState state, ChannelReestablishMessage m)
    {
        if (state.CommitmentsOrNull() is not { } c || state is Closed or WaitingForFundingSigned)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "no channel to reestablish");
        // Data loss protection: the secret they last received from us must be the one we gave for that commitment.
        if (m.NextRevocationNumber.Value > 0 && m.NextRevocationNumber <= c.LocalCommitNumber)
        {
            var expected = _signer.PerCommitmentSecret(new CommitmentNumber(m.NextRevocationNumber.Value - 1));
            if (!expected.Equals(m.YourLastPerCommitmentSecret))
                return Fail(state, "channel_reestablish: wrong your_last_per_commitment_secret");
        }
        // The peer is ahead of us: we lost data and must not broadcast our commitment.
        if (m.NextRevocationNumber > c.LocalCommitNumber)
        {
            var closed = new Closed(null, "peer is ahead of us: we lost data", null);
            return new ChannelStep(closed, closed, [], [], new ChannelFailure(ChannelErrorKind.Close, closed.Reason));
        }
        var outbound = new List<IWireMessage>();
        // BOLT #2: resend channel_ready when both are still at the first commitment.
        if (m.NextCommitmentNumber.Value == 1 && c.LocalCommitNumber.Value == 0 && state is not AwaitingChannelReady { ReadySent: false })
            outbound.Add(ChannelReady(c));

        IWireMessage? revoke = null;
        if (m.NextRevocationNumber.Value + 1 == c.LocalCommitNumber.Value)
            revoke = RevokeFor(c);
        else if (m.NextRevocationNumber != c.LocalCommitNumber)
            return Fail(state, $"channel_reestablish: next_revocation_number {m.NextRevocationNumber} unexpected");

        IReadOnlyList<IWireMessage> commit = [];
        var signedNumber = c.AwaitingRevocation ? c.RemoteCommitNumber.Next : c.RemoteCommitNumber;
        if (c.AwaitingRevocation && m.NextCommitmentNumber == c.RemoteCommitNumber.Next)
            commit = c.LastCommitBatch;
        else if (m.NextCommitmentNumber != signedNumber.Next)
            return Fail(state, $"channel_reestablish: next_commitment_number {m.NextCommitmentNumber} unexpected");

        // BOLT #2: retransmit revoke_and_ack and commitment_signed in the relative order first sent.
        if (c.RevokeAfterCommit)
        {
            outbound.AddRange(commit);
            if (revoke is not null)
                outbound.Add(revoke);
        }
        else
        {
            if (revoke is not null)
                outbound.Add(revoke);
            outbound.AddRange(commit);
        }
        outbound.AddRange(c.UnsignedSent);
        var localScript = state switch { ShuttingDown sd => sd.LocalScript, Negotiating ng => ng.LocalScript, _ => null };
        if (localScript is { } script)
            outbound.Add(new ShutdownMessage(c.Params.ChannelId, script));
        var step = new ChannelStep(state, null, outbound, [], null);
        return state is Negotiating neg && c.Params.LocalIsFunder ? ProposeClosingFee(neg, step) : step;
    }
}
