using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Channels;

/// <summary>How an HTLC we offered ended: fulfilled (<see cref="Preimage"/>) or failed (<see cref="Failure"/>: the peer's update_fail_htlc or update_fail_malformed_htlc).</summary>
public sealed record OutgoingHtlcOutcome(Preimage? Preimage, IWireMessage? Failure)
{
    public bool Fulfilled => Preimage is not null;
}

/// <summary>The answer to <see cref="ChannelManager.AddHtlcAsync"/>: the HTLC id and its outcome, or why it was refused.</summary>
public sealed record HtlcAddResult(ulong Id, AddHtlcRefusal Refusal, Task<OutgoingHtlcOutcome>? Outcome)
{
    public bool Added => Refusal == AddHtlcRefusal.None;
}

/// <summary>
/// Told about HTLC events (<see cref="IncomingHtlcLocked"/>, <see cref="OutgoingHtlcFulfilled"/>,
/// <see cref="OutgoingHtlcFailed"/>) from inside the channel's mailbox. Do not await the manager's calls for the same
/// channel (FulfillHtlcAsync, …) from here: they queue behind this call. Start them and return.
/// </summary>
public interface IChannelHtlcListener
{
    Task OnHtlcEventAsync(ChannelId channelId, ShortChannelId? shortChannelId, ChannelEvent htlcEvent);
}

public sealed partial class ChannelManager
{
    public void AddHtlcListener(IChannelHtlcListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_lock)
            _listeners.Add(listener);
    }

    public Task<HtlcAddResult> AddHtlcAsync(ShortChannelId scid, MilliSatoshi amount, PaymentHash paymentHash, CltvExpiry expiry, ByteVector onion) =>
        MailboxOf(scid) is { } mailbox ? AddHtlcAsync(mailbox, amount, paymentHash, expiry, onion)
            : Task.FromResult(new HtlcAddResult(0, AddHtlcRefusal.ChannelNotNormal, null));

    /// <summary>
    /// Offers an HTLC on the channel. It is signed with whatever else the mailbox holds when it drains (one
    /// commitment_signed for the batch). The outcome completes when the peer fulfills or fails it.
    /// </summary>
    public Task<HtlcAddResult> AddHtlcAsync(ChannelId channelId, MilliSatoshi amount, PaymentHash paymentHash, CltvExpiry expiry, ByteVector onion) =>
        MailboxOf(channelId) is { } mailbox ? AddHtlcAsync(mailbox, amount, paymentHash, expiry, onion)
            : Task.FromResult(new HtlcAddResult(0, AddHtlcRefusal.ChannelNotNormal, null));

    private Task<HtlcAddResult> AddHtlcAsync(ChannelMailbox mailbox, MilliSatoshi amount, PaymentHash paymentHash, CltvExpiry expiry, ByteVector onion) =>
        mailbox.PostAsync(async () =>
        {
            if (!_peers.IsConnected(mailbox.Peer) || !mailbox.Reestablished)
                return new HtlcAddResult(0, AddHtlcRefusal.ChannelNotNormal, null);
            var step = mailbox.Core.AddHtlc(mailbox.State, amount, paymentHash, expiry, onion, out var id, out var refusal);
            if (refusal != AddHtlcRefusal.None)
                return new HtlcAddResult(0, refusal, null);
            var outcome = new TaskCompletionSource<OutgoingHtlcOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
                _outgoing[(mailbox.Id, id)] = outcome;
            if (!await mailbox.ApplyAsync(step).ConfigureAwait(false))
            {
                lock (_lock)
                    _outgoing.Remove((mailbox.Id, id));
                return new HtlcAddResult(0, AddHtlcRefusal.ChannelNotNormal, null);
            }
            return new HtlcAddResult(id, AddHtlcRefusal.None, outcome.Task);
        });

    /// <summary>Fulfills an incoming HTLC; false when the channel or HTLC is unknown or the step was refused.</summary>
    public Task<bool> FulfillHtlcAsync(ChannelId channelId, ulong id, Preimage preimage) =>
        Settle(channelId, m => m.Core.FulfillHtlc(m.State, id, preimage));

    /// <summary>Fails an incoming HTLC with the (already wrapped) onion failure.</summary>
    public Task<bool> FailHtlcAsync(ChannelId channelId, ulong id, ByteVector reason) =>
        Settle(channelId, m => m.Core.FailHtlc(m.State, id, reason));

    /// <summary>Fails an incoming HTLC whose onion could not be parsed.</summary>
    public Task<bool> FailMalformedHtlcAsync(ChannelId channelId, ulong id, Bytes32 sha256OfOnion, FailureCode code) =>
        Settle(channelId, m => m.Core.FailMalformedHtlc(m.State, id, sha256OfOnion, code));

    private Task<bool> Settle(ChannelId channelId, Func<ChannelMailbox, ChannelStep> command)
    {
        if (MailboxOf(channelId) is not { } mailbox)
            return Task.FromResult(false);
        return mailbox.PostAsync(async () =>
        {
            var step = command(mailbox);
            // Before the peer's channel_reestablish the core sends the update itself, with the other unsigned ones.
            return step.Failure is null && await mailbox.ApplyAsync(step, send: mailbox.Reestablished).ConfigureAwait(false);
        });
    }

    private async Task OnHtlcEventAsync(ChannelMailbox mailbox, ChannelEvent e)
    {
        TaskCompletionSource<OutgoingHtlcOutcome>? waiter = null;
        lock (_lock)
        {
            switch (e)
            {
                case OutgoingHtlcFulfilled f when _outgoing.Remove((mailbox.Id, f.Id), out waiter):
                    waiter.TrySetResult(new OutgoingHtlcOutcome(f.Preimage, null));
                    break;
                case OutgoingHtlcFailed f when _outgoing.Remove((mailbox.Id, f.Id), out waiter):
                    waiter.TrySetResult(new OutgoingHtlcOutcome(null, f.Failure));
                    break;
            }
        }
        List<IChannelHtlcListener> listeners;
        lock (_lock)
            listeners = [.. _listeners];
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnHtlcEventAsync(mailbox.Id, mailbox.ShortChannelId, e).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _log.Broken($"channel {mailbox.Id}: HTLC listener failed: {ex.Message}");
            }
        }
    }
}
