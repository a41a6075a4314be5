using System.Collections.Concurrent;
using Fulgur.Crypto;
using Fulgur.Node.Logging;
using Fulgur.Node.Routing;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Payments;

/// <summary>A payment along a caller-chosen route (sendpay's parameters, free of RPC types).</summary>
public sealed record SendPayRequest(
    IReadOnlyList<PaymentHop> Route,
    PaymentHash PaymentHash,
    PaymentSecret? PaymentSecret,
    string? Label,
    string? Bolt11);

/// <summary>
/// sendpay's answer: the attempt when it completed (or an earlier success answered a repeat), else the error code, the
/// message and, for 202–204, the stored failure (the routing failure object's fields).
/// </summary>
public sealed record SendPayResult(StoredPayment? Payment, int ErrorCode, string ErrorMessage, PaymentFailure? Failure)
{
    public bool Succeeded => ErrorCode == 0;

    public static SendPayResult Success(StoredPayment payment) => new(payment, 0, "", null);

    public static SendPayResult Error(int code, string message, StoredPayment? payment = null) => new(payment, code, message, null);

    /// <summary>The final result of a stored attempt that is complete or failed.</summary>
    public static SendPayResult Of(StoredPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (payment.Status == PaymentStatus.Complete)
            return Success(payment);
        var failure = payment.Failure!;
        return new SendPayResult(payment, failure.Code, failure.Message, failure);
    }
}

/// <summary>
/// Payments this node sends (eclair's payment lifecycle, Core Lightning's sendpay): the repeat rules, the onion with
/// each hop's payload, the HTLC on the first channel through the switch, and the outcome attributed to a hop. Every
/// attempt is stored before its HTLC is offered; its outcome is stored (and the route table told) before anyone waiting
/// hears of it.
/// </summary>
public sealed class PaymentService : IPaymentOutcomes, IDisposable
{
    private readonly HtlcSwitch _switch;
    private readonly RouteTable _routes;
    private readonly IStore _store;
    private readonly NodeStatus _status;
    private readonly NodeId _self;
    private readonly Logger _log;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _done = new();

    public PaymentService(HtlcSwitch htlcSwitch, RouteTable routes, IStore store, NodeStatus status, NodeId self, Logger log, TimeProvider clock)
    {
        _switch = htlcSwitch ?? throw new ArgumentNullException(nameof(htlcSwitch));
        _routes = routes ?? throw new ArgumentNullException(nameof(routes));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _status = status ?? throw new ArgumentNullException(nameof(status));
        _self = self ?? throw new ArgumentNullException(nameof(self));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        htlcSwitch.Payments = this;
    }

    public void Dispose() => _sendGate.Dispose();

