using System.Security.Cryptography;
using Fulgur.Node.Routing;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Payments;

/// <summary>What <c>pay</c> was asked, after its parameters were checked (amount already settled against the invoice).</summary>
public sealed record PayRequest(
    Bolt11Invoice Invoice,
    string Bolt11,
    MilliSatoshi Amount,
    double RiskFactor,
    double MaxFeePercent,
    MilliSatoshi ExemptFee,
    TimeSpan RetryFor)
{
    public IReadOnlyCollection<(ShortChannelId Channel, ChannelDirection Direction)> ExcludedChannels { get; init; } = [];

    public IReadOnlyCollection<NodeId> ExcludedNodes { get; init; } = [];
}

/// <summary>
/// <c>pay</c>'s outcome: the completed payment, or the error code (interfaces.md "pay": 200/201/203/205/206/207/210 or a
/// sendpay code) with its message; <see cref="Attempts"/> holds every sendpay attempt this call made.
/// </summary>
public sealed record PayResult(int ErrorCode, string Message, StoredPayment? Payment, IReadOnlyList<SendPayResult> Attempts)
{
    public bool Succeeded => ErrorCode == 0;

    /// <summary>The <c>attempts</c> pay reports: this call's, or for an invoice already paid, the attempts that paid it.</summary>
    public int AttemptCount { get; init; } = Attempts.Count;
}

/// <summary>pay's error codes beyond sendpay's (Core Lightning's numbers).</summary>
public static class PayOnlyErrorCodes
{
    public const int RouteNotFound = 205;
    public const int RouteTooExpensive = 206;
    public const int InvoiceExpired = 207;
    public const int StoppedRetrying = 210;
}

/// <summary>
/// <c>pay</c>: getroute → sendpay until the payment completes, the destination refuses it for good, no route is left, the
/// fee limit or the invoice's expiry is reached, or <c>retry_for</c> runs out. sendpay updates the route table after a
/// failure along the route; failures at our own first hop (which sendpay leaves out of the table) and channels that
/// already failed this payment are excluded for the rest of the call, so each attempt tries something new.
/// </summary>
public sealed class InvoicePayer(PaymentService payments, RouteTable routes, NodeId self, TimeProvider clock)
{
    private const ushort FinalIncorrectCltvExpiry = 18;
    private const ushort FinalIncorrectHtlcAmount = 19;
    private static readonly TimeSpan FinalNodeRetryPause = TimeSpan.FromSeconds(1);

