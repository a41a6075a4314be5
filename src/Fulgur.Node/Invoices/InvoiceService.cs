using System.Globalization;
using System.Security.Cryptography;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Node.Config;
using Fulgur.Node.Gossip;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Node.Invoices;

/// <summary>What <c>invoice</c> asks for; <see cref="Amount"/> null is "any".</summary>
public sealed record InvoiceRequest(
    string Label,
    MilliSatoshi? Amount,
    string Description,
    TimeSpan Expiry,
    IReadOnlyList<FallbackAddress> Fallbacks,
    Preimage? Preimage,
    CltvExpiryDelta? MinFinalCltvExpiry);

public enum InvoiceCreateError
{
    None,
    DuplicateLabel,
    DuplicatePreimage,
    Invalid,
}

public sealed record InvoiceCreateResult(Invoice? Invoice, InvoiceCreateError Error, string Message);

public enum InvoiceDeleteError
{
    None,
    NotFound,
    StatusMismatch,
}

public sealed record InvoiceDeleteResult(Invoice? Invoice, InvoiceDeleteError Error, string Message);

/// <summary>
/// The node's invoices: issuing signed BOLT 11 invoices, listing, deleting, waiting for payment, and the settlement
/// API the HTLC switch calls for a payment that ends here (<see cref="CheckIncomingAsync"/>, then
/// <see cref="MarkPaidAsync"/>). Every change is one store transaction; waiters are woken after the commit.
/// </summary>
public sealed class InvoiceService
{
    // BOLT #9: var_onion_optin (8) and payment_secret (14) compulsory, basic_mpp (17) optional, as Core Lightning sets them.
    private static readonly FeatureBits InvoiceFeatures = FeatureBits.FromBits(8, 14, 17);

    private readonly IStore _store;
    private readonly PrivateKey _nodeKey;
    private readonly Network _network;
    private readonly CltvExpiryDelta _defaultFinalCltv;
    private readonly TimeProvider _clock;
    private readonly Lock _signalLock = new();
    private TaskCompletionSource _changed = NewSignal();
    private Func<CancellationToken, Task<IReadOnlyList<PrivateChannelPeerUpdate>>>? _privateChannels;

    public InvoiceService(IStore store, PrivateKey nodeKey, Network network, CltvExpiryDelta defaultFinalCltv, TimeProvider clock)
    {
        _store = store;
        _nodeKey = nodeKey;
        _network = network;
        _defaultFinalCltv = defaultFinalCltv;
        _clock = clock;
    }