    /// <summary>
    /// Sends a payment along <see cref="SendPayRequest.Route"/> and waits for its final result (interfaces.md
    /// "sendpay"): the stored success for a repeat of a completed payment, 200 while one with this hash is in flight,
    /// 201 for a different amount or destination after success, 204 for a local failure at index 0.
    /// </summary>
    public async Task<SendPayResult> SendPayAsync(SendPayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Route.Count == 0)
            throw new ArgumentException("the route is empty", nameof(request));
        var route = request.Route;
        var last = route[^1];
        StoredPayment attempt;
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<StoredPayment> earlier;
            await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
                earlier = await tx.Payments.ListAsync(request.PaymentHash, null, null, cancellationToken).ConfigureAwait(false);
            if (earlier.Any(p => p.Status == PaymentStatus.Pending))
                return SendPayResult.Error(PayErrorCodes.InProgress, "Payment is in progress");
            if (earlier.FirstOrDefault(p => p.Status == PaymentStatus.Complete) is { } paid)
            {
                // interfaces.md: "After success, the same destination and amount answer success again with the stored preimage and send nothing"
                if (paid.Destination == last.Id && paid.Amount == last.Amount)
                    return SendPayResult.Success(paid);
                return SendPayResult.Error(PayErrorCodes.RhashAlreadyUsed, paid.Destination != last.Id
                    ? $"Already succeeded to {paid.Destination}"
                    : $"Already succeeded with amount {paid.Amount.Value}msat (not {last.Amount.Value}msat)");
            }
            attempt = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
        if (attempt.Status != PaymentStatus.Pending)
            return SendPayResult.Of(attempt);
        var final = await WaitFinalAsync(attempt.Id, cancellationToken).ConfigureAwait(false);
        return SendPayResult.Of(final);
    }

    /// <summary>Stores the attempt and offers its HTLC; a local failure (first peer not ready, refused HTLC) is stored as failed.</summary>
    private async Task<StoredPayment> StartAsync(SendPayRequest request, CancellationToken cancellationToken)
    {
        var route = request.Route;
        var first = route[0];
        var channel = _switch.Channels.ForwardingChannelOf(first.Channel);
        var height = _status.BlockHeight;
        var expiries = route.Select(h => new CltvExpiry(checked(height + 1 + h.Delay))).ToList();
        var now = _clock.GetUtcNow();
        using var sessionKey = PrivateKey.Generate();
        var hops = new List<SphinxHop>(route.Count);
        for (var i = 0; i < route.Count; i++)
        {
            // interfaces.md §6: "the HTLC offered to hop *i* expires at the current block height + 1 + `route[i].delay`"
            var payload = i + 1 < route.Count
                ? HopPayload.ForForwarding(route[i + 1].Amount, expiries[i + 1], route[i + 1].Channel)
                : HopPayload.ForFinalNode(route[i].Amount, expiries[i],
                    request.PaymentSecret is { } secret ? new PaymentData(secret, route[i].Amount) : null);
            hops.Add(new SphinxHop(route[i].Id.Key, payload.ToArray()));
        }
        // BOLT #4: "The sender executes ECDH with the hop's public key and the ephemeral private key to obtain a curve point, which is hashed using `SHA256` to produce the shared secret `ss_k`."
        if (!SphinxBuilder.TryBuild(sessionKey, hops, request.PaymentHash.ToArray(), OnionPacket.PaymentHopPayloadsLength, out var onion, out var buildError))
            throw new ArgumentException($"the route cannot be put in an onion: {buildError}", nameof(request));
        var secrets = new byte[route.Count * SharedSecret.Length];
        for (var i = 0; i < route.Count; i++)
            onion.SharedSecrets[i].Span.CopyTo(secrets.AsSpan(i * SharedSecret.Length));
        var record = new StoredPayment(0, request.PaymentHash, route[^1].Id, route[^1].Amount, first.Amount, now, PaymentStatus.Pending, null,
            request.Label, request.Bolt11, route, secrets, channel?.ChannelId ?? default, expiries[0], null, null, null);

        // interfaces.md: "First hop not connected: 204, `erring_index` 0, this node's id, the route's first channel, `failcode` 16394"
        PaymentFailure? local = null;
        if (channel is null || channel.Peer != first.Id || !channel.PeerConnected)
            local = FailureAttribution.Local(_self, first.Channel, FailureCode.UnknownNextPeer, "First peer not ready");
        long id;
        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            id = await tx.Payments.AddAsync(record, cancellationToken).ConfigureAwait(false);
            if (local is not null)
                await tx.Payments.FailAsync(id, local, now, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        record = record with { Id = id };
        if (local is not null)
            return record with { Status = PaymentStatus.Failed, Failure = local, CompletedAt = now };

        var added = await _switch.OfferAsync(channel!.ChannelId, first.Amount, request.PaymentHash, expiries[0], new ByteVector(onion.Packet.Span),
            OutgoingOwner.ForPayment(id), async htlcId =>
            {
                await using var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false);
                await tx.Payments.SetOutgoingHtlcAsync(id, htlcId, CancellationToken.None).ConfigureAwait(false);
                await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }).ConfigureAwait(false);
        if (added.Added)
            return record;
        // A channel that is not normal (its peer just went, or came back and has not reestablished yet) is a first peer
        // not ready, as Core Lightning says; anything else the channel refused is a temporary channel failure.
        var failure = added.Refusal == AddHtlcRefusal.ChannelNotNormal
            ? FailureAttribution.Local(_self, first.Channel, FailureCode.UnknownNextPeer, "First peer not ready")
            : FailureAttribution.Local(_self, first.Channel, FailureCode.TemporaryChannelFailure, $"First channel refused the HTLC: {added.Refusal}");
        await FinishAsync(id, null, failure).ConfigureAwait(false);
        return (await GetAsync(id).ConfigureAwait(false))!;
    }

    /// <summary>
    /// waitsendpay: the final result of the latest attempt with <paramref name="paymentHash"/>; null when there was none.
    /// Throws <see cref="TimeoutException"/> when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<SendPayResult?> WaitSendPayAsync(PaymentHash paymentHash, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredPayment> attempts;
        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
            attempts = await tx.Payments.ListAsync(paymentHash, null, null, cancellationToken).ConfigureAwait(false);
        if (attempts.Count == 0)
            return null;
        var latest = attempts.FirstOrDefault(p => p.Status == PaymentStatus.Complete) ?? attempts[^1];
        if (latest.Status != PaymentStatus.Pending)
            return SendPayResult.Of(latest);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
            deadline.CancelAfter(t);
        try
        {
            return SendPayResult.Of(await WaitFinalAsync(latest.Id, deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("Timed out while waiting");
        }
    }

    public async Task<IReadOnlyList<StoredPayment>> ListAsync(PaymentHash? paymentHash, string? bolt11, PaymentStatus? status,
        CancellationToken cancellationToken)
    {
        await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await tx.Payments.ListAsync(paymentHash, bolt11, status, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredPayment?> GetAsync(long id)
    {
        await using var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false);
        return await tx.Payments.GetAsync(id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<StoredPayment> WaitFinalAsync(long id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = _done.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var payment = await GetAsync(id).ConfigureAwait(false) ?? throw new InvalidOperationException($"payment {id} vanished");
            if (payment.Status != PaymentStatus.Pending)
                return payment;
            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    async Task IPaymentOutcomes.OnResolvedAsync(long paymentId, Preimage? preimage, IWireMessage? failure)
    {
        PaymentFailure? attributed = null;
        if (preimage is null)
        {
            var payment = await GetAsync(paymentId).ConfigureAwait(false);
            if (payment is null || payment.Status != PaymentStatus.Pending)
                return;
            var secrets = Enumerable.Range(0, payment.SharedSecrets.Length / SharedSecret.Length)
                .Select(i => SharedSecret.Create(payment.SharedSecrets.AsSpan(i * SharedSecret.Length, SharedSecret.Length))).ToList();
            attributed = failure is null
                ? FailureAttribution.Local(_self, payment.Route[0].Channel, FailureCode.TemporaryChannelFailure, "outcome lost in a restart")
                : FailureAttribution.Attribute(failure, payment.Route, secrets, _self);
            // interfaces.md: "After any failure not from the destination, the route table is updated before the error is returned"
            if (FailureAttribution.ToRoutingFailure(attributed, payment.Route) is { } routing)
            {
                lock (_routes)
                    _routes.Apply(routing);
            }
        }
        await FinishAsync(paymentId, preimage, attributed).ConfigureAwait(false);
    }

    private async Task FinishAsync(long id, Preimage? preimage, PaymentFailure? failure)
    {
        var now = _clock.GetUtcNow();
        await using (var tx = await _store.BeginAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var changed = preimage is { } p
                ? await tx.Payments.CompleteAsync(id, p, now, CancellationToken.None).ConfigureAwait(false)
                : await tx.Payments.FailAsync(id, failure!, now, CancellationToken.None).ConfigureAwait(false);
            if (!changed)
                return;
            await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        _log.Info(preimage is not null ? $"payment {id} complete" : $"payment {id} failed: {failure!.Message}");
        if (_done.TryRemove(id, out var signal))
            signal.TrySetResult();
    }
}
