using Fulgur.Node.Channels;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Payments;

public sealed partial class HtlcSwitch
{
    /// <summary>
    /// After a restart, before peers connect: every outgoing HTLC we recorded is matched to the channels' state (an
    /// outcome that arrived before the crash is applied now; an HTLC that never left, or whose failure was lost, fails), and
    /// every incoming HTLC still awaiting a decision is decided, or resumed from its record.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var htlcs = _channels.PendingHtlcs();
        IReadOnlyList<StoredPayment> payments;
        IReadOnlyList<StoredForward> forwards;
        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            payments = await tx.Payments.ListAsync(null, null, PaymentStatus.Pending, cancellationToken).ConfigureAwait(false);
            forwards = await tx.Forwards.ListOfferedAsync(cancellationToken).ConfigureAwait(false);
        }
        var claimed = new HashSet<(ChannelId, ulong)>();
        foreach (var p in payments)
        {
            if (p.OutgoingHtlcId is { } known)
                claimed.Add((p.FirstChannel, known));
        }
        foreach (var f in forwards)
        {
            if (f.OutChannel is { } c && f.OutHtlcId is { } known)
                claimed.Add((c, known));
        }
        var resolutions = new List<(OutgoingOwner Owner, Preimage? Preimage)>();
        foreach (var p in payments)
        {
            var owner = OutgoingOwner.ForPayment(p.Id);
            var htlc = Match(htlcs, claimed, p.FirstChannel, p.OutgoingHtlcId, p.PaymentHash, p.AmountSent, p.FirstExpiry);
            if (htlc is not null && p.OutgoingHtlcId is null)
                await RecordPaymentHtlcAsync(p.Id, htlc.Id, cancellationToken).ConfigureAwait(false);
            Adopt(owner, htlc, resolutions, p.FirstChannel);
        }
        foreach (var f in forwards)
        {
            if (f.OutChannel is not { } outChannel || f.OutScid is not { } outScid)
                continue;
            var owner = new OutgoingOwner(0, f.InChannel, f.InHtlcId, f.SharedSecret, outScid);
            var htlc = Match(htlcs, claimed, outChannel, f.OutHtlcId, f.PaymentHash, f.OutAmount ?? default, f.OutExpiry ?? default);
            if (htlc is not null && f.OutHtlcId is null)
            {
                await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
                await tx.Forwards.SetOutgoingHtlcAsync(f.InChannel, f.InHtlcId, htlc.Id, cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            Adopt(owner, htlc, resolutions, outChannel);
        }
        foreach (var (owner, preimage) in resolutions)
        {
            if (owner.IsPayment)
            {
                if (Payments is { } outcomes)
                    await outcomes.OnResolvedAsync(owner.PaymentId, preimage, null).ConfigureAwait(false);
            }
            else
            {
                await ResolveForwardAsync(owner, preimage, null).ConfigureAwait(false);
            }
        }
        foreach (var htlc in htlcs.Where(h => h.AwaitsDecision))
            Spawn(() => DecideAsync(htlc), $"incoming HTLC {htlc.Id} on {htlc.ChannelId} after restart");
        _log.Debug($"recovered {payments.Count} pending payments, {forwards.Count} forwards in flight");
    }

    private async Task RecordPaymentHtlcAsync(long paymentId, ulong htlcId, CancellationToken cancellationToken)
    {
        await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await tx.Payments.SetOutgoingHtlcAsync(paymentId, htlcId, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The outgoing HTLC in the channels' state for a record: by id when it is known, else (the crash came between offering
    /// and recording the id) the unclaimed one with the same hash, amount and expiry.
    /// </summary>
    private static PendingHtlc? Match(IReadOnlyList<PendingHtlc> htlcs, HashSet<(ChannelId, ulong)> claimed, ChannelId channel, ulong? id,
        PaymentHash hash, MilliSatoshi amount, CltvExpiry expiry)
    {
        if (id is { } known)
            return htlcs.FirstOrDefault(h => !h.Incoming && h.ChannelId == channel && h.Id == known);
        var found = htlcs.FirstOrDefault(h => !h.Incoming && h.ChannelId == channel && h.PaymentHash == hash && h.Amount == amount
            && h.CltvExpiry == expiry && !claimed.Contains((channel, h.Id)));
        if (found is not null)
            claimed.Add((channel, found.Id));
        return found;
    }

    /// <summary>
    /// Takes ownership of a recorded outgoing HTLC: still in flight, it waits for its outcome; already fulfilled by the peer,
    /// the preimage is applied now; gone from the channel, it failed (its failure was not stored before the crash, or it
    /// was never offered).
    /// </summary>
    private void Adopt(OutgoingOwner owner, PendingHtlc? htlc, List<(OutgoingOwner, Preimage?)> resolutions, ChannelId channel)
    {
        if (htlc is null)
        {
            _log.Unusual($"an HTLC we offered on {channel} is gone without a recorded outcome: failing it");
            resolutions.Add((owner, null));
            return;
        }
        if (htlc.Removal is UpdateFulfillHtlcMessage fulfill)
        {
            resolutions.Add((owner, fulfill.PaymentPreimage));
            return;
        }
        lock (_lock)
            _owners[(channel, htlc.Id)] = owner;
    }
}
