using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Node.Invoices;
using Fulgur.Node.Logging;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Payments;

/// <summary>Who is waiting for an HTLC we offered: a payment of ours, or the incoming HTLC a forward came from.</summary>
internal sealed record OutgoingOwner(long PaymentId, ChannelId InChannel, ulong InHtlcId, byte[] SharedSecret, ShortChannelId OutScid)
{
    public bool IsPayment => PaymentId > 0;

    public static OutgoingOwner ForPayment(long id) => new(id, default, 0, [], default);
}

/// <summary>The payment side the switch reports outcomes to (<see cref="PaymentService"/>).</summary>
internal interface IPaymentOutcomes
{
    /// <summary>The HTLC of payment <paramref name="paymentId"/> was fulfilled (preimage) or failed (failure; null when lost).</summary>
    Task OnResolvedAsync(long paymentId, Preimage? preimage, IWireMessage? failure);
}

/// <summary>
/// The HTLC switch (BOLT 4 and BOLT 2 forwarding). An incoming HTLC, once irrevocably committed, has its onion peeled
/// with the node key; then it is forwarded (checks, then offered on the next channel, resolved upstream when the
/// downstream HTLC resolves), settled as the final hop (invoice checks, marked paid exactly once, fulfilled), or failed
/// back (a wrapped failure, or <c>update_fail_malformed_htlc</c> for an onion we cannot peel). Every link and resolution
/// is stored before it is acted on, so that after a crash every HTLC is resolved (see <see cref="StartAsync"/>).
/// </summary>
public sealed partial class HtlcSwitch : INodeComponent, IChannelHtlcListener, IDisposable
{
    private readonly ChannelManager _channels;
    private readonly InvoiceService _invoices;
    private readonly LocalChannelUpdates _updates;
    private readonly PrivateKey _nodeKey;
    private readonly IStore _store;
    private readonly NodeStatus _status;
    private readonly Logger _log;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly Dictionary<(ChannelId, ulong), OutgoingOwner> _owners = [];
    private readonly List<PendingOffer> _offers = [];
    private readonly SemaphoreSlim _settleGate = new(1, 1);
    private readonly List<Task> _work = [];

    public HtlcSwitch(ChannelManager channels, InvoiceService invoices, LocalChannelUpdates updates, PrivateKey nodeKey, IStore store,
        NodeStatus status, Logger log, TimeProvider clock)
    {
        _channels = channels ?? throw new ArgumentNullException(nameof(channels));
        _invoices = invoices ?? throw new ArgumentNullException(nameof(invoices));
        _updates = updates ?? throw new ArgumentNullException(nameof(updates));
        _nodeKey = nodeKey ?? throw new ArgumentNullException(nameof(nodeKey));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        channels.AddHtlcListener(this);
    }

    public string Name => "htlc-switch";

    internal IPaymentOutcomes? Payments { get; set; }

    internal ChannelManager Channels => _channels;

