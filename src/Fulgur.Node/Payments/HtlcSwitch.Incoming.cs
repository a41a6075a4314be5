using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Node.Invoices;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Payments;

public sealed partial class HtlcSwitch
{
    /// <summary>
    /// Decides an incoming HTLC that is irrevocably committed and not yet removed: resumes what a stored record says,
    /// else peels the onion and forwards, settles or fails it.
    /// </summary>
    private async Task DecideAsync(PendingHtlc htlc)
    {
        StoredForward? record;
        await using (var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false))
            record = await tx.Forwards.GetAsync(htlc.ChannelId, htlc.Id, CancellationToken.None).ConfigureAwait(false);
        if (record is not null)
        {
            await ResumeAsync(record).ConfigureAwait(false);
            return;
        }
        var onion = htlc.Onion.Span;
        // BOLT #4: "Derive the shared secret `ss` as ECDH(`public_key`, `node_privkey`)"
        if (!SphinxPeeler.TryPeel(_nodeKey, onion, htlc.PaymentHash.ToArray(), out var peeled, out var error))
        {
            if (error == OnionError.MalformedPayload && TryDeriveSecret(onion, out var payloadSecret))
            {
                await FailAsync(htlc, payloadSecret, FailureMessage.ForOnionError(error, onion)).ConfigureAwait(false);
                return;
            }
            // An onion we cannot peel is answered with update_fail_malformed_htlc: the BADONION code and the SHA256 of the onion.
            var code = error.ToFailureCode();
            _log.Debug($"incoming HTLC {htlc.Id} on {htlc.ChannelId}: onion refused ({error})");
            await _channels.FailMalformedHtlcAsync(htlc.ChannelId, htlc.Id, Bytes32.FromSpan(Sha256.Hash(onion)), code).ConfigureAwait(false);
            return;
        }
        if (!HopPayload.TryRead(peeled.Payload.Span, out var payload, out _))
        {
            // BOLT #4: "if the per-hop payload in the onion is invalid (e.g. it is not a valid tlv stream)"
            await FailAsync(htlc, peeled.SharedSecret, new InvalidOnionPayload(0, 0)).ConfigureAwait(false);
            return;
        }
        if (!payload.TryValidate(peeled.IsFinal, out var invalid))
        {
            await FailAsync(htlc, peeled.SharedSecret, invalid).ConfigureAwait(false);
            return;
        }
        if (peeled.IsFinal)
            await SettleAsync(htlc, peeled.SharedSecret, payload).ConfigureAwait(false);
        else
            await ForwardAsync(htlc, peeled.SharedSecret, payload, peeled.NextPacket).ConfigureAwait(false);
    }

    private bool TryDeriveSecret(ReadOnlySpan<byte> onion, out SharedSecret secret)
    {
        secret = null!;
        if (onion.Length < OnionPacket.VersionLength + OnionPacket.PublicKeyLength
            || !PublicKey.TryParse(onion.Slice(OnionPacket.VersionLength, OnionPacket.PublicKeyLength), out var key))
            return false;
        secret = SharedSecret.Derive(_nodeKey, key);
        return true;
    }

    /// <summary>Fails the incoming HTLC with <paramref name="failure"/>, created by us and wrapped with its shared secret.</summary>
    private async Task FailAsync(PendingHtlc htlc, SharedSecret secret, FailureMessage failure)
    {
        _log.Debug($"incoming HTLC {htlc.Id} on {htlc.ChannelId} failed: {failure.Name}");
        // BOLT #4: "The erring node then generates a new key, using the key type `ammag`."
        var reason = FailurePacket.Create(secret, failure);
        await _channels.FailHtlcAsync(htlc.ChannelId, htlc.Id, new ByteVector(reason)).ConfigureAwait(false);
    }

    private async Task SettleAsync(PendingHtlc htlc, SharedSecret secret, HopPayload payload)
    {
        var height = Height;
        if (ForwardingRules.CheckFinal(htlc.Amount, htlc.CltvExpiry, payload, height) is { } failure)
        {
            await FailAsync(htlc, secret, failure).ConfigureAwait(false);
            return;
        }
        Preimage preimage;
        // One settlement at a time: of two HTLCs paying one invoice, the second finds it paid.
        await _settleGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var incoming = new IncomingPayment(htlc.PaymentHash, payload.PaymentData?.PaymentSecret, payload.TotalMsat ?? htlc.Amount,
                htlc.CltvExpiry, height);
            var decision = await _invoices.CheckIncomingAsync(incoming, CancellationToken.None).ConfigureAwait(false);
            if (!decision.Accepted)
            {
                _log.Debug($"payment {htlc.PaymentHash} refused: {decision.Reason}");
                // BOLT #4: "MUST return an `incorrect_or_unknown_payment_details` error."
                await FailAsync(htlc, secret, new IncorrectOrUnknownPaymentDetails(htlc.Amount, height)).ConfigureAwait(false);
                return;
            }
            preimage = decision.Preimage!.Value;
            // The decision is stored first: after a crash the settlement resumes from it (ResumeAsync).
            var record = new StoredForward(htlc.ChannelId, htlc.Id, IncomingHtlcKind.Settle, htlc.PaymentHash, htlc.Amount, htlc.CltvExpiry,
                secret.ToArray(), null, null, null, null, null, ForwardState.Fulfilled, preimage, null, _clock.GetUtcNow());
            await using (var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await tx.Forwards.AddAsync(record, CancellationToken.None).ConfigureAwait(false);
                await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            await _invoices.MarkPaidAsync(htlc.PaymentHash, htlc.Amount, _clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _settleGate.Release();
        }
        await _channels.FulfillHtlcAsync(htlc.ChannelId, htlc.Id, preimage).ConfigureAwait(false);
    }

    private async Task ForwardAsync(PendingHtlc htlc, SharedSecret secret, HopPayload payload, OnionPacket next)
    {
        var scid = payload.ShortChannelId!.Value;
        var outgoing = _channels.ForwardingChannelOf(scid);
        var amount = payload.AmtToForward!.Value;
        var expiry = payload.OutgoingCltvValue!.Value;
        if (ForwardingRules.CheckForward(htlc.Amount, htlc.CltvExpiry, amount, expiry, outgoing, _updates.Policy, Height,
                () => _updates.ForFailure(scid)) is { } failure)
        {
            await FailAsync(htlc, secret, failure).ConfigureAwait(false);
            return;
        }
        // The link is stored before the HTLC is offered, so a crash never leaves an outgoing HTLC without its incoming one.
        var record = new StoredForward(htlc.ChannelId, htlc.Id, IncomingHtlcKind.Forward, htlc.PaymentHash, htlc.Amount, htlc.CltvExpiry,
            secret.ToArray(), scid, outgoing!.ChannelId, amount, expiry, null, ForwardState.Offered, null, null, _clock.GetUtcNow());
        await using (var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await tx.Forwards.AddAsync(record, CancellationToken.None).ConfigureAwait(false);
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var owner = new OutgoingOwner(0, htlc.ChannelId, htlc.Id, secret.ToArray(), scid);
        var added = await OfferAsync(outgoing.ChannelId, amount, htlc.PaymentHash, expiry, new ByteVector(next.Span), owner,
            async id =>
            {
                await using var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false);
                await tx.Forwards.SetOutgoingHtlcAsync(htlc.ChannelId, htlc.Id, id, CancellationToken.None).ConfigureAwait(false);
                await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }).ConfigureAwait(false);
        if (!added.Added)
        {
            _log.Debug($"forward of {htlc.ChannelId}/{htlc.Id} over {scid} refused: {added.Refusal}");
            // BOLT #4: "return a `temporary_channel_failure` error." (e.g. channel capacity reached, too many in-flight HTLCs)
            await ResolveForwardAsync(owner, null, null).ConfigureAwait(false);
        }
    }

    /// <summary>Carries on from a stored record: nothing while a forward waits downstream, else the recorded resolution.</summary>
    private async Task ResumeAsync(StoredForward record)
    {
        switch (record.State)
        {
            case ForwardState.Offered:
                return;
            case ForwardState.Fulfilled when record.Kind == IncomingHtlcKind.Settle:
                // Marked paid at most once: a second call answers AlreadyPaid.
                await _invoices.MarkPaidAsync(record.PaymentHash, record.InAmount, _clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                await ResolveUpstreamAsync(record.InChannel, record.InHtlcId, record.Preimage, null).ConfigureAwait(false);
                return;
            default:
                await ResolveUpstreamAsync(record.InChannel, record.InHtlcId, record.Preimage, record.FailReason).ConfigureAwait(false);
                return;
        }
    }
}
