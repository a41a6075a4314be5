using Fulgur.Node.Routing;
using Fulgur.Protocol.Types;
using static Fulgur.Node.Tests.Routing.TestGraph;

namespace Fulgur.Node.Tests.Routing;

public sealed class RouteFinderTests
{
    [Fact]
    public void FeesAndDelays_AddUpHopByHop()
    {
        // 0 -> 1 -> 2 -> 3. The source's own channel charges nothing; 1 and 2 charge theirs.
        var g = new TestGraph(4);
        var c01 = g.Channel(0, 1, Policy(feeBase: 7, feePpm: 7, cltv: 99));
        var c12 = g.Channel(1, 2, Policy(feeBase: 1000, feePpm: 1000, cltv: 40));
        var c23 = g.Channel(2, 3, Policy(feeBase: 500, feePpm: 2000, cltv: 30));

        var route = g.Found(g.Request(0, 3, 100_000, cltv: 18));

        Assert.Equal([1, 2, 3], g.Path(route));
        Assert.Equal([c01, c12, c23], route.Hops.Select(h => h.Channel));
        Assert.Equal(g.DirectionOf(1, 2), route.Hops[1].Direction);
        // Last hop: the amount and cltv asked for.
        Assert.Equal(100_000, route.Hops[2].Amount.Value);
        Assert.Equal(18u, route.Hops[2].Delay);
        // Node 2 charges 500 + 100,000 × 2000 / 1,000,000 = 700 and adds 30 blocks.
        Assert.Equal(100_700, route.Hops[1].Amount.Value);
        Assert.Equal(48u, route.Hops[1].Delay);
        // Node 1 charges 1000 + 100,700 × 1000 / 1,000,000 = 1100 (100.7 truncated) and adds 40 blocks.
        Assert.Equal(101_800, route.Hops[0].Amount.Value);
        Assert.Equal(88u, route.Hops[0].Delay);
        Assert.Equal(1_800, route.Fee.Value);
    }

    private static (TestGraph Graph, ShortChannelId ViaB, ShortChannelId ViaC) TwoPaths()
    {
        // 0 -> 1 -> 3: fee 1000 msat, 10 blocks.   0 -> 2 -> 3: fee 100 msat, 500 blocks.
        var g = new TestGraph(4);
        g.Channel(0, 1, Policy());
        var viaB = g.Channel(1, 3, Policy(feeBase: 1000, cltv: 10), back: Policy(feeBase: 1, cltv: 1));
        g.Channel(0, 2, Policy());
        var viaC = g.Channel(2, 3, Policy(feeBase: 100, cltv: 500), back: Policy(feeBase: 1, cltv: 1));
        return (g, viaB, viaC);
    }

    [Fact]
    public void RiskFactor_TradesFeeAgainstLockTime()
    {
        var (g, _, _) = TwoPaths();
        // 1e9 msat: via 1 costs 1000 + ~8.75 × rf, via 2 costs 100 + ~101.9 × rf; they cross near rf = 9.7.
        Assert.Equal([2, 3], g.Path(g.Found(g.Request(0, 3, 1_000_000_000, risk: 0))));
        Assert.Equal([2, 3], g.Path(g.Found(g.Request(0, 3, 1_000_000_000, risk: 9))));
        Assert.Equal([1, 3], g.Path(g.Found(g.Request(0, 3, 1_000_000_000, risk: 10))));
        Assert.Equal([1, 3], g.Path(g.Found(g.Request(0, 3, 1_000_000_000, risk: 100))));
    }

    [Fact]
    public void ExcludedChannelDirection_IsAvoided_OtherDirectionIsNot()
    {
        var (g, _, viaC) = TwoPaths();
        var excludeForward = g.Request(0, 3, 1_000_000) with { ExcludedChannels = [(viaC, g.DirectionOf(2, 3))] };
        Assert.Equal([1, 3], g.Path(g.Found(excludeForward)));
        var excludeBack = g.Request(0, 3, 1_000_000) with { ExcludedChannels = [(viaC, g.DirectionOf(3, 2))] };
        Assert.Equal([2, 3], g.Path(g.Found(excludeBack)));
    }

