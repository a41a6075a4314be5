using Fulgur.Node.Gossip;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>Relay scheduling: filters, no echo to the origin, one message per key per flush, order, per-peer limits.</summary>
public sealed class GossipRelayTests
{
    private static readonly ShortChannelId Scid = ShortChannelId.Create(103, 1, 0);
    private static readonly TimestampFilter All = new(GossipTimestamp.Zero, uint.MaxValue);

    private readonly GossipFactory _f = new();
    private readonly NodeId _a;
    private readonly NodeId _b;
    private readonly NodeId _peer1;
    private readonly NodeId _peer2;

    public GossipRelayTests()
    {
        (_a, _b, _peer1, _peer2) = (_f.NewNode(), _f.NewNode(), _f.NewNode(), _f.NewNode());
    }

    [Fact]
    public void A_flush_sends_each_peer_what_it_did_not_send_us_in_announcement_update_node_order()
    {
        var relay = new GossipRelay();
        var node = _f.Node(_a, 100);
        var update = _f.Update(Scid, _a, _b, 100);
        var announcement = _f.Announce(Scid, _a, _b);
        relay.Enqueue(new PendingGossip(node, _peer1, node.Timestamp));
        relay.Enqueue(new PendingGossip(update, _peer1, update.Timestamp));
        relay.Enqueue(new PendingGossip(announcement, _peer1, update.Timestamp));
        var batch = relay.Flush(new Dictionary<NodeId, TimestampFilter> { [_peer1] = All, [_peer2] = All }, 100);
        Assert.False(batch.ContainsKey(_peer1));
        Assert.Equal<IWireMessage>([announcement, update, node], batch[_peer2]);
        Assert.Empty(relay.Flush(new Dictionary<NodeId, TimestampFilter> { [_peer2] = All }, 100));
    }

    [Fact]
    public void A_newer_update_replaces_the_waiting_one_so_one_per_direction_goes_out_per_flush()
    {
        var relay = new GossipRelay();
        for (uint t = 100; t < 110; t++)
            relay.Enqueue(new PendingGossip(_f.Update(Scid, _a, _b, t), _peer1, new GossipTimestamp(t)));
        relay.Enqueue(new PendingGossip(_f.Update(Scid, _b, _a, 100), _peer1, new GossipTimestamp(100)));
        Assert.Equal(2, relay.Count);
        var sent = relay.Flush(new Dictionary<NodeId, TimestampFilter> { [_peer2] = All }, 100)[_peer2];
        Assert.Equal(2, sent.Count);
        Assert.Contains(sent, m => m is ChannelUpdateMessage u && u.Timestamp.Value == 109);
    }

    [Fact]
    public void Filters_select_relayed_gossip_but_our_own_goes_to_everyone()
    {
        var relay = new GossipRelay();
        var old = _f.Update(Scid, _a, _b, 100);
        var own = _f.Node(_b, 50);
        relay.Enqueue(new PendingGossip(old, _peer1, old.Timestamp));
        relay.Enqueue(new PendingGossip(own, null, own.Timestamp));
        var batch = relay.Flush(new Dictionary<NodeId, TimestampFilter>
        {
            [_peer1] = TimestampFilter.None,
            [_peer2] = new(new GossipTimestamp(200), 1000),
        }, 100);
        Assert.Equal<IWireMessage>([own], batch[_peer1]);
        Assert.Equal<IWireMessage>([own], batch[_peer2]);
        Assert.True(new TimestampFilter(new GossipTimestamp(200), 1000).Admits(new GossipTimestamp(1199)));
        Assert.False(new TimestampFilter(new GossipTimestamp(200), 1000).Admits(new GossipTimestamp(1200)));
        Assert.False(TimestampFilter.None.Admits(new GossipTimestamp(uint.MaxValue)));
    }

    [Fact]
    public void A_peer_gets_at_most_the_limit_per_flush_and_the_rest_on_the_next()
    {
        var relay = new GossipRelay();
        for (uint i = 0; i < 5; i++)
        {
            var scid = ShortChannelId.Create(103 + i, 1, 0);
            relay.Enqueue(new PendingGossip(_f.Update(scid, _a, _b, 100), _peer1, new GossipTimestamp(100)));
        }
        var peers = new Dictionary<NodeId, TimestampFilter> { [_peer2] = All };
        Assert.Equal(2, relay.Flush(peers, 2)[_peer2].Count);
        Assert.True(relay.HasBacklog);
        Assert.Equal(2, relay.Flush(peers, 2)[_peer2].Count);
        Assert.Single(relay.Flush(peers, 2)[_peer2]);
        Assert.False(relay.HasBacklog);
        // A peer that left loses its backlog.
        relay.Enqueue(new PendingGossip(_f.Update(Scid, _a, _b, 101), _peer1, new GossipTimestamp(101)));
        relay.Enqueue(new PendingGossip(_f.Update(ShortChannelId.Create(200, 1, 0), _a, _b, 101), _peer1, new GossipTimestamp(101)));
        relay.Flush(peers, 1);
        Assert.True(relay.HasBacklog);
        relay.Flush(new Dictionary<NodeId, TimestampFilter>(), 1);
        Assert.False(relay.HasBacklog);
    }
}