    /// <summary>The service for the node's key, network, <c>--cltv-final</c> and clock.</summary>
    public static InvoiceService Create(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Network.TryGetByName(context.Config.Network.Name(), out var network))
            throw new InvalidOperationException($"no network parameters for {context.Config.Network.Name()}");
        return new InvoiceService(context.Store, context.NodeKey, network, new CltvExpiryDelta(context.Config.CltvFinal), context.Clock);
    }

    public Network Network => _network;

    /// <summary>
    /// Where new invoices find our private channels and the peers' updates towards us, for their route hints (set once
    /// gossip is composed; without it invoices carry no hints).
    /// </summary>
    public void UsePrivateChannels(Func<CancellationToken, Task<IReadOnlyList<PrivateChannelPeerUpdate>>> source) =>
        _privateChannels = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>
    /// One single-hop route hint per private channel: the peer, the channel, and the fees and CLTV delta of the peer's
    /// <c>channel_update</c> for its direction towards us.
    /// </summary>
    public static IReadOnlyList<RouteHint> RouteHintsFor(IEnumerable<PrivateChannelPeerUpdate> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        // BOLT #11: "`fee_base_msat`, `fee_proportional_millionths`, and `cltv_expiry_delta` are as"
        return [.. channels.Select(c => new RouteHint([new RouteHintHop(
            c.Peer, c.ShortChannelId, c.Update.FeeBaseMsat, c.Update.FeeProportionalMillionths, c.Update.CltvExpiryDelta)]))];
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Issues and stores an invoice signed with the node key.</summary>
    public async Task<InvoiceCreateResult> CreateAsync(InvoiceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Amount is { } amount && (amount.Value <= 0 || !amount.IsMoneyRange))
            return new(null, InvoiceCreateError.Invalid, "msatoshi: an invoice amount is more than 0 and at most 21 million bitcoin");
        var preimage = request.Preimage ?? Preimage.FromSpan(RandomNumberGenerator.GetBytes(32));
        var secret = PaymentSecret.FromSpan(RandomNumberGenerator.GetBytes(32));
        var now = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().ToUnixTimeSeconds());
        var cltv = request.MinFinalCltvExpiry ?? _defaultFinalCltv;
        var builder = new InvoiceBuilder(_network, preimage.Hash, secret, now)
        {
            Amount = request.Amount,
            Description = request.Description,
            Expiry = request.Expiry,
            MinFinalCltvExpiryDelta = cltv,
            Features = InvoiceFeatures,
        };
        foreach (var fallback in request.Fallbacks)
            builder.Fallbacks.Add(fallback);
        // BOLT #11: "One or more entries containing extra routing information for a private route" — one per private
        // channel whose peer can forward to us now, so payers reach us through channels the network does not know.
        if (_privateChannels is { } source)
        {
            foreach (var hint in RouteHintsFor(await source(cancellationToken).ConfigureAwait(false)))
                builder.RouteHints.Add(hint);
        }
        Bolt11Invoice signed;
        try
        {
            signed = builder.Sign(_nodeKey);
        }
        catch (ArgumentException e)
        {
            return new(null, InvoiceCreateError.Invalid, e.Message);
        }
        var invoice = new Invoice(request.Label, signed.Encoded, preimage.Hash, preimage, secret, request.Amount, request.Description,
            now, now + request.Expiry, cltv, null);

        await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.Invoices.GetByLabelAsync(request.Label, cancellationToken).ConfigureAwait(false) is not null)
            return new(null, InvoiceCreateError.DuplicateLabel, $"Duplicate label '{request.Label}'");
        if (await tx.Invoices.GetByPaymentHashAsync(preimage.Hash, cancellationToken).ConfigureAwait(false) is not null)
            return new(null, InvoiceCreateError.DuplicatePreimage, "preimage already used");
        await tx.Invoices.AddAsync(invoice, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new(invoice, InvoiceCreateError.None, "");
    }

    public async Task<IReadOnlyList<Invoice>> ListAsync(CancellationToken cancellationToken)
    {
        await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await tx.Invoices.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Invoice?> GetByLabelAsync(string label, CancellationToken cancellationToken)
    {
        await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await tx.Invoices.GetByLabelAsync(label, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Invoice?> GetByPaymentHashAsync(PaymentHash paymentHash, CancellationToken cancellationToken)
    {
        await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await tx.Invoices.GetByPaymentHashAsync(paymentHash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the invoice <paramref name="label"/> if its current status is <paramref name="expected"/>.</summary>
    public async Task<InvoiceDeleteResult> DeleteAsync(string label, InvoiceStatus expected, CancellationToken cancellationToken)
    {
        Invoice? invoice;
        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            invoice = await tx.Invoices.GetByLabelAsync(label, cancellationToken).ConfigureAwait(false);
            if (invoice is null)
                return new(null, InvoiceDeleteError.NotFound, "Unknown invoice");
            var status = invoice.StatusAt(Now);
            if (status != expected)
                return new(invoice, InvoiceDeleteError.StatusMismatch,
                    $"Invoice status is {Invoice.StatusName(status)} not {Invoice.StatusName(expected)}");
            await tx.Invoices.DeleteAsync(label, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        Signal();
        return new(invoice, InvoiceDeleteError.None, "");
    }

    /// <summary>
    /// Waits until the invoice <paramref name="label"/> is paid (returned), expires (returned, status expired) or is
    /// deleted or missing (null).
    /// </summary>
    public async Task<Invoice?> WaitAsync(string label, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = CurrentSignal();
            var invoice = await GetByLabelAsync(label, cancellationToken).ConfigureAwait(false);
            if (invoice is null)
                return null;
            var now = Now;
            if (invoice.StatusAt(now) != InvoiceStatus.Unpaid)
                return invoice;
            using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expired = Task.Delay(Clamp(invoice.ExpiresAt - now), _clock, expiry.Token);
            await Task.WhenAny(changed, expired).WaitAsync(cancellationToken).ConfigureAwait(false);
            await expiry.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The first invoice paid with a pay_index above <paramref name="lastPayIndex"/>, waiting for one if none is yet;
    /// null when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<Invoice?> WaitAnyAsync(ulong lastPayIndex, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timedOut = timeout is { } t && t <= LongestDelay
            ? Task.Delay(t, _clock, deadline.Token)
            : Task.Delay(Timeout.Infinite, deadline.Token);
        try
        {
            while (true)
            {
                var changed = CurrentSignal();
                Invoice? paid;
                await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
                    paid = await tx.Invoices.FirstPaidAfterAsync(lastPayIndex, cancellationToken).ConfigureAwait(false);
                if (paid is not null)
                    return paid;
                if (await Task.WhenAny(changed, timedOut).WaitAsync(cancellationToken).ConfigureAwait(false) == timedOut)
                    return null;
            }
        }
        finally
        {
            await deadline.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Settlement, step 1: checks an HTLC for which this node is the final hop against the unpaid invoice with its
    /// payment hash. An accepted decision carries the preimage to fulfil with.
    /// </summary>
    public async Task<PaymentDecision> CheckIncomingAsync(IncomingPayment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var invoice = await GetByPaymentHashAsync(payment.PaymentHash, cancellationToken).ConfigureAwait(false);
        return PaymentDecision.Check(invoice, payment, Now);
    }

    /// <summary>
    /// Settlement, step 2: marks the invoice paid exactly once (one store transaction: a second call, concurrent or
    /// later, changes nothing and answers <see cref="MarkPaidOutcome.AlreadyPaid"/>), gives it the next pay_index and
    /// wakes <c>waitinvoice</c>/<c>waitanyinvoice</c>.
    /// </summary>
    public async Task<MarkPaidResult> MarkPaidAsync(PaymentHash paymentHash, MilliSatoshi received, DateTimeOffset paidAt,
        CancellationToken cancellationToken)
    {
        Invoice updated;
        await using (var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            var invoice = await tx.Invoices.GetByPaymentHashAsync(paymentHash, cancellationToken).ConfigureAwait(false);
            if (invoice is null)
                return new(MarkPaidOutcome.NotFound, null);
            if (invoice.Payment is not null)
                return new(MarkPaidOutcome.AlreadyPaid, invoice);
            var next = await tx.Vars.GetAsync(InvoiceVarNames.NextPayIndex, cancellationToken).ConfigureAwait(false);
            var payIndex = next is null ? 1UL : ulong.Parse(next, CultureInfo.InvariantCulture);
            var payment = new InvoicePayment(payIndex, received, DateTimeOffset.FromUnixTimeSeconds(paidAt.ToUnixTimeSeconds()));
            if (!await tx.Invoices.MarkPaidAsync(paymentHash, payment, cancellationToken).ConfigureAwait(false))
                return new(MarkPaidOutcome.AlreadyPaid, invoice);
            await tx.Vars.SetAsync(InvoiceVarNames.NextPayIndex, (payIndex + 1).ToString(CultureInfo.InvariantCulture), cancellationToken)
                .ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            updated = invoice with { Payment = payment };
        }
        Signal();
        return new(MarkPaidOutcome.Paid, updated);
    }

    /// <summary>Timers run at most this long (Task.Delay's limit is about 49 days); a waiter re-checks when one fires.</summary>
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(30);

    private static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestDelay ? LongestDelay : delay;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task CurrentSignal()
    {
        lock (_signalLock)
            return _changed.Task;
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_signalLock)
        {
            fired = _changed;
            _changed = NewSignal();
        }
        fired.TrySetResult();
    }
}