    [Fact]
    public void ExcludedNode_IsAvoided()
    {
        var (g, _, _) = TwoPaths();
        Assert.Equal([1, 3], g.Path(g.Found(g.Request(0, 3, 1_000_000) with { ExcludedNodes = [g.Nodes[2]] })));
        var both = g.Request(0, 3, 1_000_000) with { ExcludedNodes = [g.Nodes[1], g.Nodes[2]] };
        Assert.IsType<RouteOutcome.NoRoute>(g.Find(both));
    }

    [Fact]
    public void MaxHops_BoundsTheRouteLength()
    {
        // Cheap 0 -> 1 -> 2 -> 3 (3 hops) against dear 0 -> 4 -> 3 (2 hops).
        var g = new TestGraph(5);
        g.Channel(0, 1, Policy());
        g.Channel(1, 2, Policy(feeBase: 1));
        g.Channel(2, 3, Policy(feeBase: 1));
        g.Channel(0, 4, Policy());
        g.Channel(4, 3, Policy(feeBase: 50));
        Assert.Equal([1, 2, 3], g.Path(g.Found(g.Request(0, 3, 10_000))));
        Assert.Equal([4, 3], g.Path(g.Found(g.Request(0, 3, 10_000) with { MaxHops = 2 })));
        Assert.IsType<RouteOutcome.NoRoute>(g.Find(g.Request(0, 3, 10_000) with { MaxHops = 1 }));
    }

    [Fact]
    public void MaxHops_FindsTheShortRoute_WhenTheCheapestLabelAtANodeIsTooLong()
    {
        // Node 1 reaches 3 cheaply in three hops (1 -> 4 -> 5 -> 3) or dearly in one (1 -> 3). With maxhops 2 the
        // only route is 0 -> 1 -> 3, which a plain pruned Dijkstra misses (node 1's best label is the long one).
        var g = new TestGraph(6);
        g.Channel(0, 1, Policy());
        g.Channel(1, 3, Policy(feeBase: 900));
        g.Channel(1, 4, Policy(feeBase: 1));
        g.Channel(4, 5, Policy(feeBase: 1));
        g.Channel(5, 3, Policy(feeBase: 1));
        Assert.Equal([1, 4, 5, 3], g.Path(g.Found(g.Request(0, 3, 10_000))));
        var route = g.Found(g.Request(0, 3, 10_000) with { MaxHops = 2 });
        Assert.Equal([1, 3], g.Path(route));
        Assert.Equal(10_900, route.Hops[0].Amount.Value); // node 1 charges 900 for 1 -> 3
    }

    [Fact]
    public void DisabledAndTooSmallChannels_AreAvoided()
    {
        var g = new TestGraph(5);
        g.Channel(0, 1, Policy());
        g.Channel(1, 4, Policy(disabled: true));   // cheapest, but disabled
        g.Channel(0, 2, Policy());
        g.Channel(2, 4, Policy(feeBase: 5), capacitySat: 1_000); // too small for 2,000 sat
        g.Channel(0, 3, Policy());
        g.Channel(3, 4, Policy(feeBase: 10));
        Assert.Equal([3, 4], g.Path(g.Found(g.Request(0, 4, 2_000_000))));
        Assert.Equal([2, 4], g.Path(g.Found(g.Request(0, 4, 1_000_000))));
    }

    [Fact]
    public void HtlcMinimumAndMaximum_AreRespected_OnTheAmountIncludingLaterFees()
    {
        var g = new TestGraph(5);
        g.Channel(0, 1, Policy(min: 50_000));
        g.Channel(1, 4, Policy(feeBase: 1, max: 60_000));
        g.Channel(0, 2, Policy());
        g.Channel(2, 4, Policy(feeBase: 10));
        // 40,000 msat: via 1 the first hop carries 40,001 < 50,000, so via 2.
        Assert.Equal([2, 4], g.Path(g.Found(g.Request(0, 4, 40_000))));
        // 55,000 msat: via 1 fits both limits (55,001 >= 50,000; 55,000 <= 60,000).
        Assert.Equal([1, 4], g.Path(g.Found(g.Request(0, 4, 55_000))));
        // 70,000 msat: above 1 -> 4's maximum.
        Assert.Equal([2, 4], g.Path(g.Found(g.Request(0, 4, 70_000))));
    }

