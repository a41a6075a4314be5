using Fulgur.Node.Gossip;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>The initial sync's state: which channels to ask for, one query at a time, in chunks, until complete.</summary>
public sealed class GossipSyncTests
{
    private static readonly ChainHash Chain = GossipFactory.Chain;

    private static ChannelRangeEntry Entry(uint block, uint t1, uint t2) =>
        new(ShortChannelId.Create(block, 1, 0), new ChannelUpdateTimestamps(new GossipTimestamp(t1), new GossipTimestamp(t2)), default);

    [Fact]
    public void The_sync_asks_for_unknown_and_newer_channels_only_and_completes()
    {
        var sync = GossipSync.Start(Chain);
        Assert.Equal(QueryOptions.WantTimestamps, sync.RangeQuery.QueryOption);
        var ours = new Dictionary<ShortChannelId, ChannelUpdateTimestamps>
        {
            [ShortChannelId.Create(101, 1, 0)] = new(new GossipTimestamp(50), new GossipTimestamp(50)),
            [ShortChannelId.Create(102, 1, 0)] = new(new GossipTimestamp(50), new GossipTimestamp(50)),
        };
        var replies = ChannelRangeReplies.Build(sync.RangeQuery, [Entry(101, 50, 50), Entry(102, 50, 60), Entry(103, 10, 10)], maxPerReply: 2);
        Assert.Equal(2, replies.Count);
        Assert.True(sync.TryApply(replies[0], s => ours.TryGetValue(s, out var t) ? t : null, out _));
        Assert.False(sync.IsComplete);
        var first = sync.NextQuery();
        Assert.NotNull(first);
        Assert.Null(sync.NextQuery());
        Assert.True(first.ShortChannelIds.TryDecode(out var ids, out _));
        Assert.Equal([ShortChannelId.Create(102, 1, 0)], ids);
        Assert.True(sync.TryApply(replies[1], s => ours.TryGetValue(s, out var t) ? t : null, out _));
        Assert.True(sync.TryEnd(new ReplyShortChannelIdsEndMessage(Chain, true)));
        var second = sync.NextQuery();
        Assert.NotNull(second);
        Assert.True(second.ShortChannelIds.TryDecode(out ids, out _));
        Assert.Equal([ShortChannelId.Create(103, 1, 0)], ids);
        Assert.False(sync.IsComplete);
        Assert.True(sync.TryEnd(new ReplyShortChannelIdsEndMessage(Chain, true)));
        Assert.True(sync.IsComplete);
        Assert.False(sync.TryEnd(new ReplyShortChannelIdsEndMessage(Chain, true)));
    }

    [Fact]
    public void Many_wanted_channels_go_in_chunks()
    {
        var sync = GossipSync.Start(Chain);
        var entries = Enumerable.Range(1, GossipSync.ChunkSize + 5).Select(i => Entry((uint)i, 1, 1)).ToList();
        foreach (var reply in ChannelRangeReplies.Build(sync.RangeQuery, entries))
            Assert.True(sync.TryApply(reply, _ => null, out _));
        Assert.True(sync.NextQuery()!.ShortChannelIds.TryDecode(out var ids, out _));
        Assert.Equal(GossipSync.ChunkSize, ids.Count);
        Assert.True(sync.TryEnd(new ReplyShortChannelIdsEndMessage(Chain, true)));
        Assert.True(sync.NextQuery()!.ShortChannelIds.TryDecode(out ids, out _));
        Assert.Equal(5, ids.Count);
    }

    [Fact]
    public void A_reply_for_another_chain_or_out_of_range_is_an_error()
    {
        var sync = GossipSync.Start(Chain);
        var reply = ChannelRangeReplies.Build(sync.RangeQuery, [Entry(5, 1, 1)])[0];
        Assert.False(sync.TryApply(reply with { ChainHash = ChainHash.Bitcoin }, _ => null, out var error));
        Assert.NotEmpty(error);
        Assert.False(sync.TryApply(reply with { FirstBlocknum = new BlockHeight(10) }, _ => null, out _));
        Assert.True(sync.TryApply(reply, _ => null, out _));
        // A reply after the final one.
        Assert.False(sync.TryApply(reply, _ => null, out _));
        Assert.False(sync.TryEnd(new ReplyShortChannelIdsEndMessage(Chain, true)));
    }
}
