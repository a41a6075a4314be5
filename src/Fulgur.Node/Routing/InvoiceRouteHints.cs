using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>
/// Routes through an invoice's <c>r</c> field (BOLT #11), for payees behind private channels: the hint's hops are
/// priced backwards from the payee, the public graph is searched only up to the hint's entry node, and the two are
/// joined. Pure: <c>pay</c> supplies the route to the entry node.
/// </summary>
public static class InvoiceRouteHints
{
    /// <summary>What must reach the hint's first node (its own forwarding fee included) and the delay it must carry.</summary>
    public static (MilliSatoshi Amount, uint Delay) EntryRequirement(RouteHint hint, MilliSatoshi amount, uint finalCltv)
    {
        ArgumentNullException.ThrowIfNull(hint);
        var (amounts, delays) = Price(hint, amount, finalCltv);
        var first = hint.Hops[0];
        return (amounts[0] + new MilliSatoshi(ChannelPolicy.FeeMsat(first.FeeBase.Value, first.FeeProportionalMillionths, amounts[0].Value)),
            delays[0] + first.CltvExpiryDelta.Value);
    }

    /// <summary>
    /// The full route: <paramref name="toEntry"/> (ending at the hint's first node), or nothing when we are that
    /// node, followed by one hop per hint channel ending at <paramref name="payee"/>.
    /// </summary>
    public static Route Join(Route? toEntry, RouteHint hint, NodeId payee, MilliSatoshi amount, uint finalCltv)
    {
        ArgumentNullException.ThrowIfNull(hint);
        ArgumentNullException.ThrowIfNull(payee);
        var (amounts, delays) = Price(hint, amount, finalCltv);
        var hops = new List<RouteHop>(toEntry?.Hops ?? []);
        for (var i = 0; i < hint.Hops.Count; i++)
        {
            var from = hint.Hops[i].NodeId;
            var to = i + 1 < hint.Hops.Count ? hint.Hops[i + 1].NodeId : payee;
            // BOLT #7: direction 0 when the channel is used from node_1, the node with the lesser id.
            var direction = from < to ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2;
            hops.Add(new RouteHop(to, hint.Hops[i].ShortChannelId, direction, amounts[i], delays[i]));
        }
        return new Route(hops);
    }

    // amounts[i]/delays[i]: what the HTLC over hint channel i carries. Hint node i forwards amounts[i] over its
    // channel and charges its fee on it; what reaches it is therefore amounts[i] plus that fee.
    private static (MilliSatoshi[] Amounts, uint[] Delays) Price(RouteHint hint, MilliSatoshi amount, uint finalCltv)
    {
        var count = hint.Hops.Count;
        var amounts = new MilliSatoshi[count];
        var delays = new uint[count];
        amounts[count - 1] = amount;
        delays[count - 1] = finalCltv;
        for (var i = count - 1; i > 0; i--)
        {
            var hop = hint.Hops[i];
            amounts[i - 1] = amounts[i] + new MilliSatoshi(ChannelPolicy.FeeMsat(hop.FeeBase.Value, hop.FeeProportionalMillionths, amounts[i].Value));
            delays[i - 1] = delays[i] + hop.CltvExpiryDelta.Value;
        }
        return (amounts, delays);
    }
}