    private static TestGraph Ladder()
    {
        // Ten parallel two-hop paths 0 -> k -> 11 with nearly equal fees.
        var g = new TestGraph(12);
        for (var k = 1; k <= 10; k++)
        {
            g.Channel(0, k, Policy());
            g.Channel(k, 11, Policy(feeBase: 1000 + k, feePpm: (uint)(100 + k), cltv: (ushort)(10 + k)));
        }
        return g;
    }

    [Fact]
    public void FuzzZero_IsDeterministic()
    {
        var g = Ladder();
        var first = g.Path(g.Found(g.Request(0, 11, 5_000_000) with { FuzzSeed = 1 }));
        Assert.Equal([1, 11], first);
        for (ulong seed = 2; seed < 20; seed++)
            Assert.Equal(first, g.Path(g.Found(g.Request(0, 11, 5_000_000) with { FuzzSeed = seed })));
    }

    [Fact]
    public void FuzzPositive_VariesTheChoice_AndAmountsStayExact()
    {
        var g = Ladder();
        var chosen = new HashSet<int>();
        for (ulong seed = 0; seed < 50; seed++)
        {
            var route = g.Found(g.Request(0, 11, 5_000_000, fuzz: 5) with { FuzzSeed = seed });
            var k = g.Path(route)[0];
            chosen.Add(k);
            Assert.Equal(5_000_000, route.Hops[1].Amount.Value);
            Assert.Equal(18u, route.Hops[1].Delay);
            Assert.Equal(5_000_000 + 1000 + k + (5_000_000 * (100 + k) / 1_000_000), route.Hops[0].Amount.Value);
            Assert.Equal((uint)(18 + 10 + k), route.Hops[0].Delay);
        }
        Assert.True(chosen.Count > 1, "fuzz never changed the choice");
    }

    [Fact]
    public void NoRoute_IsADistinctOutcome()
    {
        var g = new TestGraph(4);
        g.Channel(0, 1, Policy());
        g.Channel(2, 3, Policy());
        Assert.IsType<RouteOutcome.NoRoute>(g.Find(g.Request(0, 3, 1_000)));
        // The channel only goes 1 -> 0 way if only 0's direction is known; 1 cannot reach 0.
        Assert.IsType<RouteOutcome.NoRoute>(g.Find(g.Request(1, 0, 1_000)));
        // Unknown node, zero amount, same node.
        var stranger = new TestGraph(9).Nodes[8];
        Assert.IsType<RouteOutcome.NoRoute>(g.Find(g.Request(0, 1, 1_000) with { Destination = stranger }));
        Assert.IsType<RouteOutcome.NoRoute>(g.Find(g.Request(0, 1, 0)));
        Assert.IsType<RouteOutcome.NoRoute>(g.Find(g.Request(0, 0, 1_000)));
    }

    [Fact]
    public void FromId_RoutesFromAnotherNode()
    {
        var g = new TestGraph(4);
        g.Channel(0, 1, Policy());
        g.Channel(1, 2, Policy(feeBase: 3, cltv: 6));
        g.Channel(2, 3, Policy(feeBase: 5, cltv: 9));
        var route = g.Found(g.Request(1, 3, 1_000));
        Assert.Equal([2, 3], g.Path(route));
        Assert.Equal(1_005, route.Hops[0].Amount.Value);
        Assert.Equal(27u, route.Hops[0].Delay);
    }

    [Fact]
    public void RemovedChannel_DisappearsFromTheNextSnapshot_OldSnapshotUnchanged()
    {
        var (g, _, viaC) = TwoPaths();
        var before = g.Graph.Snapshot();
        Assert.True(g.Graph.RemoveChannel(viaC));
        Assert.Equal([1, 3], g.Path(g.Found(g.Request(0, 3, 1_000_000))));
        var old = Assert.IsType<RouteOutcome.Found>(RouteFinder.GetRoute(before, g.Request(0, 3, 1_000_000)));
        Assert.Equal([2, 3], g.Path(old.Route));
    }
}
