using CsCheck;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Gossip;

/// <summary>Answering query_channel_range, and checking the answers to ours.</summary>
public sealed class ChannelRangeRepliesTests
{
    private static ChannelRangeEntry Entry(uint block, uint tx = 1) =>
        new(ShortChannelId.Create(block, tx, 0), new ChannelUpdateTimestamps(new GossipTimestamp(block), new GossipTimestamp(tx)),
            new ChannelUpdateChecksums(block * 3, tx * 5));

    private static QueryChannelRangeMessage Query(uint first, uint count, QueryOptions? option = null) =>
        new(ChainHash.Regtest, new BlockHeight(first), count, option);

    [Fact]
    public void No_channels_is_one_complete_empty_reply_covering_the_query()
    {
        var reply = Assert.Single(ChannelRangeReplies.Build(Query(100, 50), [Entry(99), Entry(150)]));
        Assert.Equal(100u, reply.FirstBlocknum.Value);
        Assert.Equal(50u, reply.NumberOfBlocks);
        Assert.True(reply.IsSyncComplete);
        Assert.Equal("00", reply.ShortChannelIds.Raw.ToHex());
        Assert.Null(reply.Timestamps);
        Assert.Null(reply.Checksums);
    }

    [Fact]
    public void Channels_are_split_sorted_and_cover_the_query()
    {
        var query = Query(100, 50, QueryOptions.WantTimestamps | QueryOptions.WantChecksums);
        var entries = new[] { Entry(140), Entry(101), Entry(101, 2), Entry(120), Entry(149), Entry(150), Entry(99) };
        var replies = ChannelRangeReplies.Build(query, entries, maxPerReply: 2);
        Assert.Equal(3, replies.Count);
        Assert.Equal([false, false, true], replies.Select(r => r.IsSyncComplete));
        Assert.Equal([100u, 120u, 149u], replies.Select(r => r.FirstBlocknum.Value));
        Assert.Equal(150UL, replies[^1].EndBlock);
        var decoded = replies.SelectMany(r =>
        {
            Assert.True(ChannelRangeReplies.TryDecode(r, out var e, out var error), error.ToString());
            return e;
        }).ToList();
        Assert.Equal(entries.Where(e => e.ShortChannelId.BlockHeight is >= 100 and < 150).OrderBy(e => e.ShortChannelId), decoded);

        var progress = new ChannelRangeQueryProgress(query);
        foreach (var reply in replies)
        {
            Assert.False(progress.IsComplete);
            Assert.True(progress.TryApply(reply, out progress, out var error), error.ToString());
        }
        Assert.True(progress.IsComplete);
    }

    [Fact]
    public void Replies_without_options_carry_no_timestamps_or_checksums()
    {
        var reply = Assert.Single(ChannelRangeReplies.Build(Query(0, 1000), [Entry(5), Entry(6)]));
        Assert.Null(reply.Timestamps);
        Assert.Null(reply.Checksums);
        Assert.True(ChannelRangeReplies.TryDecode(reply, out var entries, out _));
        Assert.All(entries, e => Assert.Equal(default, e.Timestamps));
    }

    [Fact]
    public void Every_reply_fits_a_message()
    {
        var entries = Enumerable.Range(0, 6000).Select(i => Entry(1000 + (uint)i / 3, (uint)i % 3 + 1)).ToList();
        var replies = ChannelRangeReplies.Build(Query(1000, 2000, QueryOptions.WantTimestamps | QueryOptions.WantChecksums), entries);
        Assert.True(replies.Count >= 3);
        Assert.All(replies, r => Assert.True(MessageRegistry.Encode(r).Length <= ushort.MaxValue));
        Assert.Equal(6000, replies.Sum(r => ChannelRangeReplies.TryDecode(r, out var e, out _) ? e.Count : 0));
    }

    [Fact]
    public void Built_replies_always_satisfy_the_requester_checks()
    {
        Gen.Select(Gen.UInt[0, 1000], Gen.UInt[1, 500], Gen.UInt[0, 1600].Array[0, 40], Gen.Int[1, 5]).Sample((first, count, blocks, max) =>
        {
            var query = Query(first, count, QueryOptions.WantTimestamps);
            var progress = new ChannelRangeQueryProgress(query);
            foreach (var reply in ChannelRangeReplies.Build(query, blocks.Select(b => Entry(b)), max))
                Assert.True(progress.TryApply(reply, out progress, out var error), error.ToString());
            Assert.True(progress.IsComplete);
        });
    }

    [Fact]
    public void Requester_refuses_replies_that_break_the_rules()
    {
        var query = Query(100, 50);
        var start = new ChannelRangeQueryProgress(query);
        ReplyChannelRangeMessage Reply(uint first, uint count, ChainHash? chain = null) =>
            new(chain ?? ChainHash.Regtest, new BlockHeight(first), count, true, []);

        Assert.False(start.TryApply(Reply(100, 50, ChainHash.Bitcoin), out _, out var chain));
        Assert.Equal(GossipQueryErrorKind.ChainMismatch, chain.Kind);
        // The first reply must start at or before the query and reach into it.
        Assert.False(start.TryApply(Reply(101, 49), out _, out var late));
        Assert.Equal(GossipQueryErrorKind.ReplyOutOfRange, late.Kind);
        Assert.False(start.TryApply(Reply(50, 50), out _, out _));
        Assert.True(start.TryApply(Reply(50, 51), out var afterFirst, out _));
        Assert.False(afterFirst.IsComplete);
        // Successive replies may not go backwards; the final one reaches the end of the query.
        Assert.False(afterFirst.TryApply(Reply(49, 200), out _, out _));
        Assert.True(afterFirst.TryApply(Reply(50, 100), out var done, out _));
        Assert.True(done.IsComplete);
        Assert.False(done.TryApply(Reply(150, 1), out _, out var extra));
        Assert.Equal(GossipQueryErrorKind.ReplyOutOfRange, extra.Kind);
    }

    [Fact]
    public void Decoding_a_reply_checks_array_lengths()
    {
        var ids = EncodedShortChannelIds.Encode(new ShortChannelId(1), new ShortChannelId(2));
        var reply = new ReplyChannelRangeMessage(ChainHash.Regtest, new BlockHeight(0), 10, 1, ids,
            EncodedTimestamps.Encode(new ChannelUpdateTimestamps(new GossipTimestamp(1), new GossipTimestamp(2))), null,
                Fulgur.Protocol.Wire.Tlv.TlvStream.Empty);
        Assert.False(ChannelRangeReplies.TryDecode(reply, out _, out var error));
        Assert.Equal(GossipQueryErrorKind.CountMismatch, error.Kind);
        var badChecksums = reply with { Timestamps = null, Checksums = [new ChannelUpdateChecksums(1, 2)] };
        Assert.False(ChannelRangeReplies.TryDecode(badChecksums, out _, out var checksumError));
        Assert.Equal(GossipQueryErrorKind.CountMismatch, checksumError.Kind);
        Assert.Throws<ArgumentException>(() => new ReplyChannelRangeMessage(ChainHash.Regtest, new BlockHeight(0), 1, true,
            [new ShortChannelId(1)],
            [], null));
    }
}