    public async Task<PayResult> PayAsync(PayRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var invoice = request.Invoice;
        // interfaces.md: "Paying a paid invoice again succeeds at once without sending."
        var earlier = await payments.ListAsync(invoice.PaymentHash, null, null, cancellationToken).ConfigureAwait(false);
        if (earlier.FirstOrDefault(p => p.Status == PaymentStatus.Complete && p.Destination == invoice.Payee) is { } paid)
            return new PayResult(0, "", paid, []) { AttemptCount = earlier.Count };
        if (invoice.IsExpiredAt(clock.GetUtcNow()))
            return new PayResult(PayOnlyErrorCodes.InvoiceExpired, "Invoice expired", null, []);

        var deadline = clock.GetUtcNow() + request.RetryFor;
        var attempts = new List<SendPayResult>();
        var excludedChannels = new HashSet<(ShortChannelId, ChannelDirection)>(request.ExcludedChannels);
        var excludedNodes = new HashSet<NodeId>(request.ExcludedNodes);
        var feeLimit = new MilliSatoshi(Math.Max(request.ExemptFee.Value, (long)(request.Amount.Value * request.MaxFeePercent / 100)));
        while (true)
        {
            var now = clock.GetUtcNow();
            if (invoice.IsExpiredAt(now))
                return Failed(PayOnlyErrorCodes.InvoiceExpired, "Invoice expired", attempts);
            if (attempts.Count > 0 && now >= deadline)
            {
                return Failed(PayOnlyErrorCodes.StoppedRetrying,
                    $"Ran out of routes to try after {attempts.Count} attempts (retry_for {request.RetryFor.TotalSeconds:0} s): {attempts[^1].ErrorMessage}",
                    attempts);
            }
            var route = FindRoute(request, excludedChannels, excludedNodes, out var why);
            if (route is null)
            {
                return Failed(PayOnlyErrorCodes.RouteNotFound, attempts.Count == 0 ? $"Could not find a route: {why}"
                    : $"Could not find a route after {attempts.Count} attempts: {why}; last failure: {attempts[^1].ErrorMessage}", attempts);
            }
            if (route.Fee > feeLimit)
            {
                return Failed(PayOnlyErrorCodes.RouteTooExpensive,
                    $"Route wanted fee of {route.Fee.Value}msat, more than the limit of {feeLimit.Value}msat (maxfeepercent {request.MaxFeePercent}%)",
                    attempts);
            }
            var hops = route.Hops.Select(h => new PaymentHop(h.Id, h.Channel, h.Amount, h.Delay)).ToList();
            var result = await payments.SendPayAsync(new SendPayRequest(hops, invoice.PaymentHash, invoice.PaymentSecret, null, request.Bolt11),
                cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
                return new PayResult(0, "", result.Payment, [.. attempts, result]);
            attempts.Add(result);
            if (result.ErrorCode is not (PayErrorCodes.TryOtherRoute or PayErrorCodes.UnparseableOnion))
                return Failed(result.ErrorCode, result.ErrorMessage, attempts);
            // Whatever failed is not tried again by this payment: the channel the erring node could not use, or (for a
            // reply we could not read) the first channel, so the next route differs.
            var index = result.Failure is { } f && f.Code == PayErrorCodes.TryOtherRoute ? f.ErringIndex : 0;
            if (index < route.Hops.Count)
            {
                excludedChannels.Add((route.Hops[index].Channel, route.Hops[index].Direction));
            }
            else if (result.Failure!.FailCode is FinalIncorrectCltvExpiry or FinalIncorrectHtlcAmount && route.Hops.Count > 1)
            {
                // BOLT #4: "A penultimate hop sending an amount or an expiry that is too low for the htlc is handled through" these codes.
                excludedNodes.Add(route.Hops[^2].Id);
            }
            else
            {
                // BOLT #4: a non-PERM error from the final node "could resolve within a few seconds": the same route may do.
                await Task.Delay(FinalNodeRetryPause, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static PayResult Failed(int code, string message, List<SendPayResult> attempts) => new(code, message, null, attempts);

    /// <summary>The cheapest route to the payee, else through the cheapest usable route hint (BOLT 11 <c>r</c>).</summary>
    private Route? FindRoute(PayRequest request, HashSet<(ShortChannelId, ChannelDirection)> channels, HashSet<NodeId> nodes, out string why)
    {
        var invoice = request.Invoice;
        var finalCltv = invoice.MinFinalCltvExpiryDelta.Value;
        var best = Search(invoice.Payee, request.Amount, finalCltv, request, channels, nodes, out why);
        foreach (var hint in invoice.RouteHints)
        {
            if (hint.Hops.Count == 0 || hint.Hops.Any(h => nodes.Contains(h.NodeId) || channels.Any(c => c.Item1 == h.ShortChannelId)))
                continue;
            Route? candidate;
            if (hint.Hops[0].NodeId == self)
                candidate = InvoiceRouteHints.Join(null, hint, invoice.Payee, request.Amount, finalCltv);
            else
            {
                var (amount, delay) = InvoiceRouteHints.EntryRequirement(hint, request.Amount, finalCltv);
                var toEntry = Search(hint.Hops[0].NodeId, amount, delay, request, channels, nodes, out _);
                candidate = toEntry is null ? null : InvoiceRouteHints.Join(toEntry, hint, invoice.Payee, request.Amount, finalCltv);
            }
            if (candidate is not null && (best is null || candidate.Fee < best.Fee))
                best = candidate;
        }
        return best;
    }

    private Route? Search(NodeId destination, MilliSatoshi amount, uint finalCltv, PayRequest request,
        HashSet<(ShortChannelId, ChannelDirection)> channels, HashSet<NodeId> nodes, out string why)
    {
        why = "";
        GraphSnapshot graph;
        RouteExclusions standing;
        lock (routes)
            (graph, standing) = routes.Snapshot();
        // Core Lightning's pay fuzzes fees by 5% so that repeated payments do not always take the same path.
        var routeRequest = new RouteRequest(self, destination, amount, request.RiskFactor, finalCltv, 5,
            BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)))
        {
            ExcludedChannels = channels,
            ExcludedNodes = nodes,
        };
        switch (RouteFinder.GetRoute(graph, routeRequest, standing))
        {
            case RouteOutcome.Found found:
                return found.Route;
            case RouteOutcome.NoRoute none:
                why = none.Reason;
                return null;
            default:
                throw new InvalidOperationException("unexpected route outcome");
        }
    }
}
