using Fulgur.Crypto;
using Fulgur.Node.Routing;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Routing;

/// <summary>A small hand-made graph: nodes by number, channels with a policy per direction.</summary>
internal sealed class TestGraph
{
    private uint _nextChannel = 1;

    public TestGraph(int nodes)
    {
        Nodes = new NodeId[nodes];
        for (var i = 0; i < nodes; i++)
        {
            var secret = new byte[32];
            secret[31] = (byte)(i + 1);
            secret[0] = 0x11;
            using var key = PrivateKey.Create(secret);
            Nodes[i] = new NodeId(key.PublicKey);
        }
    }

    public RouteGraph Graph { get; } = new();

    public NodeId[] Nodes { get; }

    public static ChannelPolicy Policy(long feeBase = 0, uint feePpm = 0, ushort cltv = 0, long min = 0,
        long max = long.MaxValue / 4, bool disabled = false) =>
        new(disabled, new MilliSatoshi(min), new MilliSatoshi(max), new MilliSatoshi(feeBase), feePpm, cltv);

    /// <summary>A channel from node a to node b with the policy node a charges (and optionally b's way back).</summary>
    public ShortChannelId Channel(int a, int b, ChannelPolicy forward, ChannelPolicy? back = null, long capacitySat = 10_000_000)
    {
        var scid = ShortChannelId.Create(100, _nextChannel++, 0);
        Graph.AddChannel(scid, Nodes[a], Nodes[b], MilliSatoshi.FromSatoshi(capacitySat));
        Graph.UpdateDirection(new ChannelDirectionUpdate(scid, DirectionOf(a, b), 1, forward));
        if (back is { } backPolicy)
            Graph.UpdateDirection(new ChannelDirectionUpdate(scid, DirectionOf(b, a), 1, backPolicy));
        return scid;
    }

    public ChannelDirection DirectionOf(int from, int to) =>
        Nodes[from] < Nodes[to] ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2;

    public RouteRequest Request(int from, int to, long amountMsat, double risk = 0, uint cltv = 18, double fuzz = 0) =>
        new(Nodes[from], Nodes[to], new MilliSatoshi(amountMsat), risk, cltv, fuzz);

    public RouteOutcome Find(RouteRequest request) => RouteFinder.GetRoute(Graph.Snapshot(), request);

    public Route Found(RouteRequest request)
    {
        var outcome = Find(request);
        var found = Assert.IsType<RouteOutcome.Found>(outcome);
        return found.Route;
    }

    /// <summary>The node numbers a route passes through after the source.</summary>
    public int[] Path(Route route) => [.. route.Hops.Select(h => Array.IndexOf(Nodes, h.Id))];
}
