using Fulgur.Crypto;
using Fulgur.Node.Routing;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Routing;

public sealed class InvoiceRouteHintsTests
{
    private static NodeId Key(byte b)
    {
        var secret = new byte[32];
        secret[31] = b;
        using var key = PrivateKey.Create(secret);
        return NodeId.TryCreate(key.PublicKey.Compressed, out var id) ? id : throw new InvalidOperationException();
    }

    private static readonly NodeId Payer = Key(1), Entry = Key(2), Middle = Key(3), Payee = Key(4);

    // Entry → Middle over 1x1x1 (1000 msat + 100 ppm, delta 20), Middle → Payee over 2x2x2 (10 msat + 1000 ppm, delta 30).
    private static readonly RouteHint Hint = new([
        new RouteHintHop(Entry, ShortChannelId.Parse("1x1x1"), new MilliSatoshi(1000), 100, new CltvExpiryDelta(20)),
        new RouteHintHop(Middle, ShortChannelId.Parse("2x2x2"), new MilliSatoshi(10), 1000, new CltvExpiryDelta(30)),
    ]);

    [Fact]
    public void Hint_hops_are_priced_backwards_from_the_payee()
    {
        var route = InvoiceRouteHints.Join(null, Hint, Payee, new MilliSatoshi(1_000_000), 18);

        Assert.Equal([Middle, Payee], route.Hops.Select(h => h.Id));
        // The last hop carries the amount and the final delay; Middle's fee (10 + 1000 ppm of 1,000,000) and delta are
        // added to the hop that reaches it. Entry is us here, so its fee is not paid.
        Assert.Equal((1_000_000L, 18u), (route.Hops[1].Amount.Value, route.Hops[1].Delay));
        Assert.Equal((1_001_010L, 48u), (route.Hops[0].Amount.Value, route.Hops[0].Delay));
        Assert.Equal(ShortChannelId.Parse("1x1x1"), route.Hops[0].Channel);
        Assert.Equal(Entry < Middle ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2, route.Hops[0].Direction);
        Assert.Equal(Middle < Payee ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2, route.Hops[1].Direction);
    }

    [Fact]
    public void Entry_requirement_adds_the_entry_nodes_fee_and_delta_and_joins_a_public_route()
    {
        var (amount, delay) = InvoiceRouteHints.EntryRequirement(Hint, new MilliSatoshi(1_000_000), 18);

        // 1,001,010 forwarded by Entry at 1000 msat + 100 ppm (100 msat, rounded down) = 1,002,110; delay 48 + 20.
        Assert.Equal((1_002_110L, 68u), (amount.Value, delay));
        var toEntry = new Route([new RouteHop(Entry, ShortChannelId.Parse("9x9x9"), ChannelDirection.FromNode1, amount, delay)]);
        var joined = InvoiceRouteHints.Join(toEntry, Hint, Payee, new MilliSatoshi(1_000_000), 18);
        Assert.Equal([Entry, Middle, Payee], joined.Hops.Select(h => h.Id));
        Assert.Equal(1_002_110 - 1_000_000, joined.Fee.Value);
        Assert.NotEqual(Payer, joined.Hops[0].Id);
    }
}
