using Fulgur.Node.Routing;
using Fulgur.Protocol.Types;
using static Fulgur.Node.Tests.Routing.TestGraph;

namespace Fulgur.Node.Tests.Routing;

public sealed class RouteTableTests
{
    private static readonly TimeSpan Penalty = TimeSpan.FromMinutes(10);
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private (TestGraph Graph, RouteTable Table, ShortChannelId ViaB, ShortChannelId ViaC) Setup()
    {
        // 0 -> 2 -> 3 is cheaper than 0 -> 1 -> 3.
        var g = new TestGraph(4);
        g.Channel(0, 1, Policy());
        var viaB = g.Channel(1, 3, Policy(feeBase: 1000, cltv: 10));
        g.Channel(0, 2, Policy());
        var viaC = g.Channel(2, 3, Policy(feeBase: 100, cltv: 10));
        return (g, new RouteTable(g.Graph, () => _now, Penalty), viaB, viaC);
    }

    private static int[] PathNow(TestGraph g, RouteTable table)
    {
        var (graph, exclusions) = table.Snapshot();
        var outcome = RouteFinder.GetRoute(graph, g.Request(0, 3, 1_000_000), exclusions);
        return outcome is RouteOutcome.Found found ? g.Path(found.Route) : [];
    }

    [Fact]
    public void TemporaryChannelFailure_ExcludesThatDirection_ForAWhile()
    {
        var (g, table, _, viaC) = Setup();
        // temporary_channel_failure = UPDATE|7
        var change = table.Apply(new RoutingFailure(g.Nodes[2], viaC, g.DirectionOf(2, 3), 0x1007));
        Assert.Equal(RouteTableChange.ChannelExcludedTemporarily, change);
        Assert.Equal([1, 3], PathNow(g, table));
        _now += Penalty;
        Assert.Equal([2, 3], PathNow(g, table));
    }

    [Fact]
    public void PermanentChannelFailure_RemovesTheChannel()
    {
        var (g, table, _, viaC) = Setup();
        // permanent_channel_failure = PERM|8
        Assert.Equal(RouteTableChange.ChannelRemoved, table.Apply(new RoutingFailure(g.Nodes[2], viaC, g.DirectionOf(2, 3), 0x4008)));
        Assert.False(g.Graph.TryGetEndpoints(viaC, out _, out _));
        _now += Penalty * 100;
        Assert.Equal([1, 3], PathNow(g, table));
    }

    [Fact]
    public void TemporaryNodeFailure_ExcludesTheNode_ForAWhile()
    {
        var (g, table, _, viaC) = Setup();
        // temporary_node_failure = NODE|2
        Assert.Equal(RouteTableChange.NodeExcludedTemporarily, table.Apply(new RoutingFailure(g.Nodes[2], viaC, g.DirectionOf(2, 3), 0x2002)));
        Assert.Equal([1, 3], PathNow(g, table));
        _now += Penalty;
        Assert.Equal([2, 3], PathNow(g, table));
    }

    [Fact]
    public void PermanentNodeFailure_ExcludesTheNode_ForGood()
    {
        var (g, table, _, _) = Setup();
        // permanent_node_failure = PERM|NODE|2
        Assert.Equal(RouteTableChange.NodeExcludedPermanently, table.Apply(new RoutingFailure(g.Nodes[2], null, default, 0x6002)));
        _now += Penalty * 1000;
        Assert.Equal([1, 3], PathNow(g, table));
    }

    [Fact]
    public void FeeInsufficient_WithNewerUpdate_AppliesIt_WithoutExcluding()
    {
        var (g, table, _, viaC) = Setup();
        var dearer = new ChannelDirectionUpdate(viaC, g.DirectionOf(2, 3), 2, Policy(feeBase: 5000, cltv: 10));
        // fee_insufficient = UPDATE|12
        var change = table.Apply(new RoutingFailure(g.Nodes[2], viaC, g.DirectionOf(2, 3), 0x100C, dearer));
        Assert.Equal(RouteTableChange.UpdateApplied, change);
        Assert.Empty(table.CurrentExclusions().Channels);
        Assert.Equal([1, 3], PathNow(g, table));
        // BOLT 4: used for routing, never applied to the gossip graph itself.
        Assert.True(g.Graph.TryGetDirection(viaC, g.DirectionOf(2, 3), out var held));
        Assert.Equal(100, held!.Policy.FeeBase.Value);
        Assert.Equal([2, 3], g.Path(g.Found(g.Request(0, 3, 1_000_000))));
    }

    [Fact]
    public void StaleUpdate_IsNotApplied_AndTheDirectionIsExcluded()
    {
        var (g, table, _, viaC) = Setup();
        var stale = new ChannelDirectionUpdate(viaC, g.DirectionOf(2, 3), 1, Policy(feeBase: 1, cltv: 10));
        var change = table.Apply(new RoutingFailure(g.Nodes[2], viaC, g.DirectionOf(2, 3), 0x100C, stale));
        Assert.Equal(RouteTableChange.ChannelExcludedTemporarily, change);
        Assert.True(g.Graph.TryGetDirection(viaC, g.DirectionOf(2, 3), out var held));
        Assert.Equal(100, held!.Policy.FeeBase.Value);
    }

    [Fact]
    public void ChannelDisabled_WithUpdate_DisablesTheDirection()
    {
        var (g, table, _, viaC) = Setup();
        var disabled = new ChannelDirectionUpdate(viaC, g.DirectionOf(2, 3), 5, Policy(feeBase: 100, cltv: 10, disabled: true));
        // channel_disabled = UPDATE|20
        var change = table.Apply(new RoutingFailure(g.Nodes[2], viaC, g.DirectionOf(2, 3), 0x1014, disabled));
        Assert.True(change.HasFlag(RouteTableChange.UpdateApplied));
        _now += Penalty * 2;
        Assert.Equal([1, 3], PathNow(g, table));
    }

    [Fact]
    public void FinalNodeFailure_ChangesNothing()
    {
        var (g, table, _, viaC) = Setup();
        // incorrect_or_unknown_payment_details = PERM|15
        Assert.Equal(RouteTableChange.None, table.Apply(new RoutingFailure(g.Nodes[3], viaC, g.DirectionOf(2, 3), 0x400F, FromFinalNode: true)));
        Assert.Equal([2, 3], PathNow(g, table));
    }
}