    private BlockHeight Height => new(_status.BlockHeight);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_lock)
            running = [.. _work];
        return Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose() => _settleGate.Dispose();

    /// <summary>Runs <paramref name="work"/> outside the calling mailbox, logging what it throws.</summary>
    private void Spawn(Func<Task> work, string what)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Broken($"{what}: {e.Message}");
            }
        });
        lock (_lock)
        {
            _work.RemoveAll(t => t.IsCompleted);
            _work.Add(task);
        }
    }

    public async Task OnHtlcEventAsync(ChannelId channelId, ShortChannelId? shortChannelId, ChannelEvent htlcEvent)
    {
        switch (htlcEvent)
        {
            case IncomingHtlcLocked locked:
                // Not awaited: deciding may offer on another channel, whose mailbox may be waiting on this one.
                var htlc = new PendingHtlc(channelId, shortChannelId, true, locked.Id, locked.Amount, locked.PaymentHash, locked.CltvExpiry,
                    locked.Onion, HtlcState.RcvdAddAckRevocation, null);
                Spawn(() => DecideAsync(htlc), $"incoming HTLC {locked.Id} on {channelId}");
                break;
            case OutgoingHtlcFulfilled fulfilled:
                // Awaited: the preimage is stored before the channel moves on.
                await OnOutgoingResolvedAsync(channelId, fulfilled.Id, fulfilled.Preimage, null).ConfigureAwait(false);
                break;
            case OutgoingHtlcFailed failed:
                await OnOutgoingResolvedAsync(channelId, failed.Id, null, failed.Failure).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Offers an HTLC on <paramref name="channelId"/> for <paramref name="owner"/>, then records its id through
    /// <paramref name="recordId"/>. The owner hears of the outcome even if it comes before the id is recorded.
    /// </summary>
    internal async Task<HtlcAddResult> OfferAsync(ChannelId channelId, MilliSatoshi amount, PaymentHash hash, CltvExpiry expiry,
        ByteVector onion, OutgoingOwner owner, Func<ulong, Task> recordId)
    {
        var offer = new PendingOffer(channelId, owner);
        lock (_lock)
            _offers.Add(offer);
        HtlcAddResult result;
        try
        {
            var task = _channels.AddHtlcAsync(channelId, amount, hash, expiry, onion);
            lock (_lock)
                offer.Add = task;
            result = await task.ConfigureAwait(false);
        }
        catch
        {
            lock (_lock)
                _offers.Remove(offer);
            throw;
        }
        if (result.Added)
        {
            lock (_lock)
            {
                if (!offer.Resolved)
                    _owners[(channelId, result.Id)] = owner;
            }
            await recordId(result.Id).ConfigureAwait(false);
            _log.Debug($"offered HTLC {result.Id} on {channelId} ({hash})");
        }
        lock (_lock)
            _offers.Remove(offer);
        return result;
    }

    private OutgoingOwner? TakeOwner(ChannelId channelId, ulong id)
    {
        lock (_lock)
        {
            if (_owners.Remove((channelId, id), out var owner))
                return owner;
            // An offer whose add completed (its result is set before the mailbox runs anything else) but was not yet moved.
            foreach (var offer in _offers)
            {
                if (offer.Channel == channelId && offer.Add is { IsCompletedSuccessfully: true } add && add.Result.Added && add.Result.Id == id
                    && !offer.Resolved)
                {
                    offer.Resolved = true;
                    return offer.Owner;
                }
            }
            return null;
        }
    }

    private async Task OnOutgoingResolvedAsync(ChannelId channelId, ulong id, Preimage? preimage, IWireMessage? failure)
    {
        if (TakeOwner(channelId, id) is not { } owner)
        {
            _log.Debug($"outcome of HTLC {id} on {channelId} has no owner (already resolved)");
            return;
        }
        _log.Debug($"HTLC {id} on {channelId} {(preimage is null ? "failed" : "fulfilled")}");
        if (owner.IsPayment)
        {
            if (Payments is { } payments)
                await payments.OnResolvedAsync(owner.PaymentId, preimage, failure).ConfigureAwait(false);
            return;
        }
        await ResolveForwardAsync(owner, preimage, failure).ConfigureAwait(false);
    }

    /// <summary>Stores a forward's downstream outcome, then resolves the incoming HTLC the same way.</summary>
    private async Task ResolveForwardAsync(OutgoingOwner owner, Preimage? preimage, IWireMessage? failure)
    {
        var secret = SharedSecret.Create(owner.SharedSecret);
        byte[]? reason = null;
        if (preimage is null)
        {
            reason = failure switch
            {
                // BOLT #4: "Generate the node's `ammag` key, generate the pseudo-random byte streams, and apply the result to obfuscate the return packet."
                UpdateFailHtlcMessage fail => FailurePacket.Forward(secret, fail.Reason.Span),
                // BOLT #2: "MUST return an error in the `update_fail_htlc` sent to the link which originally sent the HTLC, using the `failure_code` given and setting the data to `sha256_of_onion`."
                UpdateFailMalformedHtlcMessage malformed => FailurePacket.Create(secret, MalformedFailure(malformed)),
                // The outcome was lost in a crash (see StartAsync): a transient failure of our outgoing channel.
                _ => FailurePacket.Create(secret, new TemporaryChannelFailure(_updates.ForFailure(owner.OutScid))),
            };
        }
        await using (var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await tx.Forwards.ResolveAsync(owner.InChannel, owner.InHtlcId, preimage is null ? ForwardState.Failed : ForwardState.Fulfilled,
                preimage, reason, CancellationToken.None).ConfigureAwait(false);
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        Spawn(() => ResolveUpstreamAsync(owner.InChannel, owner.InHtlcId, preimage, reason), $"upstream of {owner.InChannel}/{owner.InHtlcId}");
    }

    private async Task ResolveUpstreamAsync(ChannelId channel, ulong id, Preimage? preimage, byte[]? reason)
    {
        var done = preimage is { } p
            ? await _channels.FulfillHtlcAsync(channel, id, p).ConfigureAwait(false)
            : await _channels.FailHtlcAsync(channel, id, new ByteVector(reason)).ConfigureAwait(false);
        if (!done)
            _log.Debug($"incoming HTLC {id} on {channel}: resolution not applied (already resolved, or the channel is gone)");
    }

    private static byte[] MalformedFailure(UpdateFailMalformedHtlcMessage malformed)
    {
        var bytes = new byte[2 + Bytes32.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes, malformed.FailureCode.Value);
        malformed.Sha256OfOnion.CopyTo(bytes.AsSpan(2));
        return bytes;
    }

    private sealed class PendingOffer(ChannelId channel, OutgoingOwner owner)
    {
        public ChannelId Channel { get; } = channel;
        public OutgoingOwner Owner { get; } = owner;
        public Task<HtlcAddResult>? Add { get; set; }
        public bool Resolved { get; set; }
    }
}
